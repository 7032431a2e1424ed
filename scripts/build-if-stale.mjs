// Builds dist/ with SWC (swc.config.json: legacy decorators with their design-type metadata, which
// Nest's dependency injection reads) when it is missing or older than any source file. SWC only
// transpiles, file by file, in about a second; the type check is `tsc --noEmit` in `npm test` and CI.
// Used by `npm start`, `npm run cli`, `npm run bench` and the test suite's global setup (tests that
// spawn the service). `node scripts/build-if-stale.mjs --force` (`npm run build`) always builds.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['src', 'migrations', 'bench', 'ormconfig.ts', 'swc.config.json', 'tsconfig.json', 'package.json'];
/** What is compiled to dist/ (tests and *.spec.ts are not: Jest transpiles them itself). */
const compiled = ['src', 'migrations', 'bench', 'ormconfig.ts'];
const marker = join(root, 'dist', 'src', 'main.js');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function tsFiles(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return path.endsWith('.ts') ? [path] : [];
  return readdirSync(path).flatMap((entry) => tsFiles(join(path, entry)));
}

export function isStale() {
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const newest = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  return built < newest;
}

/** Transpiles every source file to dist/ (same layout as tsc with rootDir "."); returns the file count. */
export function build() {
  // Loaded here so that a current build starts without loading SWC's native binding.
  const swc = createRequire(import.meta.url)('@swc/core');
  const options = JSON.parse(readFileSync(join(root, 'swc.config.json'), 'utf8'));
  delete options.$schema;
  const files = compiled
    .flatMap((s) => tsFiles(join(root, s)))
    .filter((f) => !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'));
  for (const file of files) {
    const rel = relative(root, file);
    const out = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
    const { code, map } = swc.transformSync(readFileSync(file, 'utf8'), {
      ...options,
      swcrc: false,
      filename: file,
      sourceFileName: relative(dirname(out), file),
      outputPath: out,
    });
    mkdirSync(dirname(out), { recursive: true });
    const base = out.slice(dirname(out).length + 1);
    writeFileSync(out, map ? `${code}\n//# sourceMappingURL=${base}.map\n` : code);
    if (map) writeFileSync(`${out}.map`, map);
  }
  // Mark the build as fresh even when no output changed.
  const now = new Date();
  utimesSync(marker, now, now);
  return files.length;
}

export function buildIfStale({ quiet = false, force = false } = {}) {
  if (!force && !isStale()) return false;
  const started = Date.now();
  if (!quiet) process.stderr.write('Building (SWC)… ');
  const count = build();
  if (!quiet) process.stderr.write(`${count} files in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfStale({ force: process.argv.includes('--force') });
