/**
 * Integration tests of the workflow runner, verification repair, processor tasks and the deadline sweeper.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './workflow-runner.suite.js';
import './verification-repair.suite.js';
import './processor-tasks.suite.js';
import './deadline-sweeper.suite.js';
