/**
 * National law per country, as the letters state it: the ONE table every statement of Dutch or
 * Belgian law in a template, the vocabulary and the sample data comes from (LEGAL.md, "Facts, not
 * defaults"). A template reads it with the Handlebars helper `law` (`{{law country "courtRoute"}}`)
 * or `authority`; code with {@link countryLaw} / {@link lawText}.
 *
 * What is in it: the supervisory authority (art 77 AVG), the court route after a refusal
 * (art 79 AVG as each country implements it), the tax authority, the legal retention periods a
 * letter may cite, and the citizen number on identity documents with the rule that limits its use.
 *
 * Pure data and functions, tone tokens as in vocabulary.ts (`{u}`, `{U}`, `{uw}`, `{kunt}` …).
 * Imports only the calendar's Country type, like the rest of the vocabulary.
 */
import type { Country } from '../deadlines/countries.js';

/** Supervisory authority of a country (art 77 AVG), as letters name it. */
export interface SupervisoryAuthority {
  name: string;
  abbreviation: string;
  addressLines: [string, string];
  website: string;
  phone: string;
}

/** A legal duty to keep records, as a letter cites it. */
export interface RetentionRule {
  /** What is kept: "de administratie (boekhouding)". */
  records: string;
  years: number;
  /** The provision, or null where the letter names the law only in general terms. */
  article: string | null;
}

export interface CountryLaw {
  country: Country;
  authority: SupervisoryAuthority;
  /**
   * The court route after a (partial) refusal (art 12(4) AVG), one sentence for the requester
   * (tone tokens). Only a refusal names it: an extension or "not ours" names the complaint only.
   */
  courtRoute: string;
  /** The provision of the court route: "art. 35 Uitvoeringswet AVG". */
  courtArticle: string;
  /** The time limit of the court route, or null when the law sets none. */
  courtTimeLimit: string | null;
  /** "de Belastingdienst" / "de FOD Financiën" (with the article, as a sentence needs it). */
  taxAuthority: string;
  /** Legal retention duties a letter may cite (art 17(3)(b) AVG). */
  retention: readonly RetentionRule[];
  /** The citizen number on identity documents. */
  idNumber: {
    /** "burgerservicenummer" / "rijksregisternummer". */
    name: string;
    /** "BSN", or null where Dutch has no usual abbreviation. */
    abbreviation: string | null;
    /** Why the organisation does not want or keep it (tone tokens). */
    note: string;
  };
  /**
   * Words only this country's law uses in a letter. The catalogue test checks that a letter for
   * the other country contains none of them.
   */
  markers: readonly string[];
}

export const COUNTRY_LAW: Readonly<Record<Country, CountryLaw>> = {
  NL: {
    country: 'NL',
    authority: {
      name: 'Autoriteit Persoonsgegevens',
      abbreviation: 'AP',
      addressLines: ['Postbus 93374', '2509 AJ Den Haag'],
      website: 'autoriteitpersoonsgegevens.nl',
      phone: '088 - 1805 250',
    },
    courtRoute:
      '{U} {kunt} ook naar de rechter: dien binnen zes weken na ontvangst van dit antwoord een verzoekschrift in bij de rechtbank (art. 35 Uitvoeringswet AVG).',
    courtArticle: 'art. 35 Uitvoeringswet AVG',
    courtTimeLimit: 'zes weken na ontvangst van het antwoord',
    taxAuthority: 'de Belastingdienst',
    retention: [{ records: 'de administratie, zoals de boekhouding en facturen', years: 7, article: 'art. 52 AWR' }],
    idNumber: {
      name: 'burgerservicenummer',
      abbreviation: 'BSN',
      note: 'Het burgerservicenummer (BSN) mag alleen worden gebruikt om een wet uit te voeren die dat voorschrijft (art. 46 Uitvoeringswet AVG). Wij willen het niet zien en slaan het nooit op.',
    },
    markers: ['Autoriteit Persoonsgegevens', 'autoriteitpersoonsgegevens.nl', 'Uitvoeringswet AVG', 'UAVG', 'AWR', 'Belastingdienst'],
  },
  BE: {
    country: 'BE',
    authority: {
      name: 'Gegevensbeschermingsautoriteit',
      abbreviation: 'GBA',
      addressLines: ['Drukpersstraat 35', '1000 Brussel'],
      website: 'gegevensbeschermingsautoriteit.be',
      phone: '+32 2 274 48 00',
    },
    courtRoute:
      '{U} {kunt} ook naar de rechter: {u} {kunt} de zaak voorleggen aan de voorzitter van de rechtbank van eerste aanleg (art. 209 van de wet van 30 juli 2018 betreffende de bescherming van natuurlijke personen met betrekking tot de verwerking van persoonsgegevens).',
    courtArticle: 'art. 209 van de wet van 30 juli 2018',
    courtTimeLimit: null,
    taxAuthority: 'de FOD Financiën',
    // REVIEW: the 10-year period for tax and VAT records is cited without an article (LEGAL.md
    // gives none); the privacy officer may add the provision.
    retention: [
      { records: 'de boekhouding', years: 7, article: 'art. III.88 WER' },
      { records: 'belasting- en btw-gegevens', years: 10, article: null },
    ],
    idNumber: {
      name: 'rijksregisternummer',
      abbreviation: null,
      note: 'Het rijksregisternummer mag alleen worden gebruikt met een wettelijke grondslag of een machtiging (art. 8 van de wet van 8 augustus 1983). Wij willen het niet zien en slaan het nooit op.',
    },
    markers: ['Gegevensbeschermingsautoriteit', 'gegevensbeschermingsautoriteit.be', 'art. 209', 'wet van 30 juli 2018', 'rechtbank van eerste aanleg', 'WER', 'FOD Financiën'],
  },
};

export function countryLaw(country: Country): CountryLaw {
  const law = (COUNTRY_LAW as Partial<Record<string, CountryLaw>>)[country];
  if (!law) throw new RangeError(`No law table for country ${String(country)}.`);
  return law;
}

/** "7 jaar voor de administratie, zoals de boekhouding en facturen (art. 52 AWR)"; several rules joined with "en". */
export function retentionText(country: Country): string {
  const parts = countryLaw(country).retention.map((r) => `${r.years} jaar voor ${r.records}${r.article ? ` (${r.article})` : ''}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} en ${parts[parts.length - 1]}`;
}

/** The rule a letter cites for invoices and accounting records: the first of the country's rules. */
export function bookkeepingRetention(country: Country): RetentionRule {
  return countryLaw(country).retention[0]!;
}

/** "7 jaar (art. 52 AWR)" for invoices and accounting records. */
export function bookkeepingRetentionText(country: Country): string {
  const rule = bookkeepingRetention(country);
  return `${rule.years} jaar${rule.article ? ` (${rule.article})` : ''}`;
}

/** The names a template may ask the `law` helper for. */
export const LAW_FIELDS = [
  'authorityName',
  'courtRoute',
  'courtArticle',
  'taxAuthority',
  'retention',
  'bookkeepingRetention',
  'idNumberName',
  'idNumberNote',
] as const;
export type LawField = (typeof LAW_FIELDS)[number];

export function isLawField(value: unknown): value is LawField {
  return typeof value === 'string' && (LAW_FIELDS as readonly string[]).includes(value);
}

/**
 * One statement of a country's law as text, tone tokens left in place for the caller (the
 * renderer applies the letter's tone).
 */
export function lawText(country: Country, field: LawField): string {
  const law = countryLaw(country);
  switch (field) {
    case 'authorityName':
      return law.authority.name;
    case 'courtRoute':
      return law.courtRoute;
    case 'courtArticle':
      return law.courtArticle;
    case 'taxAuthority':
      return law.taxAuthority;
    case 'retention':
      return retentionText(country);
    case 'bookkeepingRetention':
      return bookkeepingRetentionText(country);
    case 'idNumberName':
      return law.idNumber.abbreviation ? `${law.idNumber.name} (${law.idNumber.abbreviation})` : law.idNumber.name;
    case 'idNumberNote':
      return law.idNumber.note;
  }
}

/** "in Nederland 7 jaar voor de administratie …; in België 7 jaar voor de boekhouding … en 10 jaar voor …". */
export function retentionForBoth(): string {
  return `in Nederland ${retentionText('NL')}; in België ${retentionText('BE')}`;
}
