/**
 * Seam defect 3 (issue #17): a call that committed its intake but was never answered. Its retry
 * with the same Idempotency-Key must replay the first call's response (`Idempotent-Replayed:
 * true`) and never file the request a second time: one request, one acknowledgement.
 * The fault comes from the test-only FAULT_AFTER_COMMIT hook (src/common/fault-injection.ts),
 * which fires right after the request command committed, before its response is built.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../src/api/api-keys.service.js';
import { API_SCOPES } from '../../../src/common/auth.decorators.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, needsRealPostgres, type TestDatabase } from '../../support/db.js';
import { freePort, serviceEnv, spawnService, waitForHealth, type ServiceProcess } from '../../support/process.js';

// Without externalRef (a helpdesk without ticket ids): the unique ref cannot catch a second intake.
const body = () => requestBody({ externalRef: undefined });

async function countsOf(query: (sql: string, params: unknown[]) => Promise<{ n: number }[]>, apiClient: string) {
  const [requests] = await query(`SELECT count(*)::int AS n FROM requests WHERE api_client = $1`, [apiClient]);
  const [acks] = await query(
    `SELECT count(*)::int AS n FROM messages m JOIN requests r ON r.id = m.request_id WHERE r.api_client = $1 AND m.template = 'acknowledgement'`,
    [apiClient],
  );
  return { requests: requests!.n, acknowledgements: acks!.n };
}

describe('a 5xx after the intake committed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { FAULT_AFTER_COMMIT: 'error', OUTBOX_WORKER: 'false', WEBHOOK_WORKER: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is answered on retry with the committed request, which is filed once', async () => {
    const { key, clientId } = await t.service.app.get(ApiKeysService).create('idem-5xx', API_SCOPES);
    const post = () =>
      fetch(`${t.baseUrl}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'after-commit-5xx' },
        body: JSON.stringify(payload),
      });
    const payload = body();
    const first = await post();
    expect(first.status).toBe(500);

    const retry = await post();
    const db = t.service.app.get(DataSource);
    expect(await countsOf((sql, p) => db.query(sql, p), clientId)).toEqual({ requests: 1, acknowledgements: 1 });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const created = (await retry.json()) as { id: string; version: number };
    expect(retry.headers.get('location')).toBe(`/api/v1/requests/${created.id}`);
    expect(retry.headers.get('etag')).toBe(`"${created.version}"`);
  });

  it('answers an event\'s retry with the committed transition, applied once', async () => {
    const { key } = await t.service.app.get(ApiKeysService).create('idem-5xx-event', API_SCOPES);
    const post = (path: string, json: unknown, idempotencyKey: string, headers: Record<string, string> = {}) =>
      fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...headers },
        body: JSON.stringify(json),
      });
    const payload = body();
    expect((await post('/api/v1/requests', payload, 'file-it')).status).toBe(500);
    const filed = (await (await post('/api/v1/requests', payload, 'file-it')).json()) as { id: string; version: number };

    const path = `/api/v1/requests/${filed.id}/events`;
    const ifMatch = { 'if-match': `"${filed.version}"` };
    expect((await post(path, { type: 'WITHDRAW' }, 'withdraw-it', ifMatch)).status).toBe(500);
    const retry = await post(path, { type: 'WITHDRAW' }, 'withdraw-it', ifMatch);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const withdrawn = (await retry.json()) as { state: string; version: number };
    expect(withdrawn.state).toBe('closed.withdrawn');
    expect(retry.headers.get('etag')).toBe(`"${withdrawn.version}"`);
    const db = t.service.app.get(DataSource);
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND type = 'WITHDRAW'`, [filed.id])) as { n: number }[];
    expect(n).toBe(1);
  });
});

describe('the process dies between the commit and the response', () => {
  let database: TestDatabase | undefined;
  let dataDir: string;
  const running: ServiceProcess[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'vr-idem-crash-'));
  });
  afterAll(async () => {
    for (const proc of running) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<{ proc: ServiceProcess; baseUrl: string }> {
    const port = await freePort();
    const proc = spawnService(serviceEnv(database!.url, dataDir, port, { SCHEDULED_JOBS: 'false', OUTBOX_WORKER: 'false', WEBHOOK_WORKER: 'false', ...env }));
    running.push(proc);
    const baseUrl = `http://127.0.0.1:${port}`;
    await Promise.race([
      waitForHealth(baseUrl, 120_000),
      proc.exited.then((code) => {
        throw new Error(`service exited with ${code}: ${proc.output()}`);
      }),
    ]);
    return { proc, baseUrl };
  }

  it('is answered on retry, after the claim counts as abandoned, without a second intake', async () => {
    if (!needsRealPostgres('killing a service process between commit and response')) return;
    database = await createTestDatabase();
    const payload = body();
    const first = await start({ FAULT_AFTER_COMMIT: 'exit' });
    const { apiKey } = JSON.parse(readFileSync(join(dataDir, 'initial-credentials.json'), 'utf8')) as { apiKey: string };
    const post = (baseUrl: string) =>
      fetch(`${baseUrl}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': 'after-commit-crash' },
        body: JSON.stringify(payload),
      });
    await expect(post(first.baseUrl)).rejects.toThrow();
    await first.proc.exited;
    expect(first.proc.child.signalCode).toBe('SIGKILL');

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const query = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows as { n: number }[];
      const [{ api_client: apiClient }] = (await client.query(`SELECT api_client FROM idempotency_keys WHERE key = 'after-commit-crash'`)).rows as {
        api_client: string;
      }[];
      expect(await countsOf(query, apiClient)).toEqual({ requests: 1, acknowledgements: 1 });
      // IDEMPOTENCY_ABANDONED_SECONDS (60 s) pass before the client retries.
      await client.query(`UPDATE idempotency_keys SET created_at = created_at - interval '2 minutes'`);

      const second = await start({});
      const retry = await post(second.baseUrl);
      expect(await countsOf(query, apiClient)).toEqual({ requests: 1, acknowledgements: 1 });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const created = (await retry.json()) as { id: string };
      expect(retry.headers.get('location')).toBe(`/api/v1/requests/${created.id}`);
      const [{ id }] = (await client.query(`SELECT id FROM requests WHERE api_client = $1`, [apiClient])).rows as { id: string }[];
      expect(created.id).toBe(id);
    } finally {
      await client.end();
    }
  }, 180_000);
});
