/**
 * The fault-injection suite's tools: the built service as a child process on a scratch database
 * of the real PostgreSQL, intakes sent over keep-alive connections, and what the database holds
 * for each of them afterwards.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { requestBody } from '../factories/requests.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { freePort, serviceEnv, spawnService, waitForHealth, type ServiceProcess } from './process.js';

export interface ChildService {
  proc: ServiceProcess;
  baseUrl: string;
  port: number;
}

/** One scratch database and DATA_DIR, and the child services started on them. */
export class FaultBench {
  database!: TestDatabase;
  dataDir!: string;
  readonly running: ServiceProcess[] = [];

  async setUp(prefix: string): Promise<void> {
    this.database = await createTestDatabase();
    this.dataDir = mkdtempSync(join(tmpdir(), `vr-${prefix}-`));
  }

  async tearDown(): Promise<void> {
    for (const proc of this.running) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
    }
    await this.database?.drop();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async start(env: Record<string, string> = {}, port?: number): Promise<ChildService> {
    const chosen = port ?? (await freePort());
    const proc = spawnService(serviceEnv(this.database.url, this.dataDir, chosen, { DB_POOL_SIZE: '5', OUTBOX_POLL_MS: '200', ...env }));
    this.running.push(proc);
    const baseUrl = `http://127.0.0.1:${chosen}`;
    await Promise.race([
      waitForHealth(baseUrl, 120_000),
      proc.exited.then((code) => {
        throw new Error(`service exited with ${code}: ${proc.output()}`);
      }),
    ]);
    return { proc, baseUrl, port: chosen };
  }

  apiKey(): string {
    return (JSON.parse(readFileSync(join(this.dataDir, 'initial-credentials.json'), 'utf8')) as { apiKey: string }).apiKey;
  }

  async withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.database.url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }
}

export interface HttpOutcome {
  /** The status of a complete response; undefined when the call ended without one. */
  status?: number;
  /** The error code or message when it did (ECONNREFUSED, ECONNRESET, …). */
  error?: string;
  /** The response's Connection header. */
  connection?: string;
  /** The call went over a connection opened before it (keep-alive). */
  reusedSocket?: boolean;
  body?: string;
}

/** One HTTP call with node's http client (keep-alive when the agent keeps sockets alive). */
export function call(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; agent?: http.Agent; timeoutMs?: number },
): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const url = new URL(options.path, baseUrl);
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, connection: res.headers.connection, reusedSocket: req.reusedSocket, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message, reusedSocket: req.reusedSocket }));
        res.on('aborted', () => resolve({ error: 'aborted', reusedSocket: req.reusedSocket }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message, reusedSocket: req.reusedSocket }));
    req.end(options.body);
  });
}

/** An intake whose message carries `marker`, so the database can be asked how often it was stored. */
export function postIntake(baseUrl: string, apiKey: string, marker: string, agent?: http.Agent): Promise<HttpOutcome> {
  // Without externalRef: the unique reference cannot hide a second intake of the same call.
  const body = JSON.stringify(requestBody({ externalRef: undefined, message: `Storingsproef ${marker}: welke gegevens verwerkt u?` }));
  return call(baseUrl, {
    method: 'POST',
    path: '/api/v1/requests',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    body,
    agent,
  });
}

export interface StoredIntake {
  /** Requests stored with the marker. */
  requests: number;
  /** Of those, how many have their RECEIVED audit event and their acknowledgement mail row. */
  complete: number;
}

/** What the database holds for each marker. */
export async function storedIntakes(c: pg.Client, markers: string[]): Promise<Map<string, StoredIntake>> {
  const { rows } = await c.query<{ marker: string; requests: number; complete: number }>(
    `SELECT substring(r.message from 'Storingsproef ([^:]+):') AS marker,
            count(*)::int AS requests,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_events a WHERE a.request_id = r.id AND a.type = 'RECEIVED')
                               AND EXISTS (SELECT 1 FROM messages m WHERE m.request_id = r.id AND m.template = 'acknowledgement'))::int AS complete
       FROM requests r WHERE r.message LIKE 'Storingsproef %' GROUP BY 1`,
  );
  const found = new Map(rows.map((r) => [r.marker, { requests: r.requests, complete: r.complete }]));
  return new Map(markers.map((m) => [m, found.get(m) ?? { requests: 0, complete: 0 }]));
}

/** Stored requests with a marker no call of the test sent (should be none). */
export async function strayIntakes(c: pg.Client, markers: string[]): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM requests WHERE message LIKE 'Storingsproef %' AND NOT (substring(message from 'Storingsproef ([^:]+):') = ANY($1))`,
    [markers],
  );
  return rows[0].n;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** Counts outcomes by status or error, e.g. { '201': 97, ECONNRESET: 3 }. */
export function tally(outcomes: HttpOutcome[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.status !== undefined ? String(o.status) : (o.error ?? 'unknown');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
