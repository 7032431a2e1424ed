/**
 * The service as a newcomer runs it: a process on an embedded database in DATA_DIR, stopped
 * cleanly or killed, started again.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readLock } from '../../src/database/embedded.js';
import { freePort, outputMatching, spawnService, waitForHealth, type ServiceProcess } from '../support/process.js';
import { seedDataDir } from '../support/db.js';

jest.setTimeout(180_000);

describe('configuration errors stop the start', () => {
  it.each([
    [{ PORT: 'abc' }, /Configuration error: PORT must be a port number/],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }, /Configuration error: IDENTIFIER_KEY is required/],
  ])('%j exits non-zero with one line naming the variable', async (env, message) => {
    const proc = spawnService(env);
    const code = await proc.exited;
    expect(code).not.toBe(0);
    expect(proc.output().trim().split('\n')).toHaveLength(1);
    expect(proc.output()).toMatch(message);
  });
});

describe('embedded database in DATA_DIR', () => {
  let dataDir: string;
  let running: ServiceProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'vr-boot-'));
    // An empty cluster, as a first start creates it (the global setup made it once): the service
    // then migrates it, writes the credentials and loads its data as on any first start.
    seedDataDir(dataDir);
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}): Promise<{ proc: ServiceProcess; baseUrl: string }> {
    const port = await freePort();
    const proc = spawnService({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'false', ...env });
    running = proc;
    const baseUrl = `http://127.0.0.1:${port}`;
    const health = await Promise.race([
      waitForHealth(baseUrl, 120_000),
      proc.exited.then((code) => {
        throw new Error(`service exited with ${code}: ${proc.output()}`);
      }),
    ]);
    expect(health).toEqual({ status: 'ok', database: 'embedded', version: expect.any(String) });
    return { proc, baseUrl };
  }

  async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const url = readLock(dataDir)?.url;
    if (!url) throw new Error('no running embedded database');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  it('first start writes initial credentials once (0600) and keeps data across SIGTERM and kill -9', async () => {
    // At the default log level, as `npm start` runs it.
    let { proc } = await start({ LOG_LEVEL: 'info' });
    const credentialsPath = join(dataDir, 'initial-credentials.json');
    const credentials = readFileSync(credentialsPath, 'utf8');
    expect(JSON.parse(credentials)).toEqual({
      agent: { username: 'admin', password: expect.any(String), mustChangePassword: true, note: expect.stringContaining('eerste keer inloggen') },
      apiKey: expect.stringMatching(/^vr_/),
    });
    expect(statSync(credentialsPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'identifier.key')).mode & 0o777).toBe(0o600);
    // The banner follows the first answer of /health by a moment: read it once it is complete.
    const firstScreen = await outputMatching(proc, /Stop with Ctrl\+C/);
    expect(firstScreen).toContain(credentialsPath);
    // The first screen is the banner: no log line before it.
    expect(firstScreen).toMatch(/^Verzoekrouter is ready\.\n/);

    // A second process on the same DATA_DIR is refused with a clear message.
    const second = spawnService({ DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' });
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(/DATA_DIR .* is in use by another Verzoekrouter process/);

    await withDb((c) => c.query(`INSERT INTO agents (username, display_name, password_hash) VALUES ('kept-1', 'Kept', 'x')`));
    proc.child.kill('SIGTERM');
    // A clean stop exits 0; otherwise the service's own output says why.
    expect({ code: await proc.exited, output: proc.output() }).toEqual({ code: 0, output: expect.any(String) });

    ({ proc } = await start());
    expect(readFileSync(credentialsPath, 'utf8')).toBe(credentials);
    expect(proc.output()).not.toContain('Initial credentials');
    await withDb(async (c) => {
      const { rows } = await c.query(`SELECT username FROM agents ORDER BY username`);
      expect(rows.map((r) => r.username)).toEqual(['admin', 'kept-1']);
      await c.query(`INSERT INTO agents (username, display_name, password_hash) VALUES ('kept-2', 'Kept', 'x')`);
    });

    proc.child.kill('SIGKILL');
    await proc.exited;

    ({ proc } = await start());
    await withDb(async (c) => {
      const { rows } = await c.query(`SELECT username FROM agents ORDER BY username`);
      expect(rows.map((r) => r.username)).toEqual(['admin', 'kept-1', 'kept-2']);
    });
    expect(readFileSync(credentialsPath, 'utf8')).toBe(credentials);
    proc.child.kill('SIGTERM');
    // A clean stop exits 0; otherwise the service's own output says why.
    expect({ code: await proc.exited, output: proc.output() }).toEqual({ code: 0, output: expect.any(String) });
  });
});
