/**
 * Intake throughput: POST /api/v1/requests with 16 concurrent keep-alive clients for 10 s (the
 * clients run in a worker thread), next to the raw floor: the exact SQL statements the service
 * issued for one intake (captured from the pg driver), replayed by bare `pg` clients, one
 * transaction per request, same concurrency, same database. Each figure has its floor beside it
 * (`floor_per_second`, `floor_p50_ms`, `floor_p99_ms`) and `<figure>_ratio` (figure / floor).
 */
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { bench, benchDatabase, benchService, percentile } from './support.js';

const CONCURRENCY = 16;
const DURATION_MS = 10_000;

const BODY = JSON.stringify({
  channel: 'helpdesk',
  requester: { name: 'Bench Persoon', email: 'bench.persoon@example.nl' },
  rights: ['access', 'erasure'],
  message: 'Ik wil inzage in mijn gegevens en daarna wissing.',
});

interface Captured {
  text: string;
  values?: unknown[];
}

/** Records every statement the pg driver sends while fn runs. */
async function captureSql(fn: () => Promise<void>): Promise<Captured[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const captured: Captured[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'string') captured.push({ text: first, values: Array.isArray(second) ? second : undefined });
    else if (first && typeof first === 'object' && 'text' in first) {
      const q = first as { text: string; values?: unknown[] };
      captured.push({ text: q.text, values: q.values ?? (Array.isArray(second) ? second : undefined) });
    }
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return captured;
}

const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, key, body, concurrency, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url + '/api/v1/requests');
const latencies = [];
let errors = 0;
const end = Date.now() + durationMs;
function one() {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ agent, method: 'POST', hostname: target.hostname, port: target.port, path: target.pathname,
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 201) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6); else errors++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
}
async function loop() { while (Date.now() < end) await one(); }
const started = Date.now();
Promise.all(Array.from({ length: concurrency }, loop)).then(() => {
  parentPort.postMessage({ latencies, errors, elapsedMs: Date.now() - started });
  agent.destroy();
});
`;

function runClients(url: string, key: string): Promise<{ latencies: number[]; errors: number; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, {
      eval: true,
      workerData: { url, key, body: BODY, concurrency: CONCURRENCY, durationMs: DURATION_MS },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export async function run(): Promise<void> {
  const db = await benchDatabase();
  // Intake writes the acknowledgement to the outbox; its delivery is background work measured
  // apart (a deployment can run it on other nodes with OUTBOX_WORKER=false here).
  const svc = await benchService(db, { DB_POOL_SIZE: db.kind === 'embedded' ? '1' : String(CONCURRENCY), OUTBOX_WORKER: 'false' });
  try {
    const url = svc.service.url;
    const post = () =>
      fetch(url + '/api/v1/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${svc.apiKey}` },
        body: BODY,
      });
    // Warm up (JIT, pools, caches), then capture one intake's SQL.
    for (let i = 0; i < 200; i++) await post();
    let createdId = '';
    const statements = await captureSql(async () => {
      const res = await post();
      createdId = ((await res.json()) as { id: string }).id;
    });
    process.stderr.write(`intake issues ${statements.length} SQL statements per request (${db.kind})\n`);

    const result = await runClients(url, svc.apiKey);
    const sorted = result.latencies.sort((a, b) => a - b);
    const perSecond = (sorted.length / result.elapsedMs) * 1000;
    // PGlite is one backend session: its socket multiplexer loses unnamed portals when bare clients
    // interleave transactions, so the embedded floor replays with one client (the service's own
    // pool is serialised the same way inside the embedded server).
    const floorConcurrency = db.kind === 'embedded' ? 1 : CONCURRENCY;
    const { perSecond: floorPerSecond, latencies: floorLatencies } = await floor(db.url, statements, createdId, floorConcurrency);

    bench('intake', 'per_second', perSecond, 'req/s');
    bench('intake', 'p50_ms', percentile(sorted, 50), 'ms');
    bench('intake', 'p99_ms', percentile(sorted, 99), 'ms');
    bench('intake', 'errors', result.errors, 'count');
    bench('intake', 'floor_per_second', floorPerSecond, 'req/s');
    bench('intake', 'per_second_ratio', perSecond / floorPerSecond, 'x');
    bench('intake', 'floor_p50_ms', percentile(floorLatencies, 50), 'ms');
    bench('intake', 'p50_ms_ratio', percentile(sorted, 50) / percentile(floorLatencies, 50), 'x');
    bench('intake', 'floor_p99_ms', percentile(floorLatencies, 99), 'ms');
    bench('intake', 'p99_ms_ratio', percentile(sorted, 99) / percentile(floorLatencies, 99), 'x');
    // The same figure under its earlier name, for scripts that read it.
    bench('intake', 'ratio', perSecond / floorPerSecond, 'ratio');
    process.stderr.write(`database: ${db.kind}; floor clients: ${floorConcurrency}\n`);
  } finally {
    await svc.close();
    await db.drop();
  }
}

// Message-IDs are unique: each replay gets new ones (also inside the JSON of the outbox rows).
const MESSAGE_ID = /<[0-9a-f-]{36}@[^>]*>/g;

/**
 * Replays the captured statements, one transaction per request: the id the INSERT returns
 * replaces the captured request id, and each outbox Message-ID is made unique again.
 */
async function floor(url: string, statements: Captured[], oldId: string, concurrency: number): Promise<{ perSecond: number; latencies: number[] }> {
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => undefined); // the scratch database is dropped at the end
      await c.connect();
      return c;
    }),
  );
  const insertAt = statements.findIndex((s) => /INSERT INTO requests/i.test(s.text));
  let done = 0;
  const latencies: number[] = [];
  const started = Date.now();
  const end = started + DURATION_MS;
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        let newId: string | undefined;
        for (let i = 0; i < statements.length; i++) {
          const s = statements[i];
          const values = s.values?.map((v) =>
            v === oldId && newId ? newId : typeof v === 'string' ? v.replace(MESSAGE_ID, () => `<${randomUUID()}@bench>`) : v,
          );
          const res = await c.query(s.text, values);
          if (i === insertAt) newId = res.rows[0]?.id;
        }
        latencies.push(performance.now() - t0);
        done++;
      }
    }),
  );
  const elapsed = Date.now() - started;
  await Promise.all(clients.map((c) => c.end()));
  return { perSecond: (done / elapsed) * 1000, latencies: latencies.sort((a, b) => a - b) };
}
