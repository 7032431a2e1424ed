/**
 * An isolated database per test file: with DATABASE_URL, a fresh database on that server
 * (dropped afterwards); without it, an embedded PGlite in a temporary folder. Both start as a
 * copy of the migrated template the global setup prepared (test/support/global-setup.js), so a
 * test file does not run the migrations again; `{ migrated: false }` gives an empty database.
 */
import { createScratchDatabase, type ScratchDatabase } from '../../src/database/scratch.js';

export type TestDatabase = ScratchDatabase;

export const REAL_DATABASE_URL = process.env.DATABASE_URL || undefined;

export function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const template = options.migrated === false ? undefined : process.env.VR_TEST_TEMPLATE || undefined;
  return createScratchDatabase(REAL_DATABASE_URL, 'vr_test', 40, template);
}

/** For tests that need several real database sessions: a reason to skip when there is none. */
export function needsRealPostgres(what: string): boolean {
  if (REAL_DATABASE_URL) return true;
  // eslint-disable-next-line no-console
  console.log(`skipped: ${what} needs several real database sessions; set DATABASE_URL to run it`);
  return false;
}
