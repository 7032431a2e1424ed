/**
 * Routing: the bulk import of 1,000,000 identifiers from CSV (60% e-mail, 20% phone, 10% IBAN,
 * 10% customer reference; normalised, hashed, COPY into a staging table, ON CONFLICT merge) with
 * its throughput and memory; then the routing lookup for a request with 3 identifiers, over the
 * 1,000,000 imported digests and, on a real PostgreSQL only, over 10,000,000 digests seeded in SQL
 * (indexes built after the load). Beside each figure its floor, measured in the same run on the
 * same database, and `<figure>_ratio` (figure / floor), which holds when the machine is noisy:
 * the import against a bare COPY of the same rows into a table with the same indexes (the embedded
 * database, which drops COPY FROM STDIN, an INSERT … SELECT of them); a lookup against the same
 * statement with precomputed digests from a bare `pg` client.
 */
import { createWriteStream, createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { composeIBAN } from 'ibantools';
import { DataSource } from 'typeorm';
import type { ResolvedConfig } from '../src/config/config.module.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { DataControllersService, LOOKUP_SQL } from '../src/data-controllers/data-controllers.service.js';
import { importIdentifiers } from '../src/data-controllers/identifier-import.js';
import type { RequesterDetails } from '../src/requests/request-router.js';
import { requesterDigests } from '../src/routing/request-digests.js';
import { RoutingService } from '../src/routing/routing.service.js';
import { bench, benchDatabase, percentile } from './support.js';

const ROWS = 1_000_000;
const SEEDED = 10_000_000;
const LOOKUPS = 10_000;
const KEY = 'bench-identifier-key-0123456789abcdef';
const MB = 1024 * 1024;

/** A full garbage collection before an RSS sample, so the figure shows what the import keeps, not garbage not yet collected. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function email(i: number): string {
  return `Persoon.${i}@Klant${i % 997}.example`;
}
function phone(i: number): string {
  const digits = String(i).padStart(7, '0');
  return i % 2 ? `06-${1 + (i % 5)}${digits}` : `+31 6 ${1 + (i % 5)}${digits.slice(0, 3)} ${digits.slice(3)}`;
}
function customerRef(i: number): string {
  return `KL-${i}`;
}

/** The CSV row for index i: 60% e-mail, 20% phone, 10% IBAN, 10% customer reference. */
function csvLine(i: number): string {
  const bucket = i % 10;
  if (bucket < 6) return `email,${email(i)}\n`;
  if (bucket < 8) return `phone,${phone(i)}\n`;
  if (bucket === 8) return `iban,${composeIBAN({ countryCode: 'NL', bban: 'ABNA' + String(i).padStart(10, '0') })}\n`;
  return `customer-ref,${customerRef(i)}\n`;
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('type,value\n');
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(csvLine(i));
    if (chunk.length === 10_000) {
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.join(''));
  await once(out, 'finish');
}

/**
 * The import's floor: the rows the import stored, loaded again by a bare COPY FROM STDIN (text
 * prepared in memory beforehand) into an empty table with the same indexes; embedded, where COPY
 * FROM STDIN is dropped, by INSERT … SELECT. Returns the seconds of the load alone.
 */
async function importFloor(url: string, kind: 'postgres' | 'embedded'): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bench_import_floor (LIKE controller_identifiers INCLUDING ALL)`);
    let seconds: number;
    if (kind === 'postgres') {
      const { rows } = await client.query<{ line: string }>(
        `SELECT controller_id || chr(9) || type || chr(9) || '\\\\x' || encode(digest, 'hex') AS line FROM controller_identifiers`,
      );
      const chunks: string[] = [];
      for (let i = 0; i < rows.length; i += 10_000) chunks.push(rows.slice(i, i + 10_000).map((r) => r.line + '\n').join(''));
      const t0 = performance.now();
      await pipeline(Readable.from(chunks), client.query(pgCopy.from(`COPY bench_import_floor (controller_id, type, digest) FROM STDIN`)));
      seconds = (performance.now() - t0) / 1000;
    } else {
      const t0 = performance.now();
      await client.query(`INSERT INTO bench_import_floor (controller_id, type, digest) SELECT controller_id, type, digest FROM controller_identifiers`);
      seconds = (performance.now() - t0) / 1000;
    }
    await client.query(`DROP TABLE bench_import_floor`);
    return seconds;
  } finally {
    await client.end();
  }
}

/** The lookup's floor: the same statement (named, prepared once) with precomputed digests from a bare `pg` client. */
async function lookupFloor(url: string, kind: 'postgres' | 'embedded', requester: (n: number) => RequesterDetails, count: number): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const params = Array.from({ length: count }, (_, i) => {
      const d = requesterDigests(requester(i), KEY, 'NL');
      return [d.map((x) => x.type), d.map((x) => x.digest)];
    });
    // PGlite is one session for every client: no named statements there (as the service itself).
    const query = (values: unknown[]) => client.query(kind === 'postgres' ? { name: 'floor-lookup', text: LOOKUP_SQL, values } : { text: LOOKUP_SQL, values });
    for (let i = 0; i < Math.min(200, count); i++) await query(params[i]);
    const times: number[] = [];
    for (const values of params) {
      const t0 = performance.now();
      await query(values);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b);
  } finally {
    await client.end();
  }
}

async function lookups(router: RoutingService, requester: (n: number) => RequesterDetails, count: number): Promise<number[]> {
  for (let i = 0; i < 200; i++) await router.route(requester(i)); // warm up
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const matched = await router.route(requester(i));
    times.push(performance.now() - t0);
    if (!matched.length) throw new Error('a lookup found nothing');
  }
  return times.sort((a, b) => a - b);
}

/** Where a lookup's time goes: normalising and hashing the identifiers, and the directory query. */
async function lookupParts(
  registry: DataControllersService,
  requester: (n: number) => RequesterDetails,
  count: number,
): Promise<{ digest: number[]; query: number[] }> {
  const digest: number[] = [];
  const query: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const digests = requesterDigests(requester(i), KEY, 'NL');
    const t1 = performance.now();
    await registry.findByDigests(digests);
    digest.push(t1 - t0);
    query.push(performance.now() - t1);
  }
  return { digest: digest.sort((a, b) => a - b), query: query.sort((a, b) => a - b) };
}

export async function run(): Promise<void> {
  const db = await benchDatabase(8);
  const dir = mkdtempSync(join(tmpdir(), 'vr-bench-routing-'));
  const ds = new DataSource(dataSourceOptions(db.url, 1));
  try {
    await ds.initialize();
    await ds.runMigrations();
    const config = {
      identifierKey: KEY,
      databaseUrl: db.kind === 'postgres' ? db.url : undefined,
      processor: { name: 'Bench', country: 'NL', privacyEmail: 'privacy@bench.example' },
    } as ResolvedConfig;
    const registry = new DataControllersService(ds, config);
    const router = new RoutingService(registry, config);
    const [{ id: controllerId }]: { id: string }[] = await ds.query(
      `INSERT INTO data_controllers (name, country, contact_email) VALUES ('Bench Klant B.V.', 'NL', 'privacy@bench.example') RETURNING id`,
    );

    const file = join(dir, 'identifiers.csv');
    await writeCsv(file, ROWS);
    process.stderr.write(`routing: CSV of ${ROWS} rows written; importing (${db.kind})…\n`);

    // Import, sampling RSS as rows go by.
    const staging = db.kind === 'embedded' ? 'insert' : 'copy';
    gc();
    const rssStart = process.memoryUsage().rss;
    let rss100k = 0;
    let rss1m = 0;
    let peak = rssStart;
    let stagedAt = 0;
    const runner = ds.createQueryRunner();
    const client = (await runner.connect()) as pg.PoolClient;
    const t0 = performance.now();
    const summary = await importIdentifiers(client, {
      controllerId,
      identifierKey: KEY,
      country: 'NL',
      input: createReadStream(file),
      staging,
      progressEvery: 10_000,
      onProgress: (rows) => {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (rows === 100_000 || (rows === ROWS && !rss1m)) {
          gc();
          if (rows === 100_000) rss100k = process.memoryUsage().rss;
          else {
            rss1m = process.memoryUsage().rss;
            stagedAt = performance.now();
          }
        }
        const rss = process.memoryUsage().rss;
        if (rows % 100_000 === 0) process.stderr.write(`  ${rows} rows, rss ${(rss / MB).toFixed(0)} MB\n`);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    await runner.release();
    if (summary.added !== ROWS || summary.invalid) {
      throw new Error(`import: expected ${ROWS} added, got ${JSON.stringify({ ...summary, invalidLines: summary.invalidLines.slice(0, 3) })}`);
    }
    bench('routing', 'import_rows_per_second', Math.round(ROWS / seconds), 'rows/s');
    bench('routing', 'import_seconds', seconds, 's');
    const floorSeconds = await importFloor(db.url, db.kind);
    bench('routing', 'import_floor_seconds', floorSeconds, 's');
    bench('routing', 'import_ratio', seconds / floorSeconds, 'x');
    process.stderr.write(`routing: parse, normalise, hash and stage ${((stagedAt - t0) / 1000).toFixed(1)} s; merge into the directory ${(seconds - (stagedAt - t0) / 1000).toFixed(1)} s (incl. counts)\n`);
    bench('routing', 'import_rss_100k_mb', Math.round(rss100k / MB), 'MB');
    bench('routing', 'import_rss_1m_mb', Math.round(rss1m / MB), 'MB');
    bench('routing', 'import_rss_growth_mb', Math.round((rss1m - rss100k) / MB), 'MB');
    bench('routing', 'import_peak_rss_mb', Math.round(peak / MB), 'MB');
    process.stderr.write(`routing: staging via ${staging === 'copy' ? 'COPY FROM STDIN' : 'batched INSERTs (the embedded database drops COPY FROM STDIN)'}\n`);

    // A request with 3 identifiers: e-mail and phone known to the directory, customer reference not.
    await ds.query('ANALYZE controller_identifiers');
    const requester = (n: number): RequesterDetails => {
      const i = (n * 7919) % (ROWS / 10);
      return { email: email(i * 10), phone: phone(i * 10 + 6), customerRef: `onbekend-${n}` };
    };
    const small = await lookups(router, requester, LOOKUPS);
    bench('routing', 'lookup_1m_p50_ms', percentile(small, 50), 'ms');
    bench('routing', 'lookup_1m_p99_ms', percentile(small, 99), 'ms');
    const smallFloor = await lookupFloor(db.url, db.kind, requester, LOOKUPS);
    bench('routing', 'lookup_1m_floor_p99_ms', percentile(smallFloor, 99), 'ms');
    bench('routing', 'lookup_1m_p99_ratio', percentile(small, 99) / percentile(smallFloor, 99), 'x');

    if (db.kind !== 'postgres') {
      process.stderr.write(
        `routing: the ${SEEDED.toLocaleString('en')}-digest lookup runs on a real PostgreSQL only (set DATABASE_URL); skipped on the embedded database\n`,
      );
      return;
    }

    // Seed up to 10,000,000 digests in SQL over 1,000 more controllers, indexes built after the load.
    const seed = new pg.Client({ connectionString: db.url });
    await seed.connect();
    try {
      const s0 = performance.now();
      await seed.query(`SET maintenance_work_mem = '512MB'`);
      await seed.query(`ALTER TABLE controller_identifiers DROP CONSTRAINT controller_identifiers_pkey`);
      await seed.query(`DROP INDEX controller_identifiers_lookup_idx`);
      await seed.query(
        `INSERT INTO data_controllers (name, country, contact_email)
         SELECT 'Seed ' || g, 'NL', 'privacy' || g || '@seed.example' FROM generate_series(1, 1000) g`,
      );
      await seed.query(
        `INSERT INTO controller_identifiers (controller_id, type, digest)
         SELECT c.ids[1 + g % 1000],
                (ARRAY['email','email','email','email','email','email','phone','phone','iban','customer-ref'])[1 + g % 10],
                decode(md5(g::text), 'hex') || decode(md5(g::text || '/'), 'hex')
           FROM generate_series(1, $1::int) g,
                (SELECT array_agg(id) AS ids FROM data_controllers WHERE name LIKE 'Seed %') c`,
        [SEEDED - ROWS],
      );
      const loaded = performance.now();
      await seed.query(`ALTER TABLE controller_identifiers ADD PRIMARY KEY (controller_id, type, digest)`);
      await seed.query(`CREATE INDEX controller_identifiers_lookup_idx ON controller_identifiers (type, digest) INCLUDE (controller_id)`);
      await seed.query(`VACUUM ANALYZE controller_identifiers`);
      // The load leaves gigabytes of dirty pages; write them now, not during the measurement
      // (needs superuser or pg_checkpoint; without it the figure includes the background writes).
      await seed.query(`CHECKPOINT`).catch(() => process.stderr.write('routing: CHECKPOINT not allowed; measuring anyway\n'));
      const { rows } = await seed.query(`SELECT count(*)::int AS n FROM controller_identifiers`);
      process.stderr.write(
        `routing: ${rows[0].n} digests; seeded in ${((loaded - s0) / 1000).toFixed(1)} s, indexes in ${((performance.now() - loaded) / 1000).toFixed(1)} s\n`,
      );
      bench('routing', 'seeded_digests', rows[0].n, 'rows');
    } finally {
      await seed.end();
    }
    const plan: { 'QUERY PLAN': string }[] = await ds.query(
      `EXPLAIN SELECT i.controller_id FROM unnest($1::text[], $2::text[]) AS q(type, digest)
         JOIN controller_identifiers i ON i.type = q.type AND i.digest = decode(q.digest, 'hex')`,
      [['email'], ['00'.repeat(32)]],
    );
    process.stderr.write(`routing: lookup plan:\n${plan.map((p) => '  ' + p['QUERY PLAN']).join('\n')}\n`);
    const big = await lookups(router, requester, LOOKUPS);
    bench('routing', 'lookup_p50_ms', percentile(big, 50), 'ms');
    bench('routing', 'lookup_p99_ms', percentile(big, 99), 'ms');
    const bigFloor = await lookupFloor(db.url, db.kind, requester, LOOKUPS);
    bench('routing', 'lookup_floor_p99_ms', percentile(bigFloor, 99), 'ms');
    bench('routing', 'lookup_p99_ratio', percentile(big, 99) / percentile(bigFloor, 99), 'x');
    const parts = await lookupParts(registry, requester, LOOKUPS);
    bench('routing', 'lookup_digest_p99_ms', percentile(parts.digest, 99), 'ms');
    bench('routing', 'lookup_query_p50_ms', percentile(parts.query, 50), 'ms');
    bench('routing', 'lookup_query_p99_ms', percentile(parts.query, 99), 'ms');
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
