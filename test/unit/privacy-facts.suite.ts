/** The privacy facts file: validated at start with one line naming the setting and the field; missing facts listed, never assumed. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import {
  examplePrivacyFactsFile,
  FACTS_LANGUAGES,
  missingPrivacyFacts,
  parsePrivacyFacts,
  readPrivacyFacts,
  translationDifference,
  translationPath,
} from '../../src/config/privacy-facts.js';
import { LANGUAGES } from '../../src/vocabulary/language.js';
import { TEST_PRIVACY_FACTS_EN_YAML, TEST_PRIVACY_FACTS_FR_YAML, TEST_PRIVACY_FACTS_YAML, writeTestPrivacyFacts, writeTestPrivacyFactsTranslation } from '../support/privacy-facts.js';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('no ConfigError');
}

/** The complete test file with one line replaced. */
const variant = (from: string, to: string) => {
  if (!TEST_PRIVACY_FACTS_YAML.includes(from)) throw new Error(`not in the test facts: ${from}`);
  return TEST_PRIVACY_FACTS_YAML.replace(from, to);
};

describe('privacy facts file', () => {
  it('reads a complete file with nothing missing', () => {
    const facts = parsePrivacyFacts(TEST_PRIVACY_FACTS_YAML, 'facts.yaml', 'NL');
    expect(missingPrivacyFacts(facts)).toEqual([]);
    expect(facts.recipients).toEqual([{ name: 'Test Hosting B.V.', role: 'hosting (verwerker)', country: 'NL' }]);
  });

  it.each([
    ['a legal basis that does not exist', variant('legalBasis: contract', 'legalBasis: contractual'), 'purposes[0].legalBasis: must be one of consent, contract'],
    ['retention without its reason', variant('      reason: voor vragen over de afgesloten dienst\n', ''), 'categories[0].retention.reason: is required'],
    ['two misspelt fields', variant('source:', 'sources:').replace('backupDays', 'backupdays'), '(the file): unknown fields sources, backupdays'],
    ['a list instead of the facts', '- a\n- b', '(the file): must be a mapping of facts'],
    ['a misspelt field', variant('source:', 'sources:'), 'sources: unknown field'],
    ['a country that is not a code', variant('    country: NL', '    country: Nederland'), 'recipients[0].country: must be a two-letter country code'],
    ['back-up days as words', variant('backupDays: 30', 'backupDays: dertig'), 'backupDays: must be a number of days'],
    ['automated decisions as yes', variant('automatedDecisions: none', 'automatedDecisions: yes'), 'automatedDecisions: must be "none" or a list of decisions'],
    ['an empty source', variant('source: van de betrokkene zelf', 'source: ""'), 'source: may not be empty'],
    ['a transfer to an unknown recipient', variant('transfers: []', 'transfers:\n  - recipient: Elders Inc.\n    country: US\n    safeguard: SCC'), 'transfers[0].recipient: "Elders Inc." is not in recipients'],
    ['a "transfer" inside the EEA', variant('transfers: []', 'transfers:\n  - recipient: Test Hosting B.V.\n    country: DE\n    safeguard: SCC'), 'transfers[0].country: DE is in the EEA'],
    ['a recipient outside the EEA without a transfer', variant('    country: NL\n', '    country: US\n'), 'recipients[0].country: US is outside the EEA'],
    ['not YAML', 'purposes: [unclosed', 'not valid YAML'],
  ])('refuses %s, naming the setting and the field', (_what, yaml, message) => {
    const error = errorOf(() => parsePrivacyFacts(yaml, '/etc/vr/facts.yaml', 'NL'));
    expect(error.variable).toBe('PRIVACY_FACTS_FILE');
    expect(error.message).toContain('PRIVACY_FACTS_FILE /etc/vr/facts.yaml: ');
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
  });

  it('refuses facts of the other country (a Belgian processor must not cite Dutch law)', () => {
    expect(errorOf(() => parsePrivacyFacts(TEST_PRIVACY_FACTS_YAML, 'f.yaml', 'BE')).message).toContain('country: is NL but PROCESSOR_COUNTRY is BE');
  });

  it('refuses a retention reason citing the other country\'s law (a Dutch example copied for a Belgian processor)', () => {
    const copied = TEST_PRIVACY_FACTS_YAML.replace('country: NL\npurposes', 'country: BE\npurposes');
    expect(errorOf(() => parsePrivacyFacts(copied, 'f.yaml', 'BE')).message).toContain('categories[1].retention.reason: cites Dutch law but country is BE');
    const be = readFileSync(examplePrivacyFactsFile('BE'), 'utf8').replace('country: BE\n', 'country: NL\n').replace(/    country: BE/g, '    country: NL');
    expect(errorOf(() => parsePrivacyFacts(be, 'f.yaml', 'NL')).message).toMatch(/categories\[\d\]\.retention\.reason: cites Belgian law but country is NL/);
  });

  it('lists every missing fact; empty recipients and transfers are statements, empty purposes are not', () => {
    expect(missingPrivacyFacts({})).toEqual(['country', 'purposes', 'categories', 'source', 'recipients', 'transfers', 'backupDays', 'automatedDecisions']);
    const partial = parsePrivacyFacts(variant('backupDays: 30\n', '').replace(/purposes:\n(  .*\n)+/, 'purposes: []\n'), 'f.yaml', 'NL');
    expect(missingPrivacyFacts(partial)).toEqual(['purposes', 'backupDays']);
  });

  it('ships fictional example files for NL and BE that are complete but refused outside demo mode', () => {
    for (const country of ['NL', 'BE'] as const) {
      const source = readFileSync(examplePrivacyFactsFile(country), 'utf8');
      const facts = parsePrivacyFacts(source, 'example', country);
      expect(missingPrivacyFacts(facts, true)).toEqual([]);
      expect(missingPrivacyFacts(facts, false)).toEqual(['fictional']);
      // Both countries' legal retention periods are offered as comments, never assumed.
      expect(source).toMatch(/#.*art\. 52 Algemene wet inzake/);
      expect(source).toMatch(/#.*FOD Financiën/);
    }
    const be = JSON.stringify(parsePrivacyFacts(readFileSync(examplePrivacyFactsFile('BE'), 'utf8'), 'example', 'BE'));
    expect(be).not.toMatch(/AWR|Belastingdienst/);
    expect(be).toContain('tien jaar');
  });

  describe('at start (loadConfig)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'vr-facts-unit-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads DATA_DIR/privacy-facts.yaml by default; without it nothing is known (no demo data)', () => {
      expect(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts.nl).toMatchObject({ origin: 'absent', missing: expect.arrayContaining(['purposes', 'recipients']) });
      writeFileSync(join(dir, 'privacy-facts.yaml'), TEST_PRIVACY_FACTS_YAML);
      expect(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts.nl).toMatchObject({ origin: 'file', missing: [] });
    });

    it('uses the fictional example of the processor country with demo data', () => {
      const facts = loadConfig({ DATA_DIR: dir, DEMO_DATA: 'true', PROCESSOR_COUNTRY: 'BE' }).privacyFacts;
      expect(facts.nl).toMatchObject({ origin: 'demo', missing: [], facts: { fictional: true, country: 'BE' } });
      // … and its French and English translations.
      expect(facts.fr).toMatchObject({ origin: 'demo', translation: true, missing: [], path: examplePrivacyFactsFile('BE', 'fr') });
      expect(facts.fr.facts.categories?.[2]?.name).toBe('pièces comptables');
      expect(facts.en).toMatchObject({ origin: 'demo', translation: true, missing: [] });
    });

    it('fails the start on a PRIVACY_FACTS_FILE that is not there or wrong', () => {
      expect(errorOf(() => loadConfig({ DATA_DIR: dir, PRIVACY_FACTS_FILE: join(dir, 'nope.yaml') })).message).toContain('nope.yaml: no such file');
      writeFileSync(join(dir, 'f.yaml'), variant('backupDays: 30', 'backupDays: -1'));
      expect(errorOf(() => loadConfig({ DATA_DIR: dir, PRIVACY_FACTS_FILE: join(dir, 'f.yaml') })).message).toMatch(/^Configuration error: PRIVACY_FACTS_FILE .*f\.yaml: backupDays: /);
    });

    it('reads a translation beside the main file; a language without one is missing, naming the file', () => {
      writeTestPrivacyFacts(dir);
      writeTestPrivacyFactsTranslation(dir, 'fr');
      const facts = loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts;
      expect(facts.nl).toMatchObject({ language: 'nl', translation: false, missing: [] });
      expect(facts.fr).toMatchObject({ language: 'fr', translation: true, origin: 'file', path: join(dir, 'privacy-facts.fr.yaml'), missing: [] });
      expect(facts.fr.facts.purposes?.[0]?.purpose).toBe('la fourniture de notre logiciel');
      expect(facts.en).toMatchObject({ language: 'en', translation: true, origin: 'absent', missing: ['privacy-facts.en.yaml'] });
    });

    it('with PROCESSOR_LANGUAGE=en the main file is English and the Dutch text is a translation (privacy-facts.nl.yaml)', () => {
      writeTestPrivacyFacts(dir, TEST_PRIVACY_FACTS_EN_YAML);
      writeTestPrivacyFactsTranslation(dir, 'fr');
      writeFileSync(join(dir, 'privacy-facts.nl.yaml'), TEST_PRIVACY_FACTS_YAML);
      const facts = loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false', PROCESSOR_LANGUAGE: 'en' }).privacyFacts;
      expect(facts.en).toMatchObject({ translation: false, missing: [] });
      expect(facts.nl).toMatchObject({ translation: true, missing: [], path: join(dir, 'privacy-facts.nl.yaml') });
      expect(facts.fr.missing).toEqual([]);
    });

    it('a translation lacks what it lacks itself and what the main file lacks', () => {
      writeTestPrivacyFacts(dir, variant('backupDays: 30\n', ''));
      writeTestPrivacyFactsTranslation(dir, 'fr', TEST_PRIVACY_FACTS_FR_YAML.replace('source: de la personne concernée elle-même\n', '').replace('backupDays: 30\n', ''));
      const facts = loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts;
      expect(facts.nl.missing).toEqual(['backupDays']);
      expect(facts.fr.missing).toEqual(['source', 'backupDays']);
      // Which file lacks what, the main file first: the French letter waits for both.
      expect(facts.nl.gaps).toEqual([{ path: join(dir, 'privacy-facts.yaml'), translation: false, absent: false, missing: ['backupDays'] }]);
      expect(facts.fr.gaps).toEqual([
        { path: join(dir, 'privacy-facts.yaml'), translation: false, absent: false, missing: ['backupDays'] },
        { path: join(dir, 'privacy-facts.fr.yaml'), translation: true, absent: false, missing: ['source', 'backupDays'] },
      ]);
      // A translation that is not there: the main file first, then the translation.
      expect(facts.en.gaps.map((g) => g.path)).toEqual([join(dir, 'privacy-facts.yaml'), join(dir, 'privacy-facts.en.yaml')]);
      // A translation that lacks nothing itself waits for the main file only.
      writeTestPrivacyFactsTranslation(dir, 'en');
      const withEnglish = loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts;
      expect(withEnglish.en.missing).toEqual(['backupDays']);
      expect(withEnglish.en.gaps).toEqual([{ path: join(dir, 'privacy-facts.yaml'), translation: false, absent: false, missing: ['backupDays'] }]);
    });

    it('without the main file, a missing translation lacks the main file first, then itself', () => {
      const facts = loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts;
      expect(facts.fr.missing).toEqual([...missingPrivacyFacts({}), 'privacy-facts.fr.yaml']);
      expect(facts.fr.gaps).toEqual([
        { path: join(dir, 'privacy-facts.yaml'), translation: false, absent: true, missing: missingPrivacyFacts({}) },
        { path: join(dir, 'privacy-facts.fr.yaml'), translation: true, absent: true, missing: ['privacy-facts.fr.yaml'] },
      ]);
      writeTestPrivacyFacts(dir);
      expect(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts.fr).toMatchObject({
        missing: ['privacy-facts.fr.yaml'],
        gaps: [{ path: join(dir, 'privacy-facts.fr.yaml'), translation: true, absent: true, missing: ['privacy-facts.fr.yaml'] }],
      });
      expect(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts.nl.gaps).toEqual([]);
    });

    it('fails the start on a translation that is wrong or states other facts, naming the translation and the first difference', () => {
      writeTestPrivacyFacts(dir);
      writeTestPrivacyFactsTranslation(dir, 'fr', TEST_PRIVACY_FACTS_FR_YAML.replace('legalBasis: contract', 'legalBasis: contrat'));
      expect(errorOf(() => loadConfig({ DATA_DIR: dir })).message).toMatch(/^Configuration error: PRIVACY_FACTS_FILE .*privacy-facts\.fr\.yaml: purposes\[0\]\.legalBasis: must be one of/);
      writeTestPrivacyFactsTranslation(dir, 'fr', TEST_PRIVACY_FACTS_FR_YAML.replace(/  - name: données de facturation\n(      .*\n|    .*\n)+?(?=source)/, ''));
      const error = errorOf(() => loadConfig({ DATA_DIR: dir })).message;
      expect(error).toContain(`${join(dir, 'privacy-facts.fr.yaml')}: categories[1]: the main file has 2 categories, this one 1`);
      expect(error).not.toContain('\n');
    });

    it('fails the start on a translation without its main file', () => {
      writeTestPrivacyFactsTranslation(dir, 'en');
      expect(errorOf(() => loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' })).message).toContain('privacy-facts.en.yaml: a translation of');
    });

    it('accepts the facts as JSON too', () => {
      const json = join(dir, 'f.json');
      writeFileSync(json, JSON.stringify(parsePrivacyFacts(TEST_PRIVACY_FACTS_YAML, 'x', 'NL')));
      expect(readPrivacyFacts({ path: json, explicit: true }, { country: 'NL', demoData: false }).nl.missing).toEqual([]);
    });
  });
});

describe('privacy facts translations', () => {
  const nl = parsePrivacyFacts(TEST_PRIVACY_FACTS_YAML, 'nl.yaml', 'NL');
  const fr = parsePrivacyFacts(TEST_PRIVACY_FACTS_FR_YAML, 'fr.yaml', 'NL');

  it('sit beside the main file with the language before the extension', () => {
    expect(translationPath('/data/privacy-facts.yaml', 'fr')).toBe('/data/privacy-facts.fr.yaml');
    expect(translationPath('/x/facts.yml', 'en')).toBe('/x/facts.en.yml');
    expect(translationPath('/x/facts', 'fr')).toBe('/x/facts.fr');
    expect(examplePrivacyFactsFile('BE', 'fr')).toMatch(/resources\/privacy-facts\.example\.be\.fr\.yaml$/);
    expect([...FACTS_LANGUAGES]).toEqual([...LANGUAGES]);
  });

  it('state the same facts in other words', () => {
    expect(translationDifference(nl, fr)).toBeNull();
    expect(translationDifference(nl, parsePrivacyFacts(TEST_PRIVACY_FACTS_EN_YAML, 'en.yaml', 'NL'))).toBeNull();
    // A fact one of them does not state yet is not compared: it is missing there.
    expect(translationDifference(nl, { ...fr, backupDays: undefined, recipients: undefined })).toBeNull();
  });

  it.each<[string, object, string]>([
    ['another country', { country: 'BE' }, 'country: the main file says NL, this one BE'],
    ['fictional only in one', { fictional: true }, 'fictional: the main file says false, this one true'],
    ['a purpose more', { purposes: [...fr.purposes!, { purpose: 'la prospection', legalBasis: 'consent' }] }, 'purposes[1]: the main file has 1 purposes, this one 2'],
    ['another legal basis', { purposes: [{ ...fr.purposes![0]!, legalBasis: 'consent' }] }, 'purposes[0].legalBasis: the main file says contract, this one consent'],
    ['a category less', { categories: fr.categories!.slice(0, 1) }, 'categories[1]: the main file has 2 categories, this one 1'],
    ['a legal duty that is not one', { categories: [fr.categories![0]!, { ...fr.categories![1]!, retention: { ...fr.categories![1]!.retention, legalObligation: false } }] }, 'categories[1].retention.legalObligation: the main file says true, this one false'],
    ['a translated recipient name', { recipients: [{ name: 'Hébergement Test SA', role: 'hébergement', country: 'NL' }] }, 'recipients[0].name: the main file says "Test Hosting B.V.", this one "Hébergement Test SA"'],
    ['a recipient elsewhere', { recipients: [{ ...fr.recipients![0]!, country: 'BE' }] }, 'recipients[0].country: the main file says NL, this one BE'],
    ['a transfer more', { transfers: [{ recipient: 'Test Hosting B.V.', country: 'US', safeguard: 'CCT' }] }, 'transfers[0]: the main file has 0 transfers, this one 1'],
    ['other back-up days', { backupDays: 31 }, 'backupDays: the main file says 30, this one 31'],
    ['automated decisions where the main file has none', { automatedDecisions: [{ decision: 'blocage', logic: 'soixante jours', consequences: 'pas de factures' }] }, 'automatedDecisions: the main file says none, this one 1 decisions'],
  ])('name the first difference: %s', (_what, change, message) => {
    expect(translationDifference(nl, { ...fr, ...change })).toBe(message);
  });

  it('ship with the examples: French and English, the same facts as the Dutch example of each country', () => {
    for (const country of ['NL', 'BE'] as const) {
      const main = parsePrivacyFacts(readFileSync(examplePrivacyFactsFile(country), 'utf8'), 'example', country);
      for (const lang of ['fr', 'en'] as const) {
        const translated = parsePrivacyFacts(readFileSync(examplePrivacyFactsFile(country, lang), 'utf8'), `example ${lang}`, country);
        expect(translationDifference(main, translated)).toBeNull();
        expect(missingPrivacyFacts(translated, true)).toEqual([]);
        // Translated: no Dutch text left in the facts.
        expect(JSON.stringify({ ...translated, recipients: translated.recipients!.map((r) => r.role), transfers: translated.transfers!.map((t) => t.safeguard) })).not.toMatch(/\b(het|een|van|onze|wij|gegevens|bewaren)\b/);
      }
    }
  });
});
