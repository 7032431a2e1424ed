/**
 * The database a CLI command works on: DATABASE_URL, the embedded database of a running service
 * (through its socket), or the embedded database started for the command alone. A DATA_DIR that
 * holds no database is refused rather than given a new, empty one (whose keys and logins the
 * running service would not know).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { ResolvedConfig } from '../config/config.module.js';
import { loadConfig, processEnv } from '../config/config.js';
import { resolveSecrets } from '../config/secrets.js';
import { dataSourceOptions } from '../database/data-source.js';
import { readLock, startEmbedded, type EmbeddedDatabase } from '../database/embedded.js';

export class NoDatabaseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `No database in DATA_DIR ${dataDir} (no ${join(dataDir, 'pgdata')}), so nothing was changed. ` +
        'Point the CLI at the service\'s data: run it with the DATA_DIR the service uses (DATA_DIR=/path/to/data npm run cli -- …), ' +
        'or with its DATABASE_URL (and IDENTIFIER_KEY) when it runs on PostgreSQL. A new service creates its database at its first start (npm start).',
    );
    this.name = 'NoDatabaseError';
  }
}

/** The URL of DATA_DIR's embedded database when a service runs on it; a DATA_DIR without a database is refused. */
export function embeddedTarget(dataDir: string): { url?: string } {
  const running = readLock(dataDir)?.url;
  if (running) return { url: running };
  if (!existsSync(join(dataDir, 'pgdata'))) throw new NoDatabaseError(dataDir);
  return {};
}

export async function withDatabase<T>(fn: (db: DataSource, config: ResolvedConfig) => Promise<T>): Promise<T> {
  const settings = loadConfig(processEnv());
  // Before resolveSecrets, which would write a new identifier key into an empty DATA_DIR.
  let url = settings.databaseUrl ?? embeddedTarget(settings.dataDir).url;
  const config = resolveSecrets(settings);
  let embedded: EmbeddedDatabase | undefined;
  if (!url) {
    embedded = await startEmbedded(config.dataDir, { maxConnections: 4 });
    url = embedded.url;
  }
  // One connection: the embedded database is one backend session (see src/database/embedded.ts).
  const db = new DataSource(dataSourceOptions(url, config.databaseUrl ? 2 : 1));
  await db.initialize();
  try {
    await db.runMigrations();
    return await fn(db, config);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}
