/**
 * Integration tests of scheduled work: the job queue, the agent digest and two instances sweeping reminders.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './jobs.suite.js';
import './agent-digest.suite.js';
import './forwarding-two-instances.suite.js';
