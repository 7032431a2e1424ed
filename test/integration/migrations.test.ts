/**
 * Integration tests of the data migrations: each migrates an empty database up to the migration it
 * tests, fills it, and runs the rest (on the embedded database the longest suites of all).
 * One test file, so one module graph for all of them (jest.config.js: "Suites"); each suite starts its
 * own database and runs as before.
 */
import './api-clients-migration.suite.js';
import './webhook-registration-migration.suite.js';
import './webhook-sequence-migration.suite.js';
