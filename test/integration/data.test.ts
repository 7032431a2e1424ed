/**
 * Integration tests of stored data: demo data, identifier privacy and retention.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './demo-data.suite.js';
import './identifier-privacy.suite.js';
import './retention.suite.js';
