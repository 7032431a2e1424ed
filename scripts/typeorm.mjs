// TypeORM CLI on the compiled data source (dist/ormconfig.js, from ormconfig.ts).
// `npm run migration:generate -- migrations/<Name>` writes a new migration from entity changes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

buildIfStale();
const [command, ...rest] = process.argv.slice(2);
const args = [join(root, 'node_modules', 'typeorm', 'cli.js'), command, '-d', join(root, 'dist', 'ormconfig.js'), ...rest];
if (command === 'migration:generate' && !rest.some((a) => a.startsWith('--outputJs'))) args.push('--pretty');
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
