/**
 * HTTP tests of agent login: throttling, passwords and the first login's credentials.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './ui-login-throttling.suite.js';
import './ui-password.suite.js';
import './login-page-credentials.suite.js';
