/** What "Afronden" shows on an in-house request: the missing facts, the art 19 recipients to tick, the art 22 outcome. */
import { parsePrivacyFacts, missingPrivacyFacts, type PrivacyFactsState } from '../../../src/config/privacy-facts.js';
import { completionForm } from '../../../src/agent-ui/completion-form.js';
import { TEST_PRIVACY_FACTS_YAML } from '../../support/privacy-facts.js';

const complete = (yaml = TEST_PRIVACY_FACTS_YAML): PrivacyFactsState => {
  const facts = parsePrivacyFacts(yaml, 'f.yaml', 'NL');
  return { path: '/data/privacy-facts.yaml', origin: 'file', facts, missing: missingPrivacyFacts(facts) };
};

describe('the completion form', () => {
  it('lists in Dutch what an absent file lacks, and offers no fields', () => {
    const form = completionForm({ path: '/data/privacy-facts.yaml', origin: 'absent', facts: {}, missing: missingPrivacyFacts({}) }, ['erasure']);
    expect(form.missing).toHaveLength(8);
    expect(form.missing).toContain('na hoeveel dagen een back-up wordt overschreven (backupDays)');
    expect(form.fields).toBe(false);
  });

  it('offers the recipients of the facts for a rectification, erasure or restriction only', () => {
    expect(completionForm(complete(), ['erasure'])).toMatchObject({ missing: [], recipients: [{ name: 'Test Hosting B.V.', role: 'hosting (subverwerker)' }], fields: true, fictional: false });
    expect(completionForm(complete(), ['access'])).toMatchObject({ recipients: [], needsOutcome: false, fields: false });
  });

  it('asks the outcome of an art 22 review only when the facts list automated decisions', () => {
    expect(completionForm(complete(), ['automated-decision']).needsOutcome).toBe(false);
    const withDecision = TEST_PRIVACY_FACTS_YAML.replace('automatedDecisions: none', 'automatedDecisions:\n  - decision: blokkade\n    logic: zestig dagen achterstand\n    consequences: geen nieuwe facturen');
    expect(completionForm(complete(withDecision), ['automated-decision'])).toMatchObject({ needsOutcome: true, fields: true });
  });
});
