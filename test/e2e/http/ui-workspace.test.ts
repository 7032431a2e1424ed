/**
 * HTTP tests of the agent workspace: queue, request page, controllers, dashboard, register and dossier.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './ui.suite.js';
import './ui-controllers.suite.js';
import './ui-detail.suite.js';
import './ui-queue.suite.js';
import './dashboard.suite.js';
import './dossier.suite.js';
import './register.suite.js';
