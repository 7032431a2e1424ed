// `npm test`: the dependency rules (`npm run deps`) and the full type check (`tsc --noEmit
// --incremental`, as SWC only transpiles) run beside Jest rather than before it; their output is shown as each ends, and
// any failure fails the run. Arguments go to Jest (`npm test -- test/unit`).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './build-if-stale.mjs';

// The type check keeps what it learnt (per file: its version and its diagnostics) in a cache under
// node_modules/.cache, one file per checkout (node_modules may be shared by several worktrees): a
// run after a small change checks what that change affects, not all of src and test again.
const tscCache = join(root, 'node_modules', '.cache', 'tsc');
mkdirSync(tscCache, { recursive: true });
const tsBuildInfo = join(tscCache, `${createHash('sha256').update(root).digest('hex').slice(0, 12)}.tsbuildinfo`);

function run(label, args, { buffered }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (buffered) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('exit', (code, signal) => {
      const ok = code === 0;
      if (buffered) process.stderr.write(ok ? `${label}: ok\n` : `${label}: FAILED\n${out}\n`);
      resolve({ label, ok: ok && !signal });
    });
  });
}

const bin = (path) => join(root, 'node_modules', path);
const checks = [
  run('dependency rules', [join(root, 'scripts', 'dependency-rules.mjs')], { buffered: true }),
  run('type check (tsc --noEmit)', [bin('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', tsBuildInfo], { buffered: true }),
];
const jest = run('jest', ['--experimental-vm-modules', bin('jest/bin/jest.js'), ...process.argv.slice(2)], { buffered: false });
const results = await Promise.all([...checks, jest]);
const failed = results.filter((r) => !r.ok).map((r) => r.label);
if (failed.length) process.stderr.write(`npm test failed: ${failed.join(', ')}\n`);
process.exit(failed.length ? 1 : 0);
