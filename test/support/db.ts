/**
 * An isolated database per test file: with DATABASE_URL, a fresh database on that server
 * (dropped afterwards); without it, an embedded PGlite in a temporary folder. Both start as a
 * copy of the migrated template the global setup prepared (test/support/global-setup.js), so a
 * test file does not run the migrations again; `{ migrated: false }` gives an empty database.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createScratchDatabase, type ScratchDatabase } from '../../src/database/scratch.js';

export type TestDatabase = ScratchDatabase;

export const REAL_DATABASE_URL = process.env.DATABASE_URL || undefined;

export function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const template = options.migrated === false ? undefined : process.env.VR_TEST_TEMPLATE || undefined;
  return createScratchDatabase(REAL_DATABASE_URL, 'vr_test', 40, template);
}

/**
 * Whether a session of this database waits for a row another transaction holds (not an advisory
 * lock), running a statement that contains `statementPart`: the moment a lock-order test acts.
 */
export async function waitsForRow(db: { query(sql: string, params?: unknown[]): Promise<unknown[]> }, statementPart = ''): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple')
        AND strpos(query, $1) > 0`,
    [statementPart],
  );
  return rows.length > 0;
}

/** Waits until a session waits for a row (waitsForRow); throws after `timeoutMs`. */
export async function untilWaitingForRow(db: { query(sql: string, params?: unknown[]): Promise<unknown[]> }, statementPart = '', timeoutMs = 10_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; !(await waitsForRow(db, statementPart)); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > until) throw new Error(`no session waited for a row (${statementPart || 'any statement'}) within ${timeoutMs} ms`);
  }
}

type Statement = [sql: string, params: unknown[]];

/**
 * A lock-order test: another session of `db` runs `first` in a transaction (a transition's first
 * lock, the request row), then `step` starts; once the step waits for a row (its statement
 * contains `waitingFor`), the session runs `then` (the transition's next lock) and commits. The
 * step's outcome: 'done', or 'failed: …' (a deadlock, when the two take the rows in opposite orders).
 */
export async function stepAgainstTransition(db: DataSource, first: Statement, step: () => Promise<unknown>, waitingFor: string, then: Statement): Promise<string> {
  const transition = db.createQueryRunner();
  await transition.connect();
  try {
    await transition.startTransaction();
    await transition.query(...first);
    const outcome = step().then(
      () => 'done',
      (err: unknown) => `failed: ${String(err)}`,
    );
    await untilWaitingForRow(db, waitingFor);
    await transition.query(...then);
    await transition.commitTransaction();
    return await outcome;
  } finally {
    if (transition.isTransactionActive) await transition.rollbackTransaction().catch(() => undefined);
    await transition.release();
  }
}

/** For tests that need several real database sessions: a reason to skip when there is none. */
export function needsRealPostgres(what: string): boolean {
  if (REAL_DATABASE_URL) return true;
  // eslint-disable-next-line no-console
  console.log(`skipped: ${what} needs several real database sessions; set DATABASE_URL to run it`);
  return false;
}

/**
 * Gives `dataDir` an embedded cluster, copied from one the global setup made: empty (no
 * migrations), as if a service had created it there and stopped before migrating; or with
 * `{ migrated: true }` migrated, as a service leaves it after its first start (without the
 * credentials and identifier key that start writes). The service or CLI then starts on it as on
 * any DATA_DIR holding a database, without the several CPU-seconds PGlite takes to create a
 * cluster, and with `migrated` the ten or so it takes to migrate one. Without that copy (the
 * global setup did not run) `dataDir` is left as it is: the embedded server creates the cluster itself.
 */
export function seedDataDir(dataDir: string, options: { migrated?: boolean } = {}): void {
  const cluster = options.migrated ? process.env.VR_TEST_EMBEDDED_TEMPLATE : process.env.VR_TEST_EMPTY_CLUSTER;
  if (!cluster || existsSync(join(dataDir, 'pgdata'))) return;
  cpSync(join(cluster, 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
}
