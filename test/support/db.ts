/**
 * An isolated database per test file: with DATABASE_URL, a fresh database on that server
 * (dropped afterwards); without it, an embedded PGlite in a temporary folder.
 */
import { createScratchDatabase, type ScratchDatabase } from '../../src/database/scratch.js';

export type TestDatabase = ScratchDatabase;

export const REAL_DATABASE_URL = process.env.DATABASE_URL || undefined;

export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(REAL_DATABASE_URL, 'vr_test');
}

/** For tests that need several real database sessions: a reason to skip when there is none. */
export function needsRealPostgres(what: string): boolean {
  if (REAL_DATABASE_URL) return true;
  // eslint-disable-next-line no-console
  console.log(`skipped: ${what} needs several real database sessions; set DATABASE_URL to run it`);
  return false;
}
