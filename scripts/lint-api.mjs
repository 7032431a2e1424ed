// `npm run lint:api`: writes the OpenAPI document (built offline from the application module, no
// database or server needed) to a temporary file and lints it with Redocly (recommended rules,
// redocly.yaml) and Spectral (spectral:oas, .spectral.yaml). Fails on any error or warning.
// `--out <file>` keeps the document.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

buildIfStale();
const { buildOpenApiDocumentOffline } = await import('../dist/src/api/openapi/offline.js');
const document = await buildOpenApiDocumentOffline();
const outIndex = process.argv.indexOf('--out');
const dir = mkdtempSync(join(tmpdir(), 'vr-openapi-'));
const file = outIndex > 0 ? process.argv[outIndex + 1] : join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(document, null, 2));

const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = false;
for (const [name, args] of [
  ['Redocly (recommended)', [bin('redocly'), 'lint', '--config', join(root, 'redocly.yaml'), '--max-problems', '500', file]],
  ['Spectral (spectral:oas)', [bin('spectral'), 'lint', '--ruleset', join(root, '.spectral.yaml'), '--fail-severity', 'hint', file]],
]) {
  process.stdout.write(`== ${name}\n`);
  try {
    execFileSync(args[0], args.slice(1), { stdio: 'inherit', cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  } catch {
    failed = true;
  }
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
