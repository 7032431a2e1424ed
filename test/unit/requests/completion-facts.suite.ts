/** When COMPLETE of an in-house request is refused for the sake of its letter. */
import { ValidationProblem } from '../../../src/common/problem.js';
import { completionProblem, PRIVACY_FACTS_INCOMPLETE } from '../../../src/requests/completion-facts.js';
import { TEST_PRIVACY_FACTS_FR_YAML, TEST_PRIVACY_FACTS_YAML, testFactsByLanguage, testFactsState, testTranslationState } from '../../support/privacy-facts.js';

const state = (yaml: string) => testFactsState(yaml);
const WITH_DECISION = TEST_PRIVACY_FACTS_YAML.replace('automatedDecisions: none', 'automatedDecisions:\n  - decision: blokkade\n    logic: zestig dagen achterstand\n    consequences: geen nieuwe facturen');

describe('completionProblem', () => {
  it('refuses while facts are missing, naming them', () => {
    const problem = completionProblem(state(TEST_PRIVACY_FACTS_YAML.replace('backupDays: 30\n', '')), ['access'], {});
    expect(problem).toMatchObject({ status: 422, code: PRIVACY_FACTS_INCOMPLETE, extensions: { missingFacts: ['backupDays'], language: 'nl', file: 'privacy-facts.yaml' } });
  });

  it('refuses a letter in a language whose translation is missing or incomplete, naming the language and the file', () => {
    const absent = completionProblem(testFactsByLanguage(state(TEST_PRIVACY_FACTS_YAML)).fr, ['access'], {});
    expect(absent).toMatchObject({ status: 422, code: PRIVACY_FACTS_INCOMPLETE, extensions: { missingFacts: ['privacy-facts.fr.yaml'], language: 'fr', file: 'privacy-facts.fr.yaml' } });
    expect(absent!.detail).toContain('French translation of PRIVACY_FACTS_FILE, which is missing: privacy-facts.fr.yaml');
    const partial = testTranslationState(state(TEST_PRIVACY_FACTS_YAML), 'fr', TEST_PRIVACY_FACTS_FR_YAML.replace('source: de la personne concernée elle-même\n', ''));
    expect(completionProblem(partial, ['access'], {})).toMatchObject({ extensions: { missingFacts: ['source'], language: 'fr', file: 'privacy-facts.fr.yaml' } });
    const french = testTranslationState(state(TEST_PRIVACY_FACTS_YAML), 'fr', TEST_PRIVACY_FACTS_FR_YAML);
    expect(completionProblem(french, ['erasure'], { recipientsNotified: ['Test Hosting B.V.'] })).toBeNull();
  });

  it('for a letter in a translation while the main file lacks facts: names the main file first, then the translation', () => {
    const nl = state(TEST_PRIVACY_FACTS_YAML.replace('backupDays: 30\n', ''));
    const french = completionProblem(testTranslationState(nl, 'fr', TEST_PRIVACY_FACTS_FR_YAML), ['access'], {});
    expect(french).toMatchObject({ status: 422, code: PRIVACY_FACTS_INCOMPLETE, extensions: { missingFacts: ['backupDays'], language: 'fr' } });
    expect(french!.detail).toContain('fill in PRIVACY_FACTS_FILE (privacy-facts.yaml) first: backupDays (and restart the service).');
    expect(french!.detail).not.toContain('translation of PRIVACY_FACTS_FILE (privacy-facts.fr.yaml); fill in');
    const both = completionProblem(testTranslationState(nl, 'fr', TEST_PRIVACY_FACTS_FR_YAML.replace('source: de la personne concernée elle-même\n', '')), ['access'], {});
    expect(both!.detail).toContain('fill in PRIVACY_FACTS_FILE (privacy-facts.yaml) first: backupDays; then in the French translation (privacy-facts.fr.yaml): source (and restart the service).');
    const nothing = completionProblem(testFactsByLanguage(testFactsState(null)).en, ['access'], {});
    expect(nothing!.detail).toContain('first: country, purposes, categories, source, recipients, transfers, backupDays, automatedDecisions; then add the English translation beside it: privacy-facts.en.yaml (and restart the service).');
  });

  it('accepts a complete file, recipients it names (any case) and none at all', () => {
    expect(completionProblem(state(TEST_PRIVACY_FACTS_YAML), ['erasure'], {})).toBeNull();
    expect(completionProblem(state(TEST_PRIVACY_FACTS_YAML), ['erasure'], { recipientsNotified: [' test hosting b.v.'] })).toBeNull();
  });

  it('refuses a recipient the file does not name, and an art 22 review without its outcome when the facts list decisions', () => {
    const unknown = completionProblem(state(TEST_PRIVACY_FACTS_YAML), ['erasure'], { recipientsNotified: ['Elders B.V.'] });
    expect(unknown).toBeInstanceOf(ValidationProblem);
    expect(unknown!.extensions.errors).toEqual([{ pointer: '/recipientsNotified', detail: 'Not a recipient in the privacy facts file: "Elders B.V.".' }]);
    expect((completionProblem(state(WITH_DECISION), ['automated-decision'], {})!.extensions.errors as { pointer: string }[])[0].pointer).toBe('/decisionReviewOutcome');
    expect(completionProblem(state(WITH_DECISION), ['automated-decision'], { decisionReviewOutcome: 'Opgeheven.' })).toBeNull();
    expect(completionProblem(state(TEST_PRIVACY_FACTS_YAML), ['automated-decision'], {})).toBeNull();
  });
});
