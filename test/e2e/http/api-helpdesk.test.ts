/**
 * HTTP tests of the helpdesk integration: webhooks, API clients and the guide's walk-through.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './helpdesk.suite.js';
import './helpdesk-docs.suite.js';
import './api-client-tenancy.suite.js';
