/**
 * Integration tests of stored data: demo data, identifier privacy, retention and data migrations.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './demo-data.suite.js';
import './identifier-privacy.suite.js';
import './retention.suite.js';
import './api-clients-migration.suite.js';
import './webhook-registration-migration.suite.js';
import './webhook-sequence-migration.suite.js';
