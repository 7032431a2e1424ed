/**
 * The job queue (pg-boss, worked by the service's own poll loops): a job sent runs once, a job
 * that fails is retried by the queue's policy, and stopping waits for the job in flight, so a
 * sweep is never cut off by the pool closing under it.
 */
import pino from 'pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ResolvedConfig } from '../../src/config/config.module.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('jobs', () => {
  let t: TestApp;
  let jobs: JobsService;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await jobs?.onModuleDestroy();
    await t?.close();
  });

  async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
    for (const end = Date.now() + ms; !(await ok()); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    }
  }

  it('runs a job once, retries one that failed, and waits for the job in flight when it stops', async () => {
    const config = t.service.app.get<ResolvedConfig>(APP_CONFIG);
    // A second node's job queue on the same database, with jobs of its own (no schedules).
    jobs = new JobsService(t.service.app.get(DataSource), pino({ level: 'silent' }), { ...config, scheduledJobs: false });
    const flaky: unknown[] = [];
    const once: unknown[] = [];
    let slow: 'idle' | 'running' | 'finished' = 'idle';
    jobs.define<{ n: number }>({
      name: 'test-flaky',
      retryLimit: 2,
      handler: async (data) => {
        flaky.push(data);
        if (flaky.length === 1) throw new Error('database away for a moment');
      },
    });
    jobs.define<{ n: number }>({ name: 'test-once', handler: async (data) => void once.push(data) });
    jobs.define({
      name: 'test-slow',
      handler: async () => {
        slow = 'running';
        await new Promise((r) => setTimeout(r, 700));
        slow = 'finished';
      },
    });
    await jobs.start();

    await jobs.send('test-once', { n: 7 });
    await jobs.send('test-flaky', { n: 1 });
    await until('the retry', () => flaky.length >= 2);
    expect(flaky).toEqual([{ n: 1 }, { n: 1 }]);
    expect(once).toEqual([{ n: 7 }]);
    const db = t.service.app.get(DataSource);
    await until('the retried job completed', async () => {
      const [row] = await db.query(`SELECT state, retry_count AS "retryCount" FROM pgboss.job WHERE name = 'test-flaky'`);
      return row?.state === 'completed';
    });
    const [row] = await db.query(`SELECT retry_count AS "retryCount" FROM pgboss.job WHERE name = 'test-flaky'`);
    expect(row.retryCount).toBe(1);

    await jobs.send('test-slow', {});
    await until('the slow job started', () => slow === 'running');
    await jobs.onModuleDestroy();
    expect(slow).toBe('finished');
    const [done] = await db.query(`SELECT state FROM pgboss.job WHERE name = 'test-slow'`);
    expect(done.state).toBe('completed');
    // Nothing ran twice.
    expect(once).toHaveLength(1);
  });
});
