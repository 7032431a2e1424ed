/**
 * Fault injection (issue #18): SIGTERM while keep-alive clients keep sending. The service must
 * answer /health with 503 at once (also on connections opened before the signal), close every
 * connection after its answer, let the requests in flight finish and exit 0 within 10 s —
 * without cutting a request: each call gets a full response or finds the port closed.
 */
import { jest } from '@jest/globals';
import http from 'node:http';
import { needsRealPostgres } from '../support/db.js';
import { call, FaultBench, postIntake, sleep, storedIntakes, tally, type HttpOutcome } from '../support/faults.js';

jest.setTimeout(120_000);

const CLIENTS = 4;
const MAX_CALLS_PER_CLIENT = 400;
const LOAD_BEFORE_SIGTERM_MS = 1_500;
const CLIENT_LIMIT_MS = 20_000;

interface Sent {
  kind: 'intake' | 'health';
  marker: string;
  at: number;
  outcome: HttpOutcome;
}

describe('SIGTERM under keep-alive load', () => {
  const bench = new FaultBench();
  afterAll(() => bench.tearDown());

  it('exits 0 within 10 s, /health 503 on an open connection, no request cut', async () => {
    if (!needsRealPostgres('stopping a service process under keep-alive load')) return;
    await bench.setUp('faults-stop');
    const service = await bench.start({ API_RATE_LIMIT_PER_MINUTE: '100000' });
    const apiKey = bench.apiKey();
    const sent: Sent[] = [];
    const began = Date.now();
    let exited = false;
    void service.proc.exited.then(() => (exited = true));

    const client = async (i: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let n = 0; n < MAX_CALLS_PER_CLIENT && Date.now() - began < CLIENT_LIMIT_MS && !exited; n++) {
        const marker = `stop-${i}-${n}`;
        const kind = n % 2 ? 'health' : 'intake';
        const outcome = kind === 'intake' ? await postIntake(service.baseUrl, apiKey, marker, agent) : await call(service.baseUrl, { path: '/health', agent });
        sent.push({ kind, marker, at: Date.now(), outcome });
        if (outcome.error === 'ECONNREFUSED') break; // the port is closed: the service is stopping
      }
      agent.destroy();
    };
    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));

    // A client that holds an idle keep-alive connection over the signal and asks /health on it.
    const watcher = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await sleep(LOAD_BEFORE_SIGTERM_MS);
    const before = await call(service.baseUrl, { path: '/health', agent: watcher });
    expect(before.status).toBe(200);
    const signalled = Date.now();
    service.proc.child.kill('SIGTERM');
    await sleep(300);
    const watched = await call(service.baseUrl, { path: '/health', agent: watcher });
    sent.push({ kind: 'health', marker: 'watcher', at: Date.now(), outcome: watched });
    watcher.destroy();
    const code = await Promise.race([service.proc.exited, sleep(20_000).then(() => 'still running')]);
    const stoppedAfterMs = Date.now() - signalled;
    await clients;

    const afterSignal = sent.filter((s) => s.at >= signalled);
    const intakes = sent.filter((s) => s.kind === 'intake');
    const stored = await bench.withDb((c) => storedIntakes(c, intakes.map((s) => s.marker)));
    // A cut request: it ended without a full response, though the service had accepted the connection.
    const cut = sent.filter((s) => s.outcome.status === undefined && s.outcome.error !== 'ECONNREFUSED');
    const healthOnOpenConnection = afterSignal.filter((s) => s.kind === 'health' && s.outcome.reusedSocket && s.outcome.status === 503);
    const summary = {
      code,
      stoppedAfterMs,
      calls: sent.length,
      intakes: tally(intakes.map((s) => s.outcome)),
      health: tally(sent.filter((s) => s.kind === 'health').map((s) => s.outcome)),
      afterSignal: tally(afterSignal.map((s) => s.outcome)),
      health503OnOpenConnection: healthOnOpenConnection.length,
      cut: cut.length,
    };
    // eslint-disable-next-line no-console
    console.log('SIGTERM under keep-alive load:', JSON.stringify(summary));

    expect({ code, output: code === 0 ? '' : service.proc.output().slice(-2000) }).toEqual({ code: 0, output: '' });
    expect(stoppedAfterMs).toBeLessThan(10_000);
    expect(cut.map((s) => ({ kind: s.kind, error: s.outcome.error, reused: s.outcome.reusedSocket }))).toEqual([]);
    expect(healthOnOpenConnection.length).toBeGreaterThan(0);
    // Once the service said 503, every answer tells the client to close its connection.
    const stopping = Math.min(...healthOnOpenConnection.map((s) => s.at));
    expect(sent.filter((s) => s.at > stopping + 100 && s.outcome.status !== undefined && s.outcome.connection !== 'close').map((s) => s.kind)).toEqual([]);
    expect(healthOnOpenConnection.filter((s) => s.outcome.connection !== 'close')).toEqual([]);
    // Every 201 is stored once; an intake that found the port closed is not stored at all.
    expect(intakes.filter((s) => s.outcome.status === 201 && stored.get(s.marker)!.requests !== 1).map((s) => s.marker)).toEqual([]);
    expect(intakes.filter((s) => s.outcome.status === undefined && stored.get(s.marker)!.requests !== 0).map((s) => s.marker)).toEqual([]);
  });
});
