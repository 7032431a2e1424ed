// Tests that spawn the service as a process need a current build in dist/ (SWC, about a second).
// Every test database starts as a copy of one migrated template (VR_TEST_TEMPLATE), made here
// once per set of migrations and kept for later runs: a test file does not migrate again.
// Tests that need an embedded database in a DATA_DIR of their own start from a copy of one empty
// cluster (VR_TEST_EMPTY_CLUSTER, made once per PGlite version and kept; see seedDataDir in
// test/support/db.ts): creating a PGlite cluster costs several CPU-seconds, a copy very little.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale, root } from '../../scripts/build-if-stale.mjs';

export default async function globalSetup() {
  buildIfStale();
  const { migrationsDigest, prepareEmptyCluster, prepareTemplate } = await import('../../dist/src/database/scratch.js');
  const pglite = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version.replace(/\W/g, '');
  const emptyCluster = prepareEmptyCluster(pglite);
  const digest = migrationsDigest(join(root, 'migrations')) + (process.env.DATABASE_URL ? '' : `_${pglite}`);
  const [template, cluster] = await Promise.all([
    process.env.DATABASE_URL ? prepareTemplate(process.env.DATABASE_URL, digest) : emptyCluster.then((c) => prepareTemplate(undefined, digest, c)),
    emptyCluster,
  ]);
  process.env.VR_TEST_TEMPLATE = template;
  process.env.VR_TEST_EMPTY_CLUSTER = cluster;
}
