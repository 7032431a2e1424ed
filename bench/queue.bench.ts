/**
 * The agent queue page as a logged-in agent's browser gets it: GET /ui (first page, default
 * urgency sort), GET /ui?status=inHouse.verifying and name searches (GET /ui?zoek=…, a part of a
 * name without accents), each loaded 200 times over loopback, timed from request sent to last
 * byte, on 100,000 requests (BENCH_QUEUE_ROWS=1000000 for the size) seeded in SQL from
 * rows intake wrote itself, with varied names (accents included), e-mail addresses and phones.
 * The floor: the SQL statements one page load ran (recorded from the service's DataSource), run
 * again in the same order from a bare `pg` client; `<figure>_ratio` is page / floor, which holds
 * when the machine is noisy.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { InitialCredentials } from '../src/initial-credentials.js';
import { bench, benchDatabase, benchService, percentile } from './support.js';

const REQUESTS = Math.max(1_000, Number.parseInt(process.env.BENCH_QUEUE_ROWS ?? '', 10) || 100_000);
const LOADS = 200;
const WARMUP = 20;

const COPY_COLUMNS = `channel, api_client, requester_customer_ref, requester_address, message, rights, scope, state, snapshot,
  machine_version, country, paused_days, extended, flag_urgent, flag_unmatched, flag_awaiting_requester, flag_deadline_near, flag_overdue`;

const FIRST_NAMES = ['Jan', 'Renée', 'Mohammed', 'Sanne', 'Ömer', 'Anouk', 'Pieter', 'Fatima', 'Daan', 'Chloë', 'Lucas', 'Zoë', 'Thijs', 'Noëlle', 'Bram', 'Aïcha', 'Sem', 'Inès', 'Finn', 'Julia', 'Ruben', 'Yasmina', 'Jesse', 'Emma', 'Sven', 'Elif', 'Milan', 'Lotte', 'Hugo', 'Saskia'];
const LAST_NAMES = ['de Vries', 'Jansen', 'Dûbois', 'Öztürk', 'van den Berg', 'Bakker', 'Çelik', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen', 'van den Heuvel', 'van der Veen', 'van den Broek', 'de Bruijn', 'de Jong', 'Schouten', 'van Beek', 'Willems', 'van Vliet', 'van de Ven', 'Hoekstra', 'Maas', 'Verhoeven', 'Koster', 'van Dam', 'van der Wal', 'Prins', 'Blom', 'Huisman', 'Peeters', 'Claes', 'Goossens', 'Wouters', 'Lambrechts', 'Maes', 'Janssens', 'Mertens', 'Dupont', 'Lefèvre', 'Müller'];
/** Name searches as an agent types them: a first name and a part of the surname, without accents. */
const NAME_SEARCHES = ['renee dub', 'omer oztu', 'chloe van der m', 'noelle de gr', 'aicha cel', 'ines lefev', 'sanne jans', 'finn mull', 'zoe van den b', 'elif hoeks'];

/** Three shapes intake and the workflow wrote (triage, in-house, closed), copied into many rows with shifted dates. */
export async function seed(url: string, templates: { open: string; inHouse: string; closed: string }): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A bulk load as a restore does it: the secondary indexes (the queue's trigram indexes among
    // them) dropped, the rows copied, the same indexes built again from their own definitions.
    const indexes: { indexname: string; indexdef: string }[] = (
      await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'requests' AND indexdef NOT LIKE 'CREATE UNIQUE%'`)
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
    await client.query(
      `INSERT INTO requests (reference, external_ref, received_at, requester_name, requester_email, requester_phone, ${COPY_COLUMNS},
         received_date, nominal_respond_by, unpaused_respond_by, respond_by, extended_respond_by, forward_by, due_at, closed_at, created_at, updated_at)
       SELECT 'AVG-2025-' || lpad(i::text, 7, '0'), 'BENCH-' || i, t.received_at - make_interval(days => i % 40),
              ($5::text[])[1 + i % array_length($5::text[], 1)] || ' ' || ($6::text[])[1 + (i / array_length($5::text[], 1)) % array_length($6::text[], 1)],
              'persoon' || i || '@example.nl', '06 ' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'), ${COPY_COLUMNS.split(',').map((c) => 't.' + c.trim()).join(', ')},
              t.received_date - i % 40, t.nominal_respond_by - i % 40, t.unpaused_respond_by - i % 40, t.respond_by - i % 40,
              t.extended_respond_by - i % 40, t.forward_by - i % 40,
              CASE WHEN t.closed_at IS NULL THEN t.due_at - i % 40 END, t.closed_at, now(), now()
         FROM generate_series(1, $4::int) i
         JOIN requests t ON t.id = CASE WHEN i % 10 < 6 THEN $1::uuid WHEN i % 10 < 9 THEN $2::uuid ELSE $3::uuid END`,
      [templates.open, templates.inHouse, templates.closed, REQUESTS, FIRST_NAMES, LAST_NAMES],
    );
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of indexes) await client.query(index.indexdef);
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

async function loads(url: string | ((i: number) => string), cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + LOADS; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(typeof url === 'string' ? url : url(i), { headers: { cookie } });
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
    const named = await loads((i) => `${url}/ui?zoek=${encodeURIComponent(NAME_SEARCHES[i % NAME_SEARCHES.length]!)}`, cookie);
    const phone = await loads((i) => `${url}/ui?zoek=${encodeURIComponent('+31 6 ' + String((((i + 1) * 7919) % 100_000_000)).padStart(8, '0'))}`, cookie);
    bench('queue', 'p50_ms', percentile(plain, 50), 'ms');
    bench('queue', 'floor_p50_ms', percentile(plainFloor, 50), 'ms');
    bench('queue', 'p50_ratio', percentile(plain, 50) / percentile(plainFloor, 50), 'x');
    bench('queue', 'p95_ms', percentile(plain, 95), 'ms');
    bench('queue', 'filtered_p50_ms', percentile(filtered, 50), 'ms');
    bench('queue', 'filtered_floor_p50_ms', percentile(filteredFloor, 50), 'ms');
    bench('queue', 'filtered_p50_ratio', percentile(filtered, 50) / percentile(filteredFloor, 50), 'x');
    bench('queue', 'filtered_p95_ms', percentile(filtered, 95), 'ms');
    bench('queue', 'search_p50_ms', percentile(named, 50), 'ms');
    bench('queue', 'search_p95_ms', percentile(named, 95), 'ms');
    bench('queue', 'phone_search_p95_ms', percentile(phone, 95), 'ms');
    bench('queue', 'rows', REQUESTS, 'requests');
  } finally {
    await svc.close();
    await db.drop();
  }
}
