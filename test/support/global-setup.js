// Tests that spawn the service as a process need a current build in dist/ (SWC, about a second).
// Every test database starts as a copy of one migrated template (VR_TEST_TEMPLATE), made here
// once per set of migrations and kept for later runs: a test file does not migrate again.
// Tests that need an embedded database in a DATA_DIR of their own start from a copy of one empty
// cluster (VR_TEST_EMPTY_CLUSTER, made once per PGlite version and kept) or, when they do not test
// the first start's migrations, of one migrated embedded cluster (VR_TEST_EMBEDDED_TEMPLATE, made
// once per set of migrations, also when the tests run on PostgreSQL); see seedDataDir in
// test/support/db.ts. PGlite takes several CPU-seconds to create a cluster and about ten to
// migrate one; a copy takes a fraction of a second.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale, root } from '../../scripts/build-if-stale.mjs';

export default async function globalSetup() {
  buildIfStale();
  const { migrationsDigest, prepareEmptyCluster, prepareTemplate } = await import('../../dist/src/database/scratch.js');
  const pglite = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version.replace(/\W/g, '');
  const emptyCluster = prepareEmptyCluster(pglite);
  const digest = migrationsDigest(join(root, 'migrations'));
  const embeddedTemplate = emptyCluster.then((c) => prepareTemplate(undefined, `${digest}_${pglite}`, c));
  const [template, cluster, embedded] = await Promise.all([
    process.env.DATABASE_URL ? prepareTemplate(process.env.DATABASE_URL, digest) : embeddedTemplate,
    emptyCluster,
    embeddedTemplate,
  ]);
  process.env.VR_TEST_TEMPLATE = template;
  process.env.VR_TEST_EMPTY_CLUSTER = cluster;
  process.env.VR_TEST_EMBEDDED_TEMPLATE = embedded;
}
