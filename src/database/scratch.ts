/**
 * A throwaway database for tests and benchmarks: a fresh database on the server of `baseUrl`
 * (dropped afterwards), or, without one, an embedded PGlite in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbedded } from './embedded.js';

export interface ScratchDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

async function onServer(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(baseUrl: string | undefined, prefix: string, maxConnections = 40): Promise<ScratchDatabase> {
  if (baseUrl) {
    const name = `${prefix}_${randomBytes(6).toString('hex')}`;
    await onServer(baseUrl, `CREATE DATABASE ${name}`);
    const url = new URL(baseUrl);
    url.pathname = '/' + name;
    return { url: url.toString(), kind: 'postgres', drop: () => onServer(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const embedded = await startEmbedded(dir, { maxConnections });
  return {
    url: embedded.url,
    kind: 'embedded',
    async drop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
