/**
 * Integration tests of forwarding to controllers: the flow, reminders, overdue drafts, the seams between forwarding and request,
 * and a forwarding sent in error (art 33(2)).
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './forwarding-flow.suite.js';
import './forwarding-incidents.suite.js';
import './forwarding-overdue-drafts.suite.js';
import './forwarding-reminders.suite.js';
import './forwarding-seams.suite.js';
import './forwarding-stale-plan.suite.js';
