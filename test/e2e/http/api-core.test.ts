/**
 * HTTP tests of the request, controller, processor-task and deadline API.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './requests.suite.js';
import './requester-country.suite.js';
import './verification.suite.js';
import './privacy-facts.suite.js';
import './controllers.suite.js';
import './processor-tasks-api.suite.js';
import './deadlines-preview.suite.js';
