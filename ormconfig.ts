// Data source for the TypeORM CLI (`npm run migration:run|revert|generate`), compiled to
// dist/ormconfig.js. Uses DATABASE_URL, or the running embedded database of DATA_DIR.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig, processEnv } from './src/config/config.js';
import { dataSourceOptions } from './src/database/data-source.js';
import { readLock } from './src/database/embedded.js';

function url(): string {
  const config = loadConfig(processEnv());
  if (config.databaseUrl) return config.databaseUrl;
  const running = readLock(config.dataDir);
  if (running?.url) return running.url;
  throw new Error(
    'Set DATABASE_URL, or start the service (npm start) so the CLI can reach its embedded database in ' + config.dataDir,
  );
}

export default new DataSource(dataSourceOptions(url(), 2));
