/**
 * Backup and restore of the embedded database: a backup of a stopped DATA_DIR restored into a
 * fresh DATA_DIR gives the same data; a DATA_DIR in use is refused.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startService, type RunningService } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { backupEmbedded, restoreEmbedded } from '../../src/database/backup.js';
import { DataDirInUseError } from '../../src/database/embedded.js';
import { requestBody } from '../factories/requests.js';
import { seedDataDir } from '../support/db.js';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function start(dataDir: string): Promise<RunningService> {
  return startService(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false', SCHEDULED_JOBS: 'false', OUTBOX_WORKER: 'false' }));
}

async function dump(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of ['requests', 'audit_events', 'messages', 'agents', 'api_keys', 'data_controllers', 'migrations']) {
      out[table] = (await client.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY 1::text`)).rows.map((r) => r.row).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return out;
  } finally {
    await client.end();
  }
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it('restores a backup into a fresh DATA_DIR with the same data, and refuses a DATA_DIR in use', async () => {
  const source = tempDir('vr-backup-src-');
  seedDataDir(source, { migrated: true });
  const service = await start(source);
  let before: Record<string, unknown[]>;
  try {
    const key = JSON.parse(await (await import('node:fs/promises')).readFile(service.credentialsFile!, 'utf8')).apiKey as string;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${service.url}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestBody()),
      });
      expect(res.status).toBe(201);
    }
    before = await dump(service.databaseUrl);
    expect(before.requests).toHaveLength(3);
    // While the service runs, its DATA_DIR is refused.
    await expect(backupEmbedded(source, join(tempDir('vr-backup-file-'), 'x.tar.gz'))).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(restoreEmbedded(source, join(source, 'identifier.key'))).rejects.toBeInstanceOf(DataDirInUseError);
  } finally {
    await service.close();
  }

  const file = join(tempDir('vr-backup-file-'), 'verzoekrouter.backup');
  const result = await backupEmbedded(source, file);
  expect(result.bytes).toBeGreaterThan(1000);
  expect(existsSync(file)).toBe(true);

  const target = tempDir('vr-backup-dst-');
  copyFileSync(join(source, 'identifier.key'), join(target, 'identifier.key'));
  expect(await restoreEmbedded(target, file)).toEqual({ previous: undefined, keyPresent: true });
  // A second restore over the restored database needs --force.
  await expect(restoreEmbedded(target, file)).rejects.toThrow(/already holds a database/);

  const restored = await start(target);
  try {
    expect(await dump(restored.databaseUrl)).toEqual(before!);
    const health = await fetch(`${restored.url}/health`);
    expect(health.status).toBe(200);
  } finally {
    await restored.close();
  }
}, 120_000);
