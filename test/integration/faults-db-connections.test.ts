/**
 * Fault injection (issue #18): the database terminates the service's connections again and again
 * (an administrator's pg_terminate_backend, a failover, a restarted pgbouncer) while intakes
 * arrive. The process must survive, `/health` must say 503 while the database is unreachable
 * and 200 again within 5 s after, and every acknowledged (201) intake must be stored once.
 */
import { jest } from '@jest/globals';
import http from 'node:http';
import { needsRealPostgres } from '../support/db.js';
import { call, FaultBench, postIntake, sleep, storedIntakes, strayIntakes, tally, type HttpOutcome } from '../support/faults.js';

jest.setTimeout(120_000);

const RUN_MS = 10_000;
const TERMINATE_EVERY_MS = 500;
const INTAKE_EVERY_MS = 75; // ~13 intakes/s, as in the run
const MAX_INTAKES = 140;

describe('database connections terminated under load', () => {
  const bench = new FaultBench();
  afterAll(() => bench.tearDown());

  it('the process survives, /health recovers within 5 s, every 201 is stored once', async () => {
    if (!needsRealPostgres('terminating the service’s database connections')) return;
    await bench.setUp('faults-db');
    const service = await bench.start({ API_RATE_LIMIT_PER_MINUTE: '100000', DB_POOL_SIZE: '2' });
    const apiKey = bench.apiKey();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

    let terminations = 0;
    let backendsKilled = 0;
    const outcomes: { marker: string; outcome: HttpOutcome }[] = [];
    const inFlight: Promise<void>[] = [];
    const started = Date.now();
    await bench.withDb(async (admin) => {
      const terminate = async () => {
        const { rowCount } = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        terminations++;
        backendsKilled += rowCount ?? 0;
      };
      let n = 0;
      let nextTermination = started;
      while (Date.now() - started < RUN_MS && n < MAX_INTAKES) {
        if (Date.now() >= nextTermination) {
          await terminate();
          nextTermination += TERMINATE_EVERY_MS;
        }
        const marker = `db-${n++}`;
        inFlight.push(postIntake(service.baseUrl, apiKey, marker, agent).then((outcome) => void outcomes.push({ marker, outcome })));
        await sleep(INTAKE_EVERY_MS);
      }
      while (Date.now() - started < RUN_MS && terminations < RUN_MS / TERMINATE_EVERY_MS) {
        await terminate();
        await sleep(TERMINATE_EVERY_MS);
      }
    });
    const stormEnded = Date.now();
    await Promise.all(inFlight);

    // The process is alive and ready again within 5 s of the last termination.
    let healthyAfterMs: number | undefined;
    while (Date.now() - stormEnded < 5_000 && service.proc.child.exitCode === null) {
      const health = await call(service.baseUrl, { path: '/health', timeoutMs: 2_000 });
      if (health.status === 200) {
        healthyAfterMs = Date.now() - stormEnded;
        break;
      }
      await sleep(100);
    }
    const summary = { intakes: outcomes.length, terminations, backendsKilled, outcomes: tally(outcomes.map((o) => o.outcome)), healthyAfterMs };
    // eslint-disable-next-line no-console
    console.log('database connections terminated:', JSON.stringify(summary));
    expect({ exitCode: service.proc.child.exitCode, signal: service.proc.child.signalCode, output: service.proc.output().slice(-2000) }).toEqual({
      exitCode: null,
      signal: null,
      output: expect.any(String),
    });
    expect(healthyAfterMs).toBeDefined();
    expect(terminations).toBeGreaterThanOrEqual(15);

    const stored = await bench.withDb((c) => storedIntakes(c, outcomes.map((o) => o.marker)));
    const acknowledged = outcomes.filter((o) => o.outcome.status === 201);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Every 201 is stored exactly once, with its audit event and acknowledgement; nothing half-written.
    expect(acknowledged.filter((o) => stored.get(o.marker)!.requests !== 1 || stored.get(o.marker)!.complete !== 1)).toEqual([]);
    expect([...stored.values()].filter((s) => s.requests > 1 || s.complete !== s.requests)).toEqual([]);
    expect(await bench.withDb((c) => strayIntakes(c, outcomes.map((o) => o.marker)))).toBe(0);

    // The poll loops resumed by themselves: a new intake's acknowledgement goes out, and every
    // other mail is sent, still in the lease of a batch a terminated connection broke off, or
    // waiting for its retry after an attempt the storm broke off before the mail server saw it.
    const after = await postIntake(service.baseUrl, apiKey, 'db-after', agent);
    expect(after.status).toBe(201);
    const { id } = JSON.parse(after.body!) as { id: string };
    const deadline = Date.now() + 10_000;
    let status = '';
    while (Date.now() < deadline && status !== 'sent') {
      status = await bench.withDb(
        async (c) => (await c.query<{ status: string }>(`SELECT status FROM messages WHERE request_id = $1 AND template = 'acknowledgement'`, [id])).rows[0]?.status ?? '',
      );
      await sleep(200);
    }
    expect(status).toBe('sent');
    const stuck = await bench.withDb(
      async (c) =>
        (await c.query(`SELECT status, attempts FROM messages WHERE status <> 'sent' AND NOT (status = 'sending' AND locked_until > now())
             AND NOT (status = 'queued' AND attempts > 0 AND last_error IS NOT NULL AND next_attempt_at > now())`)).rows,
    );
    expect(stuck).toEqual([]);
    agent.destroy();
  });
});
