/**
 * The whole catalogue, as a privacy officer would read it before signing: every template rendered
 * with the sample set (src/replies/catalogue.ts) in every language (Dutch in both tones, French
 * and English in their one form) and for a Dutch and a Belgian processor. A je-letter never says
 * u/uw and a u-letter never je/jouw/jij; no double full stop; no variable left unfilled; every
 * statement of national law is the one of that country's law table in the letter's language
 * (src/vocabulary/country-law.ts), never the other country's; no Dutch word left in a French or
 * English letter.
 */
import type { Country } from '../../../src/deadlines/countries.js';
import { MAIL_CATALOGUE, sampleContext } from '../../../src/replies/catalogue.js';
import { MailTemplates, type RenderedMail } from '../../../src/replies/renderer.js';
import { COUNTRY_LAW, countryLaw } from '../../../src/vocabulary/country-law.js';
import type { Language } from '../../../src/vocabulary/language.js';
import { applyTone, TONES, type Tone } from '../../../src/vocabulary/vocabulary.js';

const templates = MailTemplates.load();
const COUNTRIES: Country[] = ['NL', 'BE'];

function render(id: string, tone: Tone, country: Country, lang: Language = 'nl'): RenderedMail {
  const processor = { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld-software.example', country };
  // The sample requester lives in the processor's country (their ID guidance follows their own country).
  return templates.render(id, sampleContext(id, tone, { processor, requesterCountry: country, lang }));
}

/** What a reader sees of the HTML part: tags removed, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function words(mail: RenderedMail): string {
  return `${mail.subject}\n${mail.text}\n${visible(mail.html)}`;
}

const cases = MAIL_CATALOGUE.flatMap((e) => TONES.flatMap((tone) => COUNTRIES.map((country) => ({ id: e.id, tone, country }))));

describe('the catalogue in both tones and both countries', () => {
  it.each(cases)('$id, tone $tone, $country: tone, punctuation and filled variables', ({ id, tone, country }) => {
    const mail = render(id, tone, country);
    const all = words(mail);
    if (tone === 'je') {
      expect(all).not.toMatch(/\b(u|uw|U|Uw)\b/);
      // Inverted, the je-form drops the t: "Wil je", not "Wilt je".
      expect(all).not.toMatch(/\b(Bent|Wilt|Kunt|Hebt|Doet|Vindt|Ontvangt|Leest|Krijgt|bent|wilt|kunt|hebt|doet|vindt|ontvangt|leest|krijgt) je\b/);
    }
    else expect(all).not.toMatch(/\b(je|jij|jou|jouw|Je|Jij|Jou|Jouw)\b/);
    // "B.V.." or "AVG.." — a full stop after a name that already ends with one.
    expect(all).not.toMatch(/(?<!\.)\.\.(?!\.)/);
    // AVG twice: "AVG-verzoek AVG-2026-000123".
    expect(all).not.toMatch(/AVG-verzoek AVG-/);
    for (const bad of ['{{', '}}', 'undefined', 'null', '[object', 'NaN']) expect(all).not.toContain(bad);
    // An empty value leaves two spaces, a space before a punctuation mark or empty brackets.
    for (const line of mail.text.split('\n')) {
      expect(line.trimStart()).not.toMatch(/\S {2,}\S/);
      expect(line).not.toMatch(/\S [.,;:)]/);
      expect(line).not.toMatch(/\(\s*\)/);
      // Lowercase after a colon in running text ("De reden: wij …", "Wat u moet doen: bevestig …"); list items and labels aside.
      if (!/^\s*[-*]/.test(line)) expect(line).not.toMatch(/[a-z]: (Wij|Je|U|Uw|De|Het|Een|Dit|Er|Bevestig|Beoordeel|Verbeter|Markeer|Lever|Stop|Laat)\b/);
    }
    expect(mail.subject).not.toMatch(/ {2}/);
  });

  it.each(cases)('$id, tone $tone, $country: national law only from that country\'s table', ({ id, tone, country }) => {
    const all = words(render(id, tone, country));
    const other = country === 'NL' ? 'BE' : 'NL';
    for (const marker of COUNTRY_LAW[other].markers) {
      expect({ marker, found: new RegExp(`(^|[^\\p{L}])${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(all) }).toEqual({ marker, found: false });
    }
    // A court route, where one is named, is this country's, word for word.
    if (/naar de rechter/.test(all)) expect(all).toContain(applyTone(countryLaw(country).courtRoute, tone));
    // An authority, where one is named, is this country's, with its address.
    const law = countryLaw(country);
    if (/toezichthouder \(art\. 77 AVG\):/.test(all)) {
      expect(all).toContain(law.authority.name);
      expect(all).toContain(law.authority.addressLines[0]);
    }
  });
});

describe('what each letter may and may not say', () => {
  it.each(COUNTRIES)('the refusal names the complaint and the court route of %s', (country) => {
    for (const tone of TONES) {
      const { text } = render('refusal', tone, country);
      const law = countryLaw(country);
      expect(text).toContain(law.authority.name);
      expect(text).toContain(applyTone(law.courtRoute, tone));
      expect(text).toContain(law.courtArticle);
    }
  });

  it.each(['extension-notice', 'not-ours'])('%s names the complaint to the authority but no court route or time limit', (id) => {
    for (const country of COUNTRIES) {
      for (const tone of TONES) {
        const { text } = render(id, tone, country);
        expect(text).toContain(countryLaw(country).authority.name);
        expect(text).not.toMatch(/rechter|rechtbank|zes weken|art\. 35|art\. 209/);
      }
    }
  });

  it('not-ours says the processor acts on instructions (art 28 and 29), not art 11(2)', () => {
    const { text } = render('not-ours', 'u', 'NL');
    expect(text).toContain('art. 28 en 29 AVG');
    expect(text).not.toContain('art. 11');
  });

  it('the je-form refusal keeps its tone in the ground, for every ground', () => {
    const base = sampleContext('refusal', 'je');
    for (const ground of ['identity-not-established', 'compelling-legitimate-grounds']) {
      const { text } = templates.render('refusal', { ...base, ground });
      expect(text).not.toMatch(/\b(u|uw)\b/);
    }
    expect(templates.render('refusal', { ...base, ground: 'identity-not-established' }).text).toContain(
      'De reden: wij kunnen niet vaststellen dat je de betrokkene bent (art. 11 lid 2 en art. 12 lid 2 AVG).',
    );
    expect(templates.render('refusal', { ...base, ground: 'compelling-legitimate-grounds' }).text).toContain('zwaarder wegen dan je belangen');
  });

  it('right-not-applicable cites the one article of the right asked', () => {
    const base = sampleContext('refusal', 'u');
    const portability = templates.render('refusal', { ...base, ground: 'right-not-applicable', rights: ['portability'] }).text;
    expect(portability).toContain('De reden: het recht op overdraagbaarheid geldt niet voor deze verwerking (art. 20 lid 1 AVG).');
    const two = templates.render('refusal', { ...base, ground: 'right-not-applicable', rights: ['access', 'objection', 'automated-decision'] }).text;
    expect(two).toContain('De reden: de rechten op bezwaar en geautomatiseerde besluitvorming gelden niet voor deze verwerking (art. 21 lid 1 en art. 22 lid 2 AVG).');
    expect(two).not.toMatch(/art\. 20 lid 1/);
  });

  it('instruction-concern never promises to carry out a confirmed instruction', () => {
    for (const tone of TONES) {
      const { text } = render('instruction-concern', tone, 'NL');
      expect(text).not.toMatch(/bevestigen: wij voeren haar dan uit|uitvoeren zoals gegeven|voeren haar dan uit/);
      expect(text).toMatch(/schriftelijk uit waarom/);
      expect(text).toContain('voeren wij niet uit (art. 28 lid 3, laatste zin, en art. 29 AVG)');
    }
  });

  it('the acknowledgement promises our own date only for a request we handle ourselves, and says a handover may be silent', () => {
    const { text } = render('acknowledgement', 'u', 'NL');
    expect(text).not.toMatch(/^U hoort uiterlijk/m);
    expect(text).toContain('Behandelen wij uw verzoek zelf, dan hoort u uiterlijk op donderdag 28 mei 2026 van ons.');
    expect(text).toContain('als dat veilig kan en onze afspraken met die organisatie dat toestaan');
    expect(text).toContain('van die organisatie zelf, en niet meer van ons');
  });

  it('the controller\'s clock is advice ("reken voor de zekerheid"), not the law', () => {
    for (const id of ['forwarding', 'controller-reminder', 'controller-escalation']) {
      const { text } = render(id, 'u', 'NL');
      expect(text).toContain('Reken voor de zekerheid vanaf onze ontvangst');
      expect(text).not.toMatch(/Wij rekenen vanaf onze ontvangst|wettelijke termijn eindigt/);
    }
  });

  it('the requester\'s notice of a forwarding does not present our conservative date as the controller\'s legal deadline', () => {
    const { text } = render('forwarded-notice', 'u', 'NL');
    expect(text).toContain('moet u binnen een maand antwoorden');
    expect(text).toContain('gevraagd voor de zekerheid uiterlijk op donderdag 28 mei 2026 te antwoorden');
    expect(text).not.toMatch(/moet u uiterlijk op/);
  });

  it('the forwarding says whether the requester was told', () => {
    const base = sampleContext('forwarding', 'u');
    expect(templates.render('forwarding', base).text).toContain('Wij hebben de verzoeker laten weten dat wij het verzoek naar Bakkerij De Korenbloem B.V. hebben doorgestuurd.');
    const silent = templates.render('forwarding', { ...base, requesterTold: false }).text;
    expect(silent).toContain('Wij hebben de verzoeker niet laten weten');
    expect(silent).toContain('De verzoeker hoort dus van u.');
    const unknown = templates.render('forwarding', { ...base, requesterTold: null }).text;
    expect(unknown).not.toContain('laten weten dat wij het verzoek');
  });

  it('the requester\'s notice names the instruction carried out', () => {
    const { text } = render('instruction-completed-notice', 'je', 'NL');
    expect(text).toContain('gaf Bakkerij De Korenbloem B.V. ons de opdracht: gegevens wissen.');
    expect(text).not.toContain('iets met');
  });

  it('the controller\'s draft refusal asks which data is kept, why and until when, and names that country\'s court', () => {
    for (const country of COUNTRIES) {
      const { text } = render('draft-refusal', 'u', country);
      expect(text).toContain('welke gegevens u bewaart, waarom en tot wanneer');
      expect(text).toContain(applyTone(countryLaw(country).courtRoute, 'u'));
    }
  });

  it('portability: directly to another organisation where technically feasible (art 20(2))', () => {
    const processor = { name: 'Voorbeeld Software B.V.', email: 'privacy@voorbeeld-software.example', country: 'NL' as const };
    const forwarding = templates.render('forwarding', sampleContext('forwarding', 'u', { processor, rights: ['portability'] })).text;
    expect(forwarding).toContain('rechtstreeks aan een andere organisatie, als dat technisch mogelijk is (art. 20 lid 2 AVG)');
    const completion = templates.render('completion', sampleContext('completion', 'je', { processor, rights: ['portability'] })).text;
    expect(completion).toContain('als dat technisch mogelijk is (art. 20 lid 2 AVG)');
  });

  it('the forwarding tells the controller the legal retention duty of its own country', () => {
    const nl = render('forwarding', 'u', 'NL').text;
    expect(nl).toContain('7 jaar voor de administratie, zoals de boekhouding en facturen (art. 52 AWR)');
    const be = render('forwarding', 'u', 'BE').text;
    expect(be).toContain('7 jaar voor de boekhouding (art. III.88 WER) en 10 jaar voor belasting- en btw-gegevens');
  });
});

// ---------------------------------------------------------------------------------------------
// French and English (issue 24): one form each ("vous", "you"); the tone in the context stays
// valid (the Dutch tone helpers need it) but changes nothing.
// ---------------------------------------------------------------------------------------------

const FOREIGN: ('fr' | 'en')[] = ['fr', 'en'];

/**
 * Dutch words that are not also French or English words: one of them in a French or English
 * letter is a sentence left untranslated. (Not "de", "en", "in", "op", "is", "van", "die", "dat":
 * French or English use them too, or names such as "Bakkerij De Korenbloem B.V." do.)
 */
const DUTCH_STOP_WORDS = [
  'het', 'een', 'niet', 'wij', 'uw', 'jouw', 'jij', 'verzoek', 'gegevens', 'persoonsgegevens', 'wordt', 'worden', 'zijn', 'voor', 'naar',
  'hebben', 'heeft', 'kunt', 'deze', 'bij', 'ook', 'omdat', 'wat', 'welke', 'geen', 'maar', 'dan', 'als', 'nog', 'moet', 'moeten',
  'ons', 'uiterlijk', 'termijn', 'verwerker', 'verwerkingsverantwoordelijke', 'betrokkene', 'verzoeker', 'toezichthouder',
  'groet', 'vriendelijke', 'geachte', 'beste', 'kenmerk', 'onderwerp', 'bewaren', 'wissen', 'dag', 'dagen', 'jaar', 'maand',
];

/** The Dutch stop words in a text (whole words, any case). */
function dutchWordsIn(text: string): string[] {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  return [...new Set(words.filter((w) => DUTCH_STOP_WORDS.includes(w)))];
}

/** The text without what is Dutch by nature: Dutch proper names and the Dutch names of laws a reader may need. */
function withoutDutchNames(text: string): string {
  return text
    .replace(/Autoriteit Persoonsgegevens|Gegevensbeschermingsautoriteit|Uitvoeringswet AVG|Belastingdienst|rechtbank|Postbus \d+|Den Haag/g, ' ')
    .replace(/Voorbeeld (Software|Hosting|Mail) (B\.V\.|BV|Inc\.)|Bakkerij De Korenbloem B\.V\.|Kapsalon Knip B\.V\.|Hosting Noord B\.V\.|Mailservice Zuid B\.V\./g, ' ');
}

const foreignCases = MAIL_CATALOGUE.flatMap((e) => FOREIGN.flatMap((lang) => COUNTRIES.map((country) => ({ id: e.id, lang, country }))));

describe('the catalogue in French and English', () => {
  it('every template of the Dutch catalogue has a French and an English version', () => {
    const dutch = templates.namesIn('nl').sort();
    expect({ fr: templates.namesIn('fr').sort() }).toEqual({ fr: dutch });
    expect({ en: templates.namesIn('en').sort() }).toEqual({ en: dutch });
  });

  it.each(foreignCases)('$id, $lang, $country: filled variables, punctuation and no Dutch left', ({ id, lang, country }) => {
    // Both Dutch tones give the same French or English letter.
    const mail = render(id, 'u', country, lang);
    expect(render(id, 'je', country, lang)).toEqual(mail);
    const all = words(mail);
    for (const bad of ['{{', '}}', 'undefined', 'null', '[object', 'NaN']) expect(all).not.toContain(bad);
    expect(all).not.toMatch(/(?<!\.)\.\.(?!\.)/);
    for (const line of mail.text.split('\n')) {
      expect(line.trimStart()).not.toMatch(/\S {2,}\S/);
      // French puts a (no-break) space before : ; ? !, never before . , or a closing bracket.
      expect(line).not.toMatch(lang === 'fr' ? /\S [.,)]/ : /\S [.,;:)?!]/);
      expect(line).not.toMatch(/\(\s*\)/);
    }
    expect(mail.html).toMatch(new RegExp(`<html lang="${lang}"`));
    expect({ id, lang, country, dutch: dutchWordsIn(withoutDutchNames(all)) }).toEqual({ id, lang, country, dutch: [] });
  });

  it.each(foreignCases)('$id, $lang, $country: national law only from that country\'s table, in the letter\'s language', ({ id, lang, country }) => {
    const all = words(render(id, 'u', country, lang));
    const other = country === 'NL' ? 'BE' : 'NL';
    for (const marker of COUNTRY_LAW[other].markers) {
      expect({ marker, found: new RegExp(`(^|[^\\p{L}])${marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(all) }).toEqual({ marker, found: false });
    }
    const law = countryLaw(country, lang);
    // A court route, where one is named, is this country's, word for word.
    if (/saisir le juge|go to court/.test(all)) expect(all).toContain(law.courtRoute);
    // An authority given with its contact details (the complaint paragraph) is this country's, with its address in the letter's language.
    if (all.includes(law.authority.website)) {
      expect(all).toContain(law.authority.name);
      expect(all).toContain(law.authority.addressLines[0]);
    }
  });

  it.each(FOREIGN.flatMap((lang) => COUNTRIES.map((country) => ({ lang, country }))))(
    'the $lang refusal for $country names the authority and the court route in $lang',
    ({ lang, country }) => {
      const { text } = render('refusal', 'u', country, lang);
      const law = countryLaw(country, lang);
      expect(text).toContain(law.authority.name);
      expect(text).toContain(law.authority.addressLines[0]);
      expect(text).toContain(law.courtRoute);
      expect(text).toContain(law.courtArticle);
    },
  );

  it.each(FOREIGN.flatMap((lang) => ['extension-notice', 'not-ours'].map((id) => ({ lang, id }))))(
    '$id in $lang names the complaint to the authority but no court route',
    ({ lang, id }) => {
      for (const country of COUNTRIES) {
        const { text } = render(id, 'u', country, lang);
        expect(text).toContain(countryLaw(country, lang).authority.name);
        expect(text).not.toContain(countryLaw(country, lang).courtRoute);
        expect(text).not.toMatch(/art\. 35|art\. 209|Art\. 35|Art\. 209/);
      }
    },
  );

  it('a Belgian letter in French names the Autorité de protection des données at rue de la Presse and the art. 209 route', () => {
    const { text } = render('refusal', 'u', 'BE', 'fr');
    expect(text).toContain('Autorité de protection des données');
    expect(text).toContain('Rue de la Presse 35');
    expect(text).toContain('1000 Bruxelles');
    expect(text).toContain('président du tribunal de première instance');
    expect(text).toContain('art. 209 de la loi du 30 juillet 2018');
  });

  it('the stop-word check finds the Dutch of a Dutch letter (it can fail)', () => {
    expect(dutchWordsIn(withoutDutchNames(words(render('acknowledgement', 'u', 'BE'))))).toEqual(expect.arrayContaining(['wij', 'uw', 'verzoek']));
    expect(dutchWordsIn(withoutDutchNames(words(render('forwarding', 'u', 'NL'))))).toEqual(expect.arrayContaining(['verwerkingsverantwoordelijke']));
  });

  it('dates and weekdays are written in the letter\'s language', () => {
    expect(render('acknowledgement', 'u', 'BE', 'fr').text).toContain('28 avril 2026');
    expect(render('acknowledgement', 'u', 'NL', 'en').text).toContain('28 April 2026');
  });
});
