/** A complete (fictional) privacy facts file for tests that answer in-house requests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
    role: hosting (subverwerker)
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
