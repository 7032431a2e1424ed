/** The privacy facts file: validated at start with one line naming the setting and the field; missing facts listed, never assumed. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { examplePrivacyFactsFile, missingPrivacyFacts, parsePrivacyFacts, readPrivacyFacts } from '../../src/config/privacy-facts.js';
import { TEST_PRIVACY_FACTS_YAML } from '../support/privacy-facts.js';

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
    expect(facts.recipients).toEqual([{ name: 'Test Hosting B.V.', role: 'hosting (subverwerker)', country: 'NL' }]);
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
      expect(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts).toMatchObject({ origin: 'absent', missing: expect.arrayContaining(['purposes', 'recipients']) });
      writeFileSync(join(dir, 'privacy-facts.yaml'), TEST_PRIVACY_FACTS_YAML);
      expect(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'false' }).privacyFacts).toMatchObject({ origin: 'file', missing: [] });
    });

    it('uses the fictional example of the processor country with demo data', () => {
      const facts = loadConfig({ DATA_DIR: dir, DEMO_DATA: 'true', PROCESSOR_COUNTRY: 'BE' }).privacyFacts;
      expect(facts).toMatchObject({ origin: 'demo', missing: [], facts: { fictional: true, country: 'BE' } });
    });

    it('fails the start on a PRIVACY_FACTS_FILE that is not there or wrong', () => {
      expect(errorOf(() => loadConfig({ DATA_DIR: dir, PRIVACY_FACTS_FILE: join(dir, 'nope.yaml') })).message).toContain('nope.yaml: no such file');
      writeFileSync(join(dir, 'f.yaml'), variant('backupDays: 30', 'backupDays: -1'));
      expect(errorOf(() => loadConfig({ DATA_DIR: dir, PRIVACY_FACTS_FILE: join(dir, 'f.yaml') })).message).toMatch(/^Configuration error: PRIVACY_FACTS_FILE .*f\.yaml: backupDays: /);
    });

    it('accepts the facts as JSON too', () => {
      const json = join(dir, 'f.json');
      writeFileSync(json, JSON.stringify(parsePrivacyFacts(TEST_PRIVACY_FACTS_YAML, 'x', 'NL')));
      expect(readPrivacyFacts({ path: json, explicit: true }, { country: 'NL', demoData: false }).missing).toEqual([]);
    });
  });
});
