/**
 * HTTP tests of authentication, hostile input, HTTP hygiene, idempotency and the generated-input fuzz test.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './foundation.suite.js';
import './fuzz.suite.js';
import './hostile-input.suite.js';
import './http-hygiene.suite.js';
import './idempotency-after-commit.suite.js';
