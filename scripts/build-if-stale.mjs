// Builds dist/ with tsc when it is missing or older than any source file. Used by `npm start`,
// `npm run cli`, `npm run bench` and the test suite's global setup (tests that spawn the service).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['src', 'migrations', 'bench', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIfStale({ quiet = false } = {}) {
  const marker = join(root, 'dist', 'src', 'main.js');
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const newest = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (built >= newest) return false;
  if (!quiet) process.stderr.write('Building (tsc)…\n');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  // tsc leaves the output mtime unchanged for unchanged files; mark the build as fresh.
  const now = new Date();
  utimesSync(marker, now, now);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfStale();
