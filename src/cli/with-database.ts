/**
 * The database a CLI command works on: DATABASE_URL, the embedded database of a running service
 * (through its socket), or the embedded database started for the command alone.
 */
import { DataSource } from 'typeorm';
import type { ResolvedConfig } from '../config/config.module.js';
import { loadConfig, processEnv } from '../config/config.js';
import { resolveSecrets } from '../config/secrets.js';
import { dataSourceOptions } from '../database/data-source.js';
import { readLock, startEmbedded, type EmbeddedDatabase } from '../database/embedded.js';

export async function withDatabase<T>(fn: (db: DataSource, config: ResolvedConfig) => Promise<T>): Promise<T> {
  const config = resolveSecrets(loadConfig(processEnv()));
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl ?? readLock(config.dataDir)?.url;
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
