/** A complete (fictional) privacy facts file for tests that answer in-house requests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingPrivacyFacts, parsePrivacyFacts, translationState, type FactsLanguage, type PrivacyFactsByLanguage, type PrivacyFactsState } from '../../src/config/privacy-facts.js';

export const TEST_PRIVACY_FACTS_YAML = `
country: NL
purposes:
  - purpose: het leveren van onze software
    legalBasis: contract
categories:
  - name: accountgegevens
    retention:
      period: tot zes maanden na het einde van het abonnement
      reason: voor vragen over de afgesloten dienst
      legalObligation: false
  - name: factuurgegevens
    retention:
      period: zeven jaar na afloop van het boekjaar
      reason: de wettelijke bewaarplicht van de administratie (art. 52 AWR)
      legalObligation: true
source: van de betrokkene zelf
recipients:
  - name: Test Hosting B.V.
    role: hosting (verwerker)
    country: NL
transfers: []
backupDays: 30
automatedDecisions: none
`;

/** Writes the test facts into `dir` and returns the path (for PRIVACY_FACTS_FILE). */
export function writeTestPrivacyFacts(dir: string, yaml = TEST_PRIVACY_FACTS_YAML): string {
  const path = join(dir, 'privacy-facts.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** A complete (fictional) English translation of TEST_PRIVACY_FACTS_YAML: the same facts, other words. */
export const TEST_PRIVACY_FACTS_EN_YAML = `
country: NL
purposes:
  - purpose: providing our software
    legalBasis: contract
categories:
  - name: account data
    retention:
      period: until six months after the end of the subscription
      reason: to answer questions about the service that ended
      legalObligation: false
  - name: invoicing data
    retention:
      period: seven years after the end of the financial year
      reason: the statutory duty to keep the accounts (Art. 52 AWR)
      legalObligation: true
source: from the data subject
recipients:
  - name: Test Hosting B.V.
    role: hosting (processor)
    country: NL
transfers: []
backupDays: 30
automatedDecisions: none
`;

/** A complete (fictional) French translation of TEST_PRIVACY_FACTS_YAML. */
export const TEST_PRIVACY_FACTS_FR_YAML = `
country: NL
purposes:
  - purpose: la fourniture de notre logiciel
    legalBasis: contract
categories:
  - name: données du compte
    retention:
      period: jusqu'à six mois après la fin de l'abonnement
      reason: pour répondre aux questions sur le service terminé
      legalObligation: false
  - name: données de facturation
    retention:
      period: sept ans après la fin de l'exercice
      reason: l'obligation légale de conserver la comptabilité (art. 52 AWR)
      legalObligation: true
source: de la personne concernée elle-même
recipients:
  - name: Test Hosting B.V.
    role: hébergement (sous-traitant)
    country: NL
transfers: []
backupDays: 30
automatedDecisions: none
`;

/** Writes a translation beside the facts in `dir` (`privacy-facts.fr.yaml`) and returns its path. */
export function writeTestPrivacyFactsTranslation(dir: string, lang: 'fr' | 'en', yaml = lang === 'fr' ? TEST_PRIVACY_FACTS_FR_YAML : TEST_PRIVACY_FACTS_EN_YAML): string {
  const path = join(dir, `privacy-facts.${lang}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

/** The state of facts as read at start (the main Dutch file unless `language` says otherwise). */
export function testFactsState(yaml: string | null, state: Partial<PrivacyFactsState> = {}): PrivacyFactsState {
  const facts = yaml === null ? {} : parsePrivacyFacts(yaml, 'f.yaml', 'NL');
  const read = { language: 'nl' as const, translation: false, path: '/data/privacy-facts.yaml', origin: yaml === null ? ('absent' as const) : ('file' as const), facts, missing: missingPrivacyFacts(facts), ...state };
  return { ...read, gaps: state.gaps ?? (read.missing.length ? [{ path: read.path, translation: read.translation, absent: read.origin === 'absent', missing: read.missing }] : []) };
}

/** A translation beside `main` as read at start (`yaml` null: not there): it also lacks what the main file lacks. */
export function testTranslationState(main: PrivacyFactsState, lang: FactsLanguage, yaml: string | null): PrivacyFactsState {
  return translationState(main, { language: lang, path: `/data/privacy-facts.${lang}.yaml`, facts: yaml === null ? null : parsePrivacyFacts(yaml, 'f.yaml', 'NL'), allowFictional: false });
}

/** Every language: `nl` as given, French and English translations absent unless given. */
export function testFactsByLanguage(nl: PrivacyFactsState, others: Partial<Record<'fr' | 'en', PrivacyFactsState>> = {}): PrivacyFactsByLanguage {
  return { nl, fr: others.fr ?? testTranslationState(nl, 'fr', null), en: others.en ?? testTranslationState(nl, 'en', null) };
}
