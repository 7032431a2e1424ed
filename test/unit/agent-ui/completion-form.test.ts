/** What "Afronden" shows on an in-house request: the missing facts (of the letter's language), the art 19 recipients to tick, the art 22 outcome. */
import { completionForm } from '../../../src/agent-ui/completion-form.js';
import { TEST_PRIVACY_FACTS_EN_YAML, TEST_PRIVACY_FACTS_YAML, testFactsByLanguage, testFactsState } from '../../support/privacy-facts.js';

const complete = (yaml = TEST_PRIVACY_FACTS_YAML) => testFactsByLanguage(testFactsState(yaml));

describe('the completion form', () => {
  it('lists in Dutch what an absent file lacks, and offers no fields', () => {
    const form = completionForm(testFactsByLanguage(testFactsState(null)), 'nl', ['erasure']);
    expect(form.problem).toContain('privacyfeitenbestand (/data/privacy-facts.yaml)');
    expect(form.missing).toHaveLength(8);
    expect(form.missing).toContain('na hoeveel dagen een back-up wordt overschreven (backupDays)');
    expect(form.fields).toBe(false);
  });

  it('offers the recipients of the facts for a rectification, erasure or restriction only', () => {
    expect(completionForm(complete(), 'nl', ['erasure'])).toMatchObject({ problem: null, missing: [], recipients: [{ name: 'Test Hosting B.V.', role: 'hosting (subverwerker)' }], fields: true, fictional: false });
    expect(completionForm(complete(), 'nl', ['access'])).toMatchObject({ recipients: [], needsOutcome: false, fields: false });
  });

  it('asks the outcome of an art 22 review only when the facts list automated decisions', () => {
    expect(completionForm(complete(), 'nl', ['automated-decision']).needsOutcome).toBe(false);
    const withDecision = TEST_PRIVACY_FACTS_YAML.replace('automatedDecisions: none', 'automatedDecisions:\n  - decision: blokkade\n    logic: zestig dagen achterstand\n    consequences: geen nieuwe facturen');
    expect(completionForm(complete(withDecision), 'nl', ['automated-decision'])).toMatchObject({ needsOutcome: true, fields: true });
  });

  it('for a French requester without the French translation: says in Dutch which file is missing, and offers no fields', () => {
    const form = completionForm(complete(), 'fr', ['erasure']);
    expect(form.problem).toContain('De Franse vertaling van het privacyfeitenbestand ontbreekt: privacy-facts.fr.yaml');
    expect(form).toMatchObject({ missing: [], fields: false, file: '/data/privacy-facts.fr.yaml' });
  });

  it('for an English requester with the English translation: the form of the facts, recipients in the words of the main file', () => {
    const en = testFactsState(TEST_PRIVACY_FACTS_EN_YAML, { language: 'en', translation: true, path: '/data/privacy-facts.en.yaml' });
    const form = completionForm(testFactsByLanguage(testFactsState(TEST_PRIVACY_FACTS_YAML), { en }), 'en', ['erasure']);
    expect(form).toMatchObject({ problem: null, fields: true, recipients: [{ name: 'Test Hosting B.V.', role: 'hosting (subverwerker)' }], file: '/data/privacy-facts.en.yaml' });
    const incomplete = testFactsState(TEST_PRIVACY_FACTS_EN_YAML.replace('backupDays: 30\n', ''), { language: 'en', translation: true, path: '/data/privacy-facts.en.yaml' });
    const partial = completionForm(testFactsByLanguage(testFactsState(TEST_PRIVACY_FACTS_YAML), { en: incomplete }), 'en', ['erasure']);
    expect(partial.problem).toContain('de Engelse vertaling van het privacyfeitenbestand (/data/privacy-facts.en.yaml)');
    expect(partial.missing).toEqual(['na hoeveel dagen een back-up wordt overschreven (backupDays)']);
  });
});
