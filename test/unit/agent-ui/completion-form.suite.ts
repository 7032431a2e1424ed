/** What "Afronden" shows on an in-house request: the missing facts (of the letter's language), the art 19 recipients to tick, the art 22 outcome. */
import { completionForm, completionRefusal } from '../../../src/agent-ui/completion-form.js';
import { TEST_PRIVACY_FACTS_EN_YAML, TEST_PRIVACY_FACTS_FR_YAML, TEST_PRIVACY_FACTS_YAML, testFactsByLanguage, testFactsState, testTranslationState } from '../../support/privacy-facts.js';

const BACKUP_DAYS = 'na hoeveel dagen een back-up wordt overschreven (backupDays)';
const SOURCE = 'waar de gegevens vandaan komen (source)';
const withoutBackupDays = () => testFactsState(TEST_PRIVACY_FACTS_YAML.replace('backupDays: 30\n', ''));

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
    expect(completionForm(complete(), 'nl', ['erasure'])).toMatchObject({ problem: null, missing: [], recipients: [{ name: 'Test Hosting B.V.', role: 'hosting (verwerker)' }], fields: true, fictional: false });
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
    const en = testTranslationState(testFactsState(TEST_PRIVACY_FACTS_YAML), 'en', TEST_PRIVACY_FACTS_EN_YAML);
    const form = completionForm(testFactsByLanguage(testFactsState(TEST_PRIVACY_FACTS_YAML), { en }), 'en', ['erasure']);
    expect(form).toMatchObject({ problem: null, fields: true, recipients: [{ name: 'Test Hosting B.V.', role: 'hosting (verwerker)' }], file: '/data/privacy-facts.en.yaml' });
    const incomplete = testTranslationState(testFactsState(TEST_PRIVACY_FACTS_YAML), 'en', TEST_PRIVACY_FACTS_EN_YAML.replace('backupDays: 30\n', ''));
    const partial = completionForm(testFactsByLanguage(testFactsState(TEST_PRIVACY_FACTS_YAML), { en: incomplete }), 'en', ['erasure']);
    expect(partial.problem).toContain('de Engelse vertaling van het privacyfeitenbestand (/data/privacy-facts.en.yaml)');
    expect(partial.missing).toEqual(['na hoeveel dagen een back-up wordt overschreven (backupDays)']);
  });

  it('for a French requester while the main file lacks facts: names the main file first, then what the French translation lacks', () => {
    const nl = withoutBackupDays();
    const form = completionForm(testFactsByLanguage(nl, { fr: testTranslationState(nl, 'fr', TEST_PRIVACY_FACTS_FR_YAML) }), 'fr', ['erasure']);
    expect(form.problem).toBe('De verzoeker leest Frans. Die brief noemt de feiten uit de Franse vertaling, maar eerst moet het privacyfeitenbestand zelf (/data/privacy-facts.yaml) compleet zijn. Daarin ontbreekt nog:');
    expect(form).toMatchObject({ missing: [BACKUP_DAYS], more: null, fields: false });
    const both = testTranslationState(nl, 'fr', TEST_PRIVACY_FACTS_FR_YAML.replace('source: de la personne concernée elle-même\n', ''));
    const form2 = completionForm(testFactsByLanguage(nl, { fr: both }), 'fr', ['erasure']);
    expect(form2.missing).toEqual([BACKUP_DAYS]);
    expect(form2.more).toBe(`Daarna ontbreekt in de Franse vertaling (/data/privacy-facts.fr.yaml) nog: ${SOURCE}.`);
  });

  it('for an English requester without the main file and its translation: the main file first, then the translation', () => {
    const form = completionForm(testFactsByLanguage(testFactsState(null)), 'en', ['access']);
    expect(form.problem).toContain('eerst moet het privacyfeitenbestand zelf (/data/privacy-facts.yaml) compleet zijn');
    expect(form.missing).toHaveLength(8);
    expect(form.more).toBe('Daarna is ook de Engelse vertaling nodig: privacy-facts.en.yaml (in /data, naast het privacyfeitenbestand).');
  });
});

describe('the refusal of "Afronden" while facts are missing', () => {
  it('names the file that lacks them, the main file first', () => {
    const nl = withoutBackupDays();
    expect(completionRefusal(nl)).toBe(`De afrondingsbrief kan nog niet worden verstuurd: het privacyfeitenbestand is niet compleet. Vraag de privacyfunctionaris dit in te vullen: ${BACKUP_DAYS}.`);
    const french = completionRefusal(testTranslationState(nl, 'fr', TEST_PRIVACY_FACTS_FR_YAML));
    expect(french).toBe(`De afrondingsbrief kan nog niet worden verstuurd: het privacyfeitenbestand is niet compleet, en de Franse brief noemt dezelfde feiten. Vraag de privacyfunctionaris dit in te vullen: ${BACKUP_DAYS}.`);
    const absent = completionRefusal(testFactsByLanguage(nl).fr);
    expect(absent).toContain('het privacyfeitenbestand is niet compleet');
    expect(absent).toContain('Daarna is ook de Franse vertaling nodig: privacy-facts.fr.yaml');
    expect(absent).not.toMatch(/Franse vertaling van het privacyfeitenbestand (ontbreekt|is niet compleet)/);
  });

  it('names the translation when only the translation lacks something', () => {
    const nl = testFactsState(TEST_PRIVACY_FACTS_YAML);
    expect(completionRefusal(testFactsByLanguage(nl).fr)).toBe(
      'De afrondingsbrief kan nog niet worden verstuurd. De verzoeker leest Frans. De Franse vertaling van het privacyfeitenbestand ontbreekt: privacy-facts.fr.yaml (in /data, naast het privacyfeitenbestand). Vraag de privacyfunctionaris die vertaling te maken; na een herstart van de dienst kunt u afronden.',
    );
    const partial = testTranslationState(nl, 'fr', TEST_PRIVACY_FACTS_FR_YAML.replace('source: de la personne concernée elle-même\n', ''));
    expect(completionRefusal(partial)).toBe(`De afrondingsbrief kan nog niet worden verstuurd: de Franse vertaling van het privacyfeitenbestand is niet compleet. Vraag de privacyfunctionaris dit in te vullen: ${SOURCE}.`);
  });
});
