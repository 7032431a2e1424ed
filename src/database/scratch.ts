/**
 * A throwaway database for tests and benchmarks: a fresh database on the server of `baseUrl`
 * (dropped afterwards), or, without one, an embedded PGlite in a temporary folder. With a
 * `template` (see prepareTemplate) the database starts as a copy of an already migrated one:
 * `CREATE DATABASE … TEMPLATE` on a server, a copy of the template's pgdata folder when embedded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { startEmbedded } from './embedded.js';

export interface ScratchDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

async function onServer(baseUrl: string, sql: string | ((serverVersion: number) => string)): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    if (typeof sql === 'function') {
      const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
      sql = sql(Number(rows[0]!.server_version_num));
    }
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabaseName(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = '/' + name;
  return url.toString();
}

/**
 * @param template a migrated database made by prepareTemplate (a database name on the server of
 * `baseUrl`, or a folder holding `pgdata` when embedded); absent: an empty database.
 */
export async function createScratchDatabase(baseUrl: string | undefined, prefix: string, maxConnections = 40, template?: string): Promise<ScratchDatabase> {
  if (baseUrl) {
    const name = `${prefix}_${randomBytes(6).toString('hex')}`;
    // From PostgreSQL 15 on, a copy of the template's files (FILE_COPY) costs a third of the default
    // block-by-block WAL_LOG copy, in time and in server CPU, for a database this small.
    await onServer(baseUrl, (version) => `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}${version >= 150000 ? ' STRATEGY FILE_COPY' : ''}` : ''}`);
    return { url: withDatabaseName(baseUrl, name), kind: 'postgres', drop: () => onServer(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  if (template) cpSync(join(template, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
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

/** A digest of the migrations' sources: a template is reused only while they are unchanged. */
export function migrationsDigest(migrationsDir: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsDir).sort()) {
    hash.update(file).update(readFileSync(join(migrationsDir, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

async function migrate(url: string): Promise<void> {
  const db = new DataSource(dataSourceOptions(url, 1));
  await db.initialize();
  try {
    await db.runMigrations();
  } finally {
    await db.destroy();
  }
}

/**
 * A migrated, otherwise empty database to copy scratch databases from, made once per set of
 * migrations (`digest`) and kept: on the server of `baseUrl` the database `vr_template_<digest>`,
 * embedded the folder `<tmpdir>/vr-template-<digest>`. Built under a temporary name and renamed,
 * so concurrent test runs never copy a half-migrated one. Returns what createScratchDatabase takes.
 * `emptyCluster` (embedded only): a folder from prepareEmptyCluster to start from.
 */
export async function prepareTemplate(baseUrl: string | undefined, digest: string, emptyCluster?: string): Promise<string> {
  const name = `vr_template_${digest}`;
  if (baseUrl) {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      const found = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      if (found.rowCount) return name;
      const building = `${name}_${randomBytes(4).toString('hex')}`;
      await client.query(`CREATE DATABASE ${building}`);
      try {
        await migrate(withDatabaseName(baseUrl, building));
        await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      } catch (err) {
        await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        // Another run finished the same template first.
        if ((err as { code?: string }).code === '42P04') return name;
        throw err;
      }
      return name;
    } finally {
      await client.end();
    }
  }
  const dir = join(tmpdir(), `vr-template-${digest}`);
  if (existsSync(join(dir, 'pgdata'))) return dir;
  const building = mkdtempSync(join(tmpdir(), `vr-template-${digest}-`));
  // Starts from an empty cluster made earlier (initdb is most of the work), when there is one.
  if (emptyCluster) cpSync(join(emptyCluster, 'pgdata'), join(building, 'pgdata'), { recursive: true });
  const embedded = await startEmbedded(building, { maxConnections: 4 });
  try {
    await migrate(embedded.url);
  } finally {
    await embedded.stop();
  }
  try {
    renameSync(building, dir);
  } catch (err) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(dir, 'pgdata'))) throw err;
  }
  return dir;
}

/**
 * An empty embedded cluster (PGlite's initdb, no migrations: what the service finds on its first
 * start in an empty DATA_DIR, once it has created its database), made once per PGlite version
 * (`version`) and kept in `<tmpdir>/vr-pgdata-<version>`; a folder holding `pgdata`. Creating a
 * cluster costs PGlite several CPU-seconds; a copy of this one takes a fraction of a second.
 */
export async function prepareEmptyCluster(version: string): Promise<string> {
  const dir = join(tmpdir(), `vr-pgdata-${version}`);
  if (existsSync(join(dir, 'pgdata', 'PG_VERSION'))) return dir;
  const building = mkdtempSync(join(tmpdir(), `vr-pgdata-${version}-`));
  const embedded = await startEmbedded(building, { maxConnections: 1 });
  await embedded.stop();
  // Only the cluster: not the lock or socket folder of the server that made it.
  for (const entry of readdirSync(building)) if (entry !== 'pgdata') rmSync(join(building, entry), { recursive: true, force: true });
  try {
    renameSync(building, dir);
  } catch (err) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(dir, 'pgdata', 'PG_VERSION'))) throw err;
  }
  return dir;
}
