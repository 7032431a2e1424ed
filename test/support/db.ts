/**
 * An isolated database per test file: with DATABASE_URL, a fresh database on that server
 * (dropped afterwards); without it, an embedded PGlite in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbedded } from '../../src/database/embedded.js';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

export const REAL_DATABASE_URL = process.env.DATABASE_URL || undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  if (REAL_DATABASE_URL) {
    const name = `vr_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: REAL_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(REAL_DATABASE_URL);
    url.pathname = '/' + name;
    return {
      url: url.toString(),
      kind: 'postgres',
      async drop() {
        const c = new pg.Client({ connectionString: REAL_DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'vr-test-db-'));
  const embedded = await startEmbedded(dir, { maxConnections: 40 });
  return {
    url: embedded.url,
    kind: 'embedded',
    async drop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For tests that need several real database sessions: a reason to skip when there is none. */
export function needsRealPostgres(what: string): boolean {
  if (REAL_DATABASE_URL) return true;
  // eslint-disable-next-line no-console
  console.log(`skipped: ${what} needs several real database sessions; set DATABASE_URL to run it`);
  return false;
}
