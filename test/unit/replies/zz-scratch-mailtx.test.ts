import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/common/paths.js';
import { MAIL_CATALOGUE, sampleContext } from '../../../src/replies/catalogue.js';
import { MailTemplates } from '../../../src/replies/renderer.js';
import type { Country } from '../../../src/deadlines/countries.js';

const LANG = process.env.MAILTX_LANG ?? 'fr';
const templates = MailTemplates.load(join(PROJECT_ROOT, 'templates', 'mail', LANG));
const STOP = ['het', 'een', 'niet', 'wij', 'uw', 'verzoek', 'gegevens', 'wordt', 'zijn', 'voor', 'naar', 'hebben', 'kunt', 'deze', 'bij', 'ook', 'omdat', 'dat', 'wat', 'heeft', 'hebt', 'je', 'jou', 'jouw', 'u', 'en', 'van', 'met', 'op', 'te', 'aan', 'of', 'als', 'om', 'dan', 'ons', 'onze'];
it('renders', () => {
  const bad: string[] = [];
  let out = '';
  for (const e of MAIL_CATALOGUE) for (const country of ['NL', 'BE'] as Country[]) {
    const processor = { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld-software.example', country };
    try {
      const m = templates.render(e.id, sampleContext(e.id, 'u', { processor, requesterCountry: country }));
      out += `\n######## ${e.id} ${country}\nSUBJECT: ${m.subject}\n${m.text}\n`;
      const tplText = m.text; // includes Dutch helper output for now
      void tplText;
    } catch (err) { bad.push(`${e.id} ${country}: ${(err as Error).message}`); }
  }
  writeFileSync(`/tmp/mailtx/${LANG}.txt`, out);
  expect(bad).toEqual([]);
  void STOP;
});
