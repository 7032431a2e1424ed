/**
 * Integration tests of mail intake: the folder, IMAP against Dovecot, triage and two nodes.
 * One test file, so one module graph and one contract validator for all of them (jest.config.js:
 * "Suites"); each suite starts its own app and database and runs as before.
 */
import './inbox-folder.suite.js';
import './inbox-imap.suite.js';
import './inbox-triage.suite.js';
import './inbox-two-nodes.suite.js';
