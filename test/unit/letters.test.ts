// Unit tests of what people read: the letters and their catalogue, the vocabulary, the register and
// dossier, the incident notices, the identity-check guidance and the agent's pages.
// One test file, so one module graph for all of them (jest.config.js: "Suites"); each suite is one
// `describe`. One suite alone: `npm test -- --testMatch "**/dossier.suite.ts"`.
import './agent-ui/agent-digest.suite.js';
import './agent-ui/completion-form.suite.js';
import './agent-ui/controller-form.suite.js';
import './agent-ui/letter-moments.suite.js';
import './agent-ui/login-budget.suite.js';
import './agent-ui/next-step.suite.js';
import './http/views-languages.suite.js';
import './incidents/art33.suite.js';
import './incidents/misdirection.suite.js';
import './register/csv-injection.suite.js';
import './register/dashboard.suite.js';
import './register/dossier-pdf-pool.suite.js';
import './register/dossier.suite.js';
import './register/register-format.suite.js';
import './replies/catalogue-tone-law.suite.js';
import './replies/completion-letter.suite.js';
import './replies/letter-language.suite.js';
import './replies/replies-outbox.suite.js';
import './replies/replies-templates.suite.js';
import './start/start-banner.suite.js';
import './verification/redaction-guidance.suite.js';
import './verification/verification-repair.suite.js';
import './verification/verification-rules.suite.js';
import './vocabulary/country-law.suite.js';
import './vocabulary/vocabulary.suite.js';
