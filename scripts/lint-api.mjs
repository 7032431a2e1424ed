// `npm run lint:api`: writes the OpenAPI document (built offline from the application module, no
// database or server needed) to a temporary file and lints it with Redocly (recommended rules,
// redocly.yaml) and Spectral (spectral:oas, .spectral.yaml). Fails on any error or warning.
// `--out <file>` keeps the document.
import { execFileSync, spawnSync } from 'node:child_process';
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
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
let failed = false;

// Redocly exits 0 on warnings, so its JSON report is read: any error or warning fails.
process.stdout.write('== Redocly (recommended)\n');
const redocly = spawnSync(bin('redocly'), ['lint', '--config', join(root, 'redocly.yaml'), '--max-problems', '500', '--format', 'json', file], { cwd: root, env, encoding: 'utf8' });
try {
  const report = JSON.parse(redocly.stdout);
  const { errors = 0, warnings = 0 } = report.totals ?? {};
  for (const problem of report.problems ?? []) {
    process.stdout.write(`${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location?.[0]?.pointer ?? '?'}\n`);
  }
  process.stdout.write(`Redocly: ${errors} errors, ${warnings} warnings\n`);
  if (errors + warnings > 0 || redocly.status !== 0) failed = true;
} catch {
  process.stdout.write(`Redocly gave no report (exit ${redocly.status}):\n${redocly.stdout}${redocly.stderr}\n`);
  failed = true;
}

process.stdout.write('== Spectral (spectral:oas)\n');
try {
  execFileSync(bin('spectral'), ['lint', '--ruleset', join(root, '.spectral.yaml'), '--fail-severity', 'hint', file], { stdio: 'inherit', cwd: root, env });
} catch {
  failed = true;
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
