/**
 * `npm run cli` works on the service's data or not at all: on a DATA_DIR without a database it
 * refuses (exit 1), names the DATA_DIR it looked at and how to point it at the running service,
 * and creates nothing there (no new database whose API keys the service would reject).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { startEmbedded } from '../../src/database/embedded.js';
import { seedDataDir } from '../support/db.js';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), ...args],
      { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 150_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vr-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

it('refuses a DATA_DIR without a database, names it and the settings that point at the service, and creates nothing', async () => {
  const dataDir = join(dir, 'data');
  const { code, out } = await cli(['api-keys', 'create', '--name', 'helpdesk', '--scope', 'requests:read'], { DATA_DIR: dataDir });
  expect(code).toBe(1);
  expect(out).toContain(`No database in DATA_DIR ${dataDir}`);
  expect(out).toMatch(/DATA_DIR=\S+ npm run cli/);
  expect(out).toContain('DATABASE_URL');
  expect(out).not.toMatch(/vr_[A-Za-z0-9]/); // no key printed
  expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
});

it('works on a DATA_DIR that holds the embedded database', async () => {
  const dataDir = join(dir, 'data');
  seedDataDir(dataDir, { migrated: true });
  const embedded = await startEmbedded(dataDir, { maxConnections: 4 });
  await embedded.stop();
  const { code, out } = await cli(['api-keys', 'create', '--name', 'helpdesk', '--scope', 'requests:read'], { DATA_DIR: dataDir });
  expect({ code, out }).toEqual({ code: 0, out: expect.stringMatching(/vr_/) });
}, 180_000);
