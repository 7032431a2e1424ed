/** The workers' poll loop: immediate rounds while work waits, no overlapping rounds, clean stop. */
import pino from 'pino';
import { PollLoop } from '../../../src/jobs/poll-loop.js';

describe('poll loop', () => {
  const logger = pino({ level: 'silent' });
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Waits until `ok` holds (a busy CI machine may stall timers), failing after 5 s. */
  async function until(ok: () => boolean): Promise<void> {
    for (const end = Date.now() + 5000; !ok(); await tick(5)) if (Date.now() > end) throw new Error('timed out');
  }

  it('polls again at once while a round leaves work waiting, then waits the interval', async () => {
    let rounds = 0;
    const loop = new PollLoop({ name: 'test', intervalMs: 60_000, logger, round: async () => ++rounds, busy: (n) => n < 3 });
    loop.start();
    await until(() => rounds >= 3);
    // Then it waits the interval (a minute): no fourth round soon after.
    await tick(50);
    expect(rounds).toBe(3);
    await loop.stop();
  });

  it('shares the round in flight between callers and lets stop wait for it', async () => {
    let release!: () => void;
    let rounds = 0;
    let finished = false;
    const loop = new PollLoop({
      name: 'test',
      intervalMs: 60_000,
      logger,
      round: async () => {
        rounds++;
        await new Promise<void>((r) => (release = r));
        finished = true;
        return rounds;
      },
      busy: () => false,
    });
    const a = loop.runOnce();
    const b = loop.runOnce();
    expect(rounds).toBe(1);
    const stopped = loop.stop();
    await tick(10);
    expect(finished).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(true);
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    loop.start(); // a stopped loop stays stopped
    await tick(20);
    expect(rounds).toBe(1);
  });

  it('keeps polling after a failed round', async () => {
    let rounds = 0;
    const loop = new PollLoop({
      name: 'test',
      intervalMs: 5,
      logger,
      round: async () => {
        rounds++;
        if (rounds === 1) throw new Error('database away');
        return rounds;
      },
      busy: () => false,
    });
    loop.start();
    await until(() => rounds > 1);
    await loop.stop();
    expect(rounds).toBeGreaterThan(1);
  });
});
