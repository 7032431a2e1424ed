/** The per-country law table: the one source of national law in letters (LEGAL.md, "Facts, not defaults"). */
import { bookkeepingRetentionText, COUNTRY_LAW, countryLaw, LAW_FIELDS, lawText, retentionText } from '../../../src/vocabulary/country-law.js';
import { rightForController, supervisoryAuthority, SUPERVISORY_AUTHORITIES } from '../../../src/vocabulary/vocabulary.js';
import { MailTemplates } from '../../../src/replies/renderer.js';

describe('the law of the Netherlands', () => {
  const nl = countryLaw('NL');
  it('the Autoriteit Persoonsgegevens with its postal address, website and phone', () => {
    expect(nl.authority).toEqual({
      name: 'Autoriteit Persoonsgegevens',
      abbreviation: 'AP',
      addressLines: ['Postbus 93374', '2509 AJ Den Haag'],
      website: 'autoriteitpersoonsgegevens.nl',
      phone: '088 - 1805 250',
    });
  });
  it('after a refusal: a petition to the district court within six weeks (art 35 UAVG)', () => {
    expect(nl.courtRoute).toContain('binnen zes weken');
    expect(nl.courtRoute).toContain('verzoekschrift in bij de rechtbank');
    expect(nl.courtArticle).toBe('art. 35 Uitvoeringswet AVG');
    expect(nl.courtTimeLimit).toBe('zes weken na ontvangst van het antwoord');
  });
  it('the Belastingdienst; the administration seven years (art 52 AWR); the BSN (art 46 UAVG)', () => {
    expect(nl.taxAuthority).toBe('de Belastingdienst');
    expect(retentionText('NL')).toBe('7 jaar voor de administratie, zoals de boekhouding en facturen (art. 52 AWR)');
    expect(bookkeepingRetentionText('NL')).toBe('7 jaar (art. 52 AWR)');
    expect(lawText('NL', 'idNumberName')).toBe('burgerservicenummer (BSN)');
    expect(nl.idNumber.note).toContain('art. 46 Uitvoeringswet AVG');
  });
});

describe('the law of Belgium', () => {
  const be = countryLaw('BE');
  it('the Gegevensbeschermingsautoriteit (not the former Commissie)', () => {
    expect(be.authority.name).toBe('Gegevensbeschermingsautoriteit');
    expect(be.authority.addressLines).toEqual(['Drukpersstraat 35', '1000 Brussel']);
    expect(be.authority.website).toBe('gegevensbeschermingsautoriteit.be');
    expect(be.authority.phone).toBe('+32 2 274 48 00');
  });
  it('after a refusal: the president of the court of first instance (art 209, law of 30 July 2018), no six weeks', () => {
    expect(be.courtRoute).toContain('voorzitter van de rechtbank van eerste aanleg');
    expect(be.courtRoute).toContain('art. 209 van de wet van 30 juli 2018');
    expect(be.courtRoute).not.toContain('zes weken');
    expect(be.courtTimeLimit).toBeNull();
  });
  it('the FOD Financiën; accounting records seven years (art III.88 WER), tax and VAT records ten; the rijksregisternummer', () => {
    expect(be.taxAuthority).toBe('de FOD Financiën');
    expect(retentionText('BE')).toBe('7 jaar voor de boekhouding (art. III.88 WER) en 10 jaar voor belasting- en btw-gegevens');
    expect(bookkeepingRetentionText('BE')).toBe('7 jaar (art. III.88 WER)');
    expect(lawText('BE', 'idNumberName')).toBe('rijksregisternummer');
    expect(be.idNumber.note).toContain('wet van 8 augustus 1983');
  });
});

describe('one table, used everywhere', () => {
  it('each country\'s words never appear in the other country\'s law', () => {
    for (const [country, other] of [['NL', 'BE'], ['BE', 'NL']] as const) {
      const own = LAW_FIELDS.map((f) => lawText(country, f)).join('\n');
      for (const marker of COUNTRY_LAW[other].markers) expect({ marker, found: own.includes(marker) }).toEqual({ marker, found: false });
    }
  });

  it('the supervisory authorities of the vocabulary are the table\'s', () => {
    expect(supervisoryAuthority('NL')).toBe(COUNTRY_LAW.NL.authority);
    expect(SUPERVISORY_AUTHORITIES.BE).toBe(COUNTRY_LAW.BE.authority);
    expect(() => supervisoryAuthority('DE' as never)).toThrow(RangeError);
    expect(() => countryLaw('DE' as never)).toThrow(RangeError);
  });

  it('a controller reads the retention duty of its own country, or both when the country is unknown', () => {
    expect(rightForController('erasure', 'u', 'NL').todo).toContain('bewaarplicht: 7 jaar voor de administratie, zoals de boekhouding en facturen (art. 52 AWR).');
    expect(rightForController('erasure', 'u', 'NL').todo).not.toContain('WER');
    expect(rightForController('erasure', 'je', 'BE').todo).toContain('art. III.88 WER');
    expect(rightForController('erasure', 'je', 'BE').todo).not.toContain('AWR');
    const both = rightForController('erasure', 'u').todo;
    expect(both).toContain('in Nederland 7 jaar');
    expect(both).toContain('in België 7 jaar');
  });

  it('templates read it with the law helper, in the letter\'s tone; an unknown field or country is an error', () => {
    // A throwaway template directory is not needed: the helper is exercised through the court-route partial.
    const templates = MailTemplates.load();
    const context = (country: string, tone: string) => ({
      tone, country, reference: 'AVG-2026-000123', processor: { name: 'X', email: 'x@example.nl', country }, requester: { name: 'A', email: 'a@example.nl', customerRef: null },
      receivedDate: '2026-04-28', respondBy: '2026-05-28', rights: ['erasure'], ground: 'legal-retention-duty', reason: 'Reden.', partial: false,
    });
    expect(templates.render('refusal', context('BE', 'je')).text).toContain('Je kunt ook naar de rechter: je kunt de zaak voorleggen aan de voorzitter');
    expect(templates.render('refusal', context('NL', 'u')).text).toContain('U kunt ook naar de rechter: dien binnen zes weken');
    expect(() => templates.render('refusal', context('DE', 'u'))).toThrow(/not a country/);
  });
});
