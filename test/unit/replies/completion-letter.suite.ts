/**
 * The in-house completion letter states the facts of the privacy facts file and nothing else:
 * recipients by name, art 19 notifications as recorded (with the date) or honestly absent, the
 * country's law from the facts, the art 22 section following the facts.
 */
import type { CompletePrivacyFacts } from '../../../src/config/privacy-facts.js';
import { sampleContext, SAMPLE_PRIVACY_FACTS } from '../../../src/replies/catalogue.js';
import { bare, LetterFactsMissing, ownProcessingCompletion, type CompletionRecord } from '../../../src/replies/own-processing.js';
import { MailTemplates } from '../../../src/replies/renderer.js';
import { previewMail } from '../../../src/replies/replies.service.js';
import { missingPrivacyFacts, parsePrivacyFacts } from '../../../src/config/privacy-facts.js';
import { TEST_PRIVACY_FACTS_EN_YAML, TEST_PRIVACY_FACTS_YAML, testFactsByLanguage, testFactsState, testTranslationState } from '../../support/privacy-facts.js';
import { TONES, type Tone } from '../../../src/vocabulary/vocabulary.js';
import type { Right } from '../../../src/requests/request.types.js';

const templates = MailTemplates.load();
const NL = SAMPLE_PRIVACY_FACTS.NL;
const BE = SAMPLE_PRIVACY_FACTS.BE;

function letter(rights: Right[], facts: CompletePrivacyFacts, record: CompletionRecord = {}, tone: Tone = 'u', country: 'NL' | 'BE' = facts.country) {
  const context = sampleContext('completion', tone, { rights, processor: { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld.example', country } });
  const mail = templates.render('completion', { ...context, completion: ownProcessingCompletion(tone, facts, record, {}, { allowFictional: true }) });
  return { text: mail.text, html: mail.html, both: `${mail.text}\n${mail.html}` };
}

describe('completion letter from the privacy facts', () => {
  it.each(['rectification', 'erasure', 'restriction'] as Right[])('%s: names the recipients told of it, each with the date (art 19)', (right) => {
    const { text, html } = letter([right], NL, { recipientsNotified: ['voorbeeld hosting b.v.'], notifiedOn: '2026-05-04' });
    expect(text).toContain('Wij hebben dit ook doorgegeven aan de organisaties die deze gegevens van ons ontvingen (art. 19 AVG):\n- Voorbeeld Hosting B.V., op maandag 4 mei 2026');
    expect(html).toContain('<li>Voorbeeld Hosting B.V., op maandag 4 mei 2026</li>');
    expect(text).not.toContain('Voorbeeld Mail Inc');
  });

  it.each(['rectification', 'erasure', 'restriction'] as Right[])('%s: with none recorded says so and offers the list on request, never "nobody received it"', (right) => {
    for (const tone of TONES) {
      const { both } = letter([right], NL, {}, tone);
      expect(both).toContain('Bij dit verzoek hebben wij niet vastgelegd dat wij dit aan andere organisaties hebben doorgegeven (art. 19 AVG).');
      expect(both).toContain(tone === 'u' ? 'Wilt u weten welke organisaties uw gegevens van ons hebben ontvangen? Vraag het ons; dan noemen wij ze.' : 'Wil je weten welke organisaties je gegevens van ons hebben ontvangen?');
      expect(both).not.toMatch(/Niemand anders|niemand aan wie/);
    }
  });

  it('says nobody received the data only when the facts file says so (recipients: [])', () => {
    const { text } = letter(['erasure', 'access'], { ...NL, recipients: [], transfers: [] });
    expect(text).toContain('Geen andere organisatie ontvangt deze gegevens van ons, dus er was niemand aan wie wij dit moesten doorgeven (art. 19 AVG).');
    expect(text).toContain('Wie de gegevens van ons ontvangen:\n- geen andere organisaties');
  });

  it('access names every recipient with role and country, and each transfer with its safeguard (C-154/21, art 15(2))', () => {
    const { text } = letter(['access'], NL);
    expect(text).toContain('- Voorbeeld Hosting B.V.: hosting (verwerker), in Nederland');
    expect(text).toContain('- Voorbeeld Mail Inc.: verzending van e-mail (verwerker), in de Verenigde Staten');
    expect(text).toContain('- aan Voorbeeld Mail Inc. in de Verenigde Staten, met als waarborg de standaardcontractbepalingen van de Europese Commissie (art. 46 lid 2 onder c AVG)');
    expect(text).toContain('omdat het nodig is voor de overeenkomst met u (art. 6 lid 1 onder b AVG)');
    expect(text).toContain('- factuur- en betaalgegevens: zeven jaar na afloop van het boekjaar; de wet verplicht ons');
    expect(text).not.toMatch(/Europese Unie|35 dagen|zes maanden na het einde van uw abonnement/);
  });

  it('states no transfer outside the EEA only when the facts list none', () => {
    expect(letter(['access'], BE).text).toContain('- wij geven uw gegevens niet door naar landen buiten de Europese Economische Ruimte');
    expect(letter(['access'], NL).text).not.toContain('niet door naar landen buiten');
  });

  it('erasure keeps what the law of the facts requires, and the back-up period of the facts', () => {
    const nl = letter(['erasure'], NL).text;
    expect(nl).toContain('- factuur- en betaalgegevens: de wet verplicht ons de administratie zeven jaar te bewaren voor de Belastingdienst (art. 52 AWR); wij bewaren dit zeven jaar na afloop van het boekjaar. Daarna wissen wij het.');
    expect(nl).toContain('binnen 35 dagen overschreven');
    expect(nl).not.toContain('naam en contactgegevens: ');
    const none = letter(['erasure'], { ...NL, categories: [NL.categories[0]] }).text;
    expect(none).not.toContain('volgens de wet nog bewaren');
  });

  it('a Belgian processor never cites art 52 AWR or the Belastingdienst (point 2)', () => {
    for (const tone of TONES) {
      const { both } = letter(['access', 'erasure', 'rectification'], BE, {}, tone, 'BE');
      expect(both).not.toMatch(/AWR|Belastingdienst|Autoriteit Persoonsgegevens/);
      expect(both).toContain('zeven jaar te bewaren (art. III.88 Wetboek van economisch recht)');
      expect(both).toContain('tien jaar te bewaren voor de FOD Financiën');
      expect(both).toContain('Gegevensbeschermingsautoriteit');
    }
  });

  describe('automated decisions (art 22)', () => {
    const review = { decisionReviewOutcome: 'de blokkade is opgeheven.' };
    it('with decisions in the facts: how it was reached, its consequences and the outcome of the review, once', () => {
      const { text } = letter(['access', 'automated-decision'], NL, review);
      const section = text.slice(text.indexOf('GEAUTOMATISEERDE BESLUITVORMING'));
      expect(section).toContain('Hoe het besluit tot stand komt: ons systeem kijkt elke nacht');
      expect(section).toContain('Wat het betekent en welke gevolgen het heeft: tot de betaling');
      expect(section).toContain('(art. 15 lid 1 onder h AVG)');
      expect(section).toContain('Een medewerker heeft het besluit over u opnieuw beoordeeld en daarbij uw standpunt meegewogen (art. 22 lid 3 AVG). De uitkomst: de blokkade is opgeheven.');
      // Not twice: the access section points to the art 22 section instead of repeating it.
      expect(text.match(/ons systeem kijkt elke nacht/g)).toHaveLength(1);
      expect(text).toContain('- hierover leest u hieronder meer, bij geautomatiseerde besluitvorming');
      expect(text).not.toMatch(/geen besluiten|medewerker bekeken/);
      expect(section).toContain('Wilt u het besluit aanvechten? Reageer dan op deze e-mail.');
      // The complaint paragraph follows; the section does not ask "niet eens" a second time.
      expect(text.match(/niet eens/g)).toHaveLength(1);
    });

    it('with none in the facts: no claim of a review, and no "no automated decisions" twice', () => {
      const { text } = letter(['access', 'automated-decision'], BE, {}, 'u', 'BE');
      expect(text.match(/geen besluiten over u die alleen op geautomatiseerde verwerking berusten/g)).toHaveLength(1);
      expect(text).toContain('Er is dus geen automatisch besluit dat wij opnieuw kunnen beoordelen.');
      expect(text).not.toContain('opnieuw beoordeeld');
    });

    it('access alone describes the decisions of the facts, or that there are none', () => {
      expect(letter(['access'], NL).text).toContain('- het automatisch blokkeren van een account bij een betalingsachterstand. Hoe het besluit tot stand komt:');
      expect(letter(['access'], BE).text).toContain('- wij nemen geen besluiten over u die alleen op geautomatiseerde verwerking berusten');
    });
  });

  it('writes no letter from incomplete or fictional facts', () => {
    const { backupDays: _gone, ...partial } = NL;
    expect(() => ownProcessingCompletion('u', partial, {}, {}, { allowFictional: true })).toThrow(LetterFactsMissing);
    expect(() => ownProcessingCompletion('u', NL)).toThrow(/fictional/);
  });

  it('punctuates facts once: a closing full stop in the file is dropped, an abbreviation keeps its own', () => {
    expect(bare('van de betrokkene zelf.')).toBe('van de betrokkene zelf');
    expect(bare('beveiliging (art. 32 AVG).')).toBe('beveiliging (art. 32 AVG)');
    expect(bare('Voorbeeld Hosting B.V.')).toBe('Voorbeeld Hosting B.V.');
    expect(bare('Voorbeeld Mail Inc.')).toBe('Voorbeeld Mail Inc.');
    const { text } = letter(['access'], { ...NL, source: 'van de betrokkene zelf.' });
    expect(text).toContain('Waar de gegevens vandaan komen: van de betrokkene zelf.\n');
    expect(text).not.toMatch(/[^.]\.\.(\s|$)/);
  });

  it('previews the completion letter with the real facts file once it is complete, else with the sample', () => {
    const settings = { processor: { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld.example', country: 'NL' as const }, publicBaseUrl: 'http://localhost' };
    const facts = parsePrivacyFacts(TEST_PRIVACY_FACTS_YAML, 'f.yaml', 'NL');
    const real = previewMail(templates, 'completion', 'u', { ...settings, privacyFacts: testFactsByLanguage(testFactsState(TEST_PRIVACY_FACTS_YAML)) });
    expect(facts.recipients).toHaveLength(1);
    expect(real.text).toContain('- Test Hosting B.V.: hosting (verwerker), in Nederland');
    const incomplete = previewMail(templates, 'completion', 'u', { ...settings, privacyFacts: testFactsByLanguage(testFactsState(null)) });
    expect(incomplete.text).toContain('- Voorbeeld Hosting B.V.: hosting (verwerker), in Nederland');
    // Each language with its own complete file; a language without one shows the samples of that language.
    const en = testTranslationState(testFactsState(TEST_PRIVACY_FACTS_YAML), 'en', TEST_PRIVACY_FACTS_EN_YAML);
    const withEnglish = { ...settings, privacyFacts: testFactsByLanguage(testFactsState(TEST_PRIVACY_FACTS_YAML), { en }) };
    expect(previewMail(templates, 'completion', 'u', withEnglish, 'en').text).toContain('- Test Hosting B.V. (Netherlands): hosting (processor)');
    expect(previewMail(templates, 'completion', 'u', withEnglish, 'fr').text).toContain('Voorbeeld Hosting B.V.');
  });
});
