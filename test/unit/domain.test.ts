// Unit tests of the rules: the deadlines, the request, forwarding and processor-task machines,
// mail intake, the API's contract and validation, the configuration and the jobs.
// One test file, so one module graph for all of them (jest.config.js: "Suites"); each suite is one
// `describe`. One suite alone: `npm test -- --testMatch "**/poll-loop.suite.ts"`.
import './api/helpdesk-units.suite.js';
import './api/openapi-contract.suite.js';
import './config.suite.js';
import './data-controllers/identifiers.suite.js';
import './data-controllers/routing.suite.js';
import './deadlines/calendar.suite.js';
import './deadlines/deadlines.suite.js';
import './deadlines/dutch.suite.js';
import './deadlines/preview-schema.suite.js';
import './deadlines/properties.suite.js';
import './flat-machines.suite.js';
import './forwarding/controller-page.suite.js';
import './forwarding/forwarding-machine.suite.js';
import './forwarding/forwarding-plan.suite.js';
import './inbox/folder-source.suite.js';
import './inbox/mail-language.suite.js';
import './inbox/mail-signals.suite.js';
import './inbox/rights-classifier.suite.js';
import './jobs/poll-loop.suite.js';
import './privacy-facts.suite.js';
import './problem-filter.suite.js';
import './processor-tasks/export-files.suite.js';
import './processor-tasks/processor-task-rules.suite.js';
import './queue-search.suite.js';
import './request-machine.suite.js';
import './requests/completion-facts.suite.js';
import './requests/deadline-sweep.suite.js';
import './requests/request-effects.suite.js';
import './requests/requester-country.suite.js';
import './requests/senders.suite.js';
import './suite-groups.suite.js';
import './table-ownership.suite.js';
import './validation.suite.js';
import './webhooks/url-safety.suite.js';
