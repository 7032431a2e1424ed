/**
 * Integration tests of outgoing mail: the outbox, SMTP, .eml files, SMTP faults and letters per language.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './replies-eml.suite.js';
import './replies-outbox-recovery.suite.js';
import './replies-outbox-unconfirmed.suite.js';
import './outbox-lock-order.suite.js';
import './replies-smtp.suite.js';
import './faults-smtp.suite.js';
import './languages.suite.js';
