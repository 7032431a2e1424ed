// Tests that spawn the service as a process need a current build in dist/ (SWC, about a second).
// Every test database starts as a copy of one migrated template (VR_TEST_TEMPLATE), made here
// once per set of migrations and kept for later runs: a test file does not migrate again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale, root } from '../../scripts/build-if-stale.mjs';

export default async function globalSetup() {
  buildIfStale();
  const { migrationsDigest, prepareTemplate } = await import('../../dist/src/database/scratch.js');
  const pglite = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
  const digest = migrationsDigest(join(root, 'migrations')) + (process.env.DATABASE_URL ? '' : `_${pglite.replace(/\W/g, '')}`);
  process.env.VR_TEST_TEMPLATE = await prepareTemplate(process.env.DATABASE_URL || undefined, digest);
}
