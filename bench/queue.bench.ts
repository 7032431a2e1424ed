/**
 * The agent queue page as a logged-in agent's browser gets it: GET /ui (first page, default
 * urgency sort) and GET /ui?status=inHouse.verifying, each loaded 200 times over loopback, timed
 * from request sent to last byte, on 100,000 requests seeded in SQL from rows intake wrote itself.
 * The floor: the SQL statements one page load ran (recorded from the service's DataSource), run
 * again in the same order from a bare `pg` client; `<figure>_ratio` is page / floor, which holds
 * when the machine is noisy.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { InitialCredentials } from '../src/initial-credentials.js';
import { bench, benchDatabase, benchService, percentile } from './support.js';

const REQUESTS = 100_000;
const LOADS = 200;
const WARMUP = 20;

const COPY_COLUMNS = `channel, api_client, requester_customer_ref, requester_address, message, rights, scope, state, snapshot,
  machine_version, country, paused_days, extended, flag_urgent, flag_unmatched, flag_awaiting_requester, flag_deadline_near, flag_overdue`;

/** Three shapes intake and the workflow wrote (triage, in-house, closed), copied into many rows with shifted dates. */
export async function seed(url: string, templates: { open: string; inHouse: string; closed: string }): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO requests (reference, external_ref, received_at, requester_name, requester_email, ${COPY_COLUMNS},
         received_date, nominal_respond_by, unpaused_respond_by, respond_by, extended_respond_by, forward_by, due_at, closed_at, created_at, updated_at)
       SELECT 'AVG-2025-' || lpad(i::text, 6, '0'), 'BENCH-' || i, t.received_at - make_interval(days => i % 40),
              'Bench Persoon ' || i, 'bench' || i || '@example.nl', ${COPY_COLUMNS.split(',').map((c) => 't.' + c.trim()).join(', ')},
              t.received_date - i % 40, t.nominal_respond_by - i % 40, t.unpaused_respond_by - i % 40, t.respond_by - i % 40,
              t.extended_respond_by - i % 40, t.forward_by - i % 40,
              CASE WHEN t.closed_at IS NULL THEN t.due_at - i % 40 END, t.closed_at, now(), now()
         FROM generate_series(1, $4::int) i
         JOIN requests t ON t.id = CASE WHEN i % 10 < 6 THEN $1::uuid WHEN i % 10 < 9 THEN $2::uuid ELSE $3::uuid END`,
      [templates.open, templates.inHouse, templates.closed, REQUESTS],
    );
    // As autovacuum would after a bulk load: statistics and the visibility map (index-only scans).
    await client.query('VACUUM ANALYZE requests');
  } finally {
    await client.end();
  }
}

async function login(url: string, credentials: InitialCredentials): Promise<string> {
  const page = await fetch(url + '/ui/login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const loginCookie = page.headers.getSetCookie()[0]!.split(';')[0];
  const res = await fetch(url + '/ui/login', {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username: credentials.agent.username, password: credentials.agent.password }),
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('vr_session='))!.split(';')[0];
}

async function loads(url: string, cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + LOADS; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 200 || !body.includes('</html>')) throw new Error(`queue page answered ${res.status}`);
    if (i >= WARMUP) times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

/** The statements one load of `url` runs through the service's DataSource. */
async function recordQueries(ds: DataSource, url: string, cookie: string): Promise<[string, unknown[] | undefined][]> {
  const recorded: [string, unknown[] | undefined][] = [];
  const original = ds.query.bind(ds);
  ds.query = ((sql: string, params?: unknown[], runner?: never) => {
    recorded.push([sql, params]);
    return original(sql, params, runner);
  }) as DataSource['query'];
  try {
    await (await fetch(url, { headers: { cookie } })).text();
  } finally {
    ds.query = original;
  }
  if (!recorded.length) throw new Error(`no statements recorded for ${url}`);
  return recorded;
}

async function floorLoads(dbUrl: string, statements: [string, unknown[] | undefined][]): Promise<number[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < WARMUP + LOADS; i++) {
      const t0 = process.hrtime.bigint();
      for (const [sql, params] of statements) await client.query(sql, params);
      if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times.sort((a, b) => a - b);
  } finally {
    await client.end();
  }
}

export async function run(): Promise<void> {
  const db = await benchDatabase();
  const svc = await benchService(db, { DB_POOL_SIZE: db.kind === 'embedded' ? '1' : '10' });
  try {
    const url = svc.service.url;
    const credentials = JSON.parse(readFileSync(svc.service.credentialsFile!, 'utf8')) as InitialCredentials;
    const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      fetch(url + path, {
        ...init,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${svc.apiKey}`, ...(init.headers as Record<string, string>) },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
    const file = async () => {
      const res = await api('/api/v1/requests', {
        method: 'POST',
        json: { channel: 'helpdesk', requester: { name: 'Sjabloon', email: 'sjabloon@example.nl' }, rights: ['access'], message: 'Inzage.' },
      });
      return ((await res.json()) as { id: string }).id;
    };
    const event = (id: string, type: string, extra: Record<string, unknown> = {}) =>
      api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type, ...extra } });
    const open = await file();
    const inHouse = await file();
    await event(inHouse, 'CLASSIFY', { scope: 'in-house' });
    const closed = await file();
    await event(closed, 'WITHDRAW');

    const started = Date.now();
    await seed(svc.service.databaseUrl, { open, inHouse, closed });
    process.stderr.write(`seeded ${REQUESTS} requests in ${Date.now() - started} ms (${db.kind})\n`);

    const cookie = await login(url, credentials);
    const plain = await loads(url + '/ui', cookie);
    const filtered = await loads(url + '/ui?status=inHouse.verifying', cookie);
    const ds = svc.service.app.get(DataSource);
    const plainFloor = await floorLoads(svc.service.databaseUrl, await recordQueries(ds, url + '/ui', cookie));
    const filteredFloor = await floorLoads(svc.service.databaseUrl, await recordQueries(ds, url + '/ui?status=inHouse.verifying', cookie));
    bench('queue', 'p50_ms', percentile(plain, 50), 'ms');
    bench('queue', 'floor_p50_ms', percentile(plainFloor, 50), 'ms');
    bench('queue', 'p50_ratio', percentile(plain, 50) / percentile(plainFloor, 50), 'x');
    bench('queue', 'p95_ms', percentile(plain, 95), 'ms');
    bench('queue', 'filtered_p50_ms', percentile(filtered, 50), 'ms');
    bench('queue', 'filtered_floor_p50_ms', percentile(filteredFloor, 50), 'ms');
    bench('queue', 'filtered_p50_ratio', percentile(filtered, 50) / percentile(filteredFloor, 50), 'x');
    bench('queue', 'filtered_p95_ms', percentile(filtered, 95), 'ms');
  } finally {
    await svc.close();
    await db.drop();
  }
}
