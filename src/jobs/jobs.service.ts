/**
 * Durable background work on pg-boss: modules define their jobs (optionally on a cron schedule)
 * while the application initialises; `start()` runs after the migrations and begins the work.
 * pg-boss shares the application's connection pool, so the embedded database (one connection)
 * and a transaction's own connection (`sendInTransaction`) both work. Each queue is worked by a
 * PollLoop (fetch, run, complete or fail) rather than pg-boss's own workers, so that stopping
 * waits for the job and the fetch in flight before the pool closes: pg-boss lets its stopped
 * workers wind down in the background, still querying after stop() has returned.
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { LOGGER } from '../common/common.module.js';
import { describeError } from '../common/error-text.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { COUNTRIES } from '../deadlines/countries.js';
import { PollLoop } from './poll-loop.js';

/** How often an idle queue is asked for a job (pg-boss's own default is 2 s too). */
const JOB_POLL_MS = 2000;

export interface JobDefinition<T extends object = object> {
  name: string;
  /** Five-field cron in the processor's time zone, e.g. '* * * * *' (every minute). */
  cron?: string;
  /** Also run once right after start (e.g. a sweep that should not wait for the first minute). */
  runAtStart?: boolean;
  retryLimit?: number;
  handler: (data: T) => Promise<void>;
}

interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** pg-boss's database adapter over a `pg` pool or client. */
function bossDb(target: PgQueryable): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: (await target.query(text, values)).rows }) };
}

export const JOBS_SCHEMA = 'pgboss';

/** Creates the queue unless it exists (another node may create it at the same moment). */
async function ensureQueue(boss: PgBoss, def: JobDefinition<object>): Promise<void> {
  if (await boss.getQueue(def.name)) return;
  try {
    await boss.createQueue(def.name, { name: def.name, retryLimit: def.retryLimit ?? 2, retryBackoff: true });
  } catch (err) {
    if (!(await boss.getQueue(def.name))) throw err;
  }
}

@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private boss?: PgBoss;
  private loops: PollLoop<number>[] = [];

  constructor(
    private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.boss) throw new Error(`Job ${definition.name} defined after the job queue started`);
    this.definitions.set(definition.name, definition as JobDefinition<object>);
  }

  get started(): boolean {
    return this.boss !== undefined;
  }

  async start(): Promise<void> {
    if (this.boss) return;
    // The pg pool behind TypeORM (PostgresDriver.master): one pool for the whole service.
    const pool = (this.db.driver as unknown as { master: PgQueryable }).master;
    const boss = new PgBoss({ db: bossDb(pool), schema: JOBS_SCHEMA, migrate: true, supervise: true, schedule: this.config.scheduledJobs });
    boss.on('error', (err: Error) => this.logger.error({ err: { message: err.message } }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    for (const def of this.definitions.values()) {
      await ensureQueue(boss, def);
      // A round runs one job; with one done the next round follows at once, otherwise after the interval.
      this.loops.push(new PollLoop({ name: `job ${def.name}`, intervalMs: JOB_POLL_MS, logger: this.logger, round: () => this.runJob(boss, def), busy: (n) => n > 0 }));
      if (!this.config.scheduledJobs) continue;
      if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: COUNTRIES[this.config.processor.country].timeZone });
      if (def.runAtStart) await boss.send(def.name, {}, { singletonKey: `${def.name}:start`, singletonSeconds: 30 });
    }
    for (const loop of this.loops) loop.start();
    this.logger.debug({ jobs: [...this.definitions.keys()] }, 'job queue started');
  }

  /** Fetches one job of the queue and runs it: completed, or failed (pg-boss retries it by the queue's policy). */
  private async runJob(boss: PgBoss, def: JobDefinition<object>): Promise<number> {
    const [job] = await boss.fetch<object>(def.name, { batchSize: 1 });
    if (!job) return 0;
    try {
      await def.handler(job.data);
    } catch (err) {
      const message = describeError(err);
      this.logger.error({ job: def.name, err: { message } }, 'job failed');
      await boss.fail(def.name, job.id, { message });
      return 1;
    }
    await boss.complete(def.name, job.id);
    return 1;
  }

  /** Enqueues a job in the caller's transaction: it exists only if the transaction commits. */
  async sendInTransaction(tx: EntityManager, name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
    const boss = this.requireBoss();
    const client = (tx.queryRunner as unknown as { databaseConnection: PgQueryable } | undefined)?.databaseConnection;
    if (!client) throw new Error('sendInTransaction needs a transaction entity manager');
    return boss.send(name, data, { ...options, db: bossDb(client) });
  }

  async send(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
    return this.requireBoss().send(name, data, options);
  }

  // Before TypeORM closes the pool (onApplicationShutdown), so pg-boss can finish its writes.
  async onModuleDestroy(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.boss = undefined;
    // The job and the fetch in flight finish first; the pool belongs to TypeORM and is closed by it.
    await Promise.all(this.loops.map((loop) => loop.stop()));
    this.loops = [];
    await boss.stop({ graceful: true, close: false, wait: true, timeout: 10_000 }).catch((err: Error) => {
      this.logger.warn({ err: { message: err.message } }, 'job queue stop failed');
    });
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new Error('The job queue has not started');
    return this.boss;
  }
}
