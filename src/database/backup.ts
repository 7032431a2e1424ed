/**
 * Backup and restore of the embedded database (PGlite in DATA_DIR/pgdata): a consistent copy of
 * the whole data directory as one gzip'ed tar (PGlite's dumpDataDir / loadDataDir). Both take the
 * DATA_DIR lock, so neither runs while a service uses that DATA_DIR: a copy of files a running
 * PostgreSQL is writing would not be consistent.
 *
 * Not in the backup: DATA_DIR/identifier.key (the key of the identifier digests and of the
 * encrypted secrets). Keep it apart from the backups, as a secret; a restore needs it.
 */
import { PGlite } from '@electric-sql/pglite';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { acquireLock, DataDirInUseError, EMBEDDED_EXTENSIONS, readLock, type LockInfo } from './embedded.js';

export const KEY_FILE = 'identifier.key';

export interface BackupResult {
  file: string;
  bytes: number;
}

export interface RestoreResult {
  /** Where the database that was there before went (only with `force`). */
  previous?: string;
  keyPresent: boolean;
}

function pgdataOf(dataDir: string): string {
  return join(dataDir, 'pgdata');
}

/** The lock's owner while it lives, this very process included (readLock leaves that one out). */
function liveOwner(dataDir: string): LockInfo | undefined {
  const other = readLock(dataDir);
  if (other) return other;
  try {
    const info = JSON.parse(readFileSync(join(dataDir, 'pgdata.lock'), 'utf8')) as LockInfo;
    return info.pid === process.pid ? info : undefined;
  } catch {
    return undefined;
  }
}

function refuseWhileInUse(dataDir: string): () => void {
  const owner = liveOwner(dataDir);
  if (owner) throw new DataDirInUseError(dataDir, owner);
  return acquireLock(dataDir);
}

export async function backupEmbedded(dataDir: string, file: string): Promise<BackupResult> {
  const release = refuseWhileInUse(dataDir);
  try {
    const pgdata = pgdataOf(dataDir);
    if (!existsSync(join(pgdata, 'PG_VERSION'))) throw new Error(`No embedded database in ${pgdata}.`);
    const db = await PGlite.create({ dataDir: pgdata, extensions: EMBEDDED_EXTENSIONS });
    let data: Buffer;
    try {
      await db.query('CHECKPOINT');
      data = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await db.close();
    }
    const target = resolve(file);
    mkdirSync(dirname(target), { recursive: true });
    // Written beside the target, then renamed: a crash never leaves a half backup under the name.
    const partial = `${target}.partial`;
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, target);
    chmodSync(target, 0o600);
    return { file: target, bytes: data.length };
  } finally {
    release();
  }
}

export async function restoreEmbedded(dataDir: string, file: string, options: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const source = resolve(file);
  if (!existsSync(source)) throw new Error(`No backup file ${source}.`);
  mkdirSync(dataDir, { recursive: true });
  const release = refuseWhileInUse(dataDir);
  try {
    const pgdata = pgdataOf(dataDir);
    let previous: string | undefined;
    if (existsSync(pgdata) && readdirSync(pgdata).length > 0) {
      if (!options.force) {
        throw new Error(`${pgdata} already holds a database. Restore into an empty DATA_DIR, or pass --force to move the existing one aside.`);
      }
      previous = `${pgdata}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(pgdata, previous);
    }
    const data = readFileSync(source);
    const db = await PGlite.create({ dataDir: pgdata, loadDataDir: new Blob([data]), extensions: EMBEDDED_EXTENSIONS });
    try {
      // A readable database, not just files: the migrations table answers.
      await db.query('SELECT count(*) FROM migrations');
    } finally {
      await db.close();
    }
    return { previous, keyPresent: existsSync(join(dataDir, KEY_FILE)) };
  } finally {
    release();
  }
}
