/**
 * Fault injection (issue #18): the service is killed with SIGKILL in the middle of a burst of
 * intakes and started again. Every acknowledged (201) intake is stored once, and no request is
 * half-written: each stored one has its RECEIVED audit event and its acknowledgement mail row.
 */
import { jest } from '@jest/globals';
import http from 'node:http';
import { needsRealPostgres } from '../support/db.js';
import { FaultBench, postIntake, sleep, storedIntakes, strayIntakes, tally, type HttpOutcome } from '../support/faults.js';

jest.setTimeout(120_000);

const CONCURRENT = 6;
const KILL_AFTER_MS = 1_200;
const MAX_PER_CLIENT = 60;

describe('kill -9 mid-burst and restart', () => {
  const bench = new FaultBench();
  afterAll(() => bench.tearDown());

  it('every 201 is stored once, nothing half-written, the restarted service takes intakes', async () => {
    if (!needsRealPostgres('killing a service process mid-burst')) return;
    await bench.setUp('faults-crash');
    const first = await bench.start({ API_RATE_LIMIT_PER_MINUTE: '100000' });
    const apiKey = bench.apiKey();
    const outcomes: { marker: string; outcome: HttpOutcome }[] = [];
    let killed = false;
    const client = async (i: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let n = 0; n < MAX_PER_CLIENT; n++) {
        const marker = `crash-${i}-${n}`;
        const outcome = await postIntake(first.baseUrl, apiKey, marker, agent);
        outcomes.push({ marker, outcome });
        if (killed && outcome.status === undefined) break;
      }
      agent.destroy();
    };
    const clients = Promise.all(Array.from({ length: CONCURRENT }, (_, i) => client(i)));
    await sleep(KILL_AFTER_MS);
    first.proc.child.kill('SIGKILL');
    killed = true;
    await first.proc.exited;
    await clients;

    const second = await bench.start({ API_RATE_LIMIT_PER_MINUTE: '100000' }, first.port);
    const after = await postIntake(second.baseUrl, apiKey, 'crash-after');
    expect(after.status).toBe(201);

    const markers = [...outcomes.map((o) => o.marker), 'crash-after'];
    const stored = await bench.withDb((c) => storedIntakes(c, markers));
    const cutOff = outcomes.filter((o) => o.outcome.status === undefined);
    const summary = {
      intakes: outcomes.length,
      kills: 1,
      outcomes: tally(outcomes.map((o) => o.outcome)),
      cutOffButStored: cutOff.filter((o) => stored.get(o.marker)!.requests === 1).length,
      cutOffNotStored: cutOff.filter((o) => stored.get(o.marker)!.requests === 0).length,
    };
    // eslint-disable-next-line no-console
    console.log('kill -9 mid-burst:', JSON.stringify(summary));
    expect(outcomes.filter((o) => o.outcome.status === 201).length).toBeGreaterThan(0);
    expect(cutOff.length).toBeGreaterThan(0); // the kill did hit calls in flight
    expect(outcomes.filter((o) => o.outcome.status === 201 && stored.get(o.marker)!.requests !== 1).map((o) => o.marker)).toEqual([]);
    // Nothing stored twice, nothing half-written (request without its audit event or acknowledgement).
    expect([...stored.entries()].filter(([, s]) => s.requests > 1 || s.complete !== s.requests)).toEqual([]);
    expect(await bench.withDb((c) => strayIntakes(c, markers))).toBe(0);
  });
});
