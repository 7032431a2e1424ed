// Jest (ESM) for unit, integration and HTTP end-to-end tests. Browser tests: jest.e2e.config.js.
// Test files are transpiled by SWC (swc.config.json, the build's settings: legacy decorators with
// their design-type metadata, which Nest's dependency injection reads). SWC does not type-check;
// `npm test` runs `tsc --noEmit` over src and test beside Jest (scripts/test.mjs).
//
// Suites: the unit, HTTP and integration tests are `*.suite.ts` files, imported by a few group files
// per area (test/unit/letters.test.ts, test/e2e/http/api-core.test.ts, test/integration/forwarding.test.ts,
// …). Jest loads the modules a test file imports once per test file, which for the service's module
// graph costs more CPU than starting an app; in groups that happens fourteen times instead of about
// a hundred and ten (the unit tests alone took 77 CPU-seconds as 58 files, 22 as two groups). Each suite is one
// `describe`; an HTTP or integration suite starts its own app and database, as before. One suite
// alone: `npm test -- --testMatch '**/forwarding-seams.suite.ts'`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const swc = JSON.parse(readFileSync(new URL('./swc.config.json', import.meta.url), 'utf8'));
delete swc.$schema;

/** @type {import('jest').Config} */
export default {
  // Jest keeps the time each test file took under the config's id and starts the longest first. One
  // id per database (DATABASE_URL or the embedded one), as the times differ: the data migrations
  // take seconds on PostgreSQL and most of a minute embedded.
  id: createHash('sha1')
    .update(`${fileURLToPath(new URL('.', import.meta.url))}:${process.env.DATABASE_URL ? 'postgres' : 'embedded'}`)
    .digest('hex')
    .slice(0, 32),
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The same library's CommonJS build: its ES build imports its metadata JSON without an import
    // attribute, which Jest warns about once per importing module and test file.
    '^libphonenumber-js/max$': '<rootDir>/node_modules/libphonenumber-js/max/index.cjs',
  },
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false, sourceMaps: 'inline' }] },
  setupFiles: ['reflect-metadata'],
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/e2e/browser/'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // Longest first, also on a fresh clone, where a group file of suites (see "Suites" above) would
  // otherwise count by its own few lines and start last.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 60000,
  // Three workers on two cores: the HTTP and integration tests wait on the database, mail and
  // spawned services a good part of the time (4 min 44 s against 6 min 03 s with two, quiet machine).
  maxWorkers: 3,
  // A worker that has run the HTTP suites holds a heap of some 700 MB and takes 0.4 to 0.6 s to
  // exit on two cores; Jest's default 500 ms then kills it as "failed to exit gracefully" although
  // it had exited (measured: the worker a zombie when the kill came). A real leak still shows
  // after 5 s.
  workerGracefulExitTimeout: 5000,
};
