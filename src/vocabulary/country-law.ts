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
import type { Language } from './language.js';
import { frenchSpacing } from './translations.js';

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
    markers: [
      'Autoriteit Persoonsgegevens',
      'autoriteitpersoonsgegevens.nl',
      'Uitvoeringswet AVG',
      'UAVG',
      'AWR',
      'Belastingdienst',
      "loi néerlandaise d'exécution du RGPD",
      'Dutch GDPR Implementation Act',
      'administration fiscale néerlandaise',
      'Dutch Tax and Customs Administration',
    ],
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
    markers: [
      'Gegevensbeschermingsautoriteit',
      'gegevensbeschermingsautoriteit.be',
      'art. 209',
      'wet van 30 juli 2018',
      'rechtbank van eerste aanleg',
      'WER',
      'FOD Financiën',
      'Autorité de protection des données',
      'autoriteprotectiondonnees.be',
      'loi du 30 juillet 2018',
      'tribunal de première instance',
      'SPF Finances',
      'CDE',
      'Belgian Data Protection Authority',
      'dataprotectionauthority.be',
      'Act of 30 July 2018',
      'court of first instance',
      'Federal Public Service Finance',
      'Code of Economic Law',
    ],
  },
};

/** What a country's law says in French and English: the same fields, the markers stay the country's. */
type LocalLaw = Omit<CountryLaw, 'country' | 'markers'>;

/**
 * The law tables in French and English. Names of authorities and courts in the reader's language
 * with the Dutch name in brackets where the Dutch name is what an envelope or a court registry
 * needs; addresses as the authority gives them in that language.
 */
export const FOREIGN_COUNTRY_LAW: Readonly<Record<'fr' | 'en', Readonly<Record<Country, LocalLaw>>>> = {
  fr: {
    NL: {
      authority: {
        name: 'Autoriteit Persoonsgegevens (autorité néerlandaise de protection des données)',
        abbreviation: 'AP',
        addressLines: ['Postbus 93374', '2509 AJ Den Haag, Pays-Bas'],
        website: 'autoriteitpersoonsgegevens.nl',
        phone: '+31 88 1805 250',
      },
      courtRoute: frenchSpacing(
        "Vous pouvez également saisir le juge : déposez une requête auprès du tribunal d'arrondissement (rechtbank) dans les six semaines suivant la réception de la présente réponse (art. 35 de la loi néerlandaise d'exécution du RGPD, Uitvoeringswet AVG).",
      ),
      courtArticle: "art. 35 de la loi néerlandaise d'exécution du RGPD",
      courtTimeLimit: 'six semaines après la réception de la réponse',
      taxAuthority: "l'administration fiscale néerlandaise",
      retention: [{ records: 'la comptabilité, comme les livres comptables et les factures', years: 7, article: 'art. 52 AWR' }],
      idNumber: {
        name: 'numéro de service citoyen',
        abbreviation: 'BSN',
        note: "Le numéro de service citoyen (BSN) ne peut être utilisé que pour appliquer une loi qui le prévoit (art. 46 de la loi néerlandaise d'exécution du RGPD). Nous ne voulons pas le voir et ne l'enregistrons jamais.",
      },
    },
    BE: {
      authority: {
        name: 'Autorité de protection des données',
        abbreviation: 'APD',
        addressLines: ['Rue de la Presse 35', '1000 Bruxelles'],
        website: 'autoriteprotectiondonnees.be',
        phone: '+32 2 274 48 00',
      },
      courtRoute: frenchSpacing(
        "Vous pouvez également saisir le juge, en portant l'affaire devant le président du tribunal de première instance, siégeant comme en référé (art. 209 de la loi du 30 juillet 2018 relative à la protection des personnes physiques à l'égard des traitements de données à caractère personnel).",
      ),
      courtArticle: 'art. 209 de la loi du 30 juillet 2018',
      courtTimeLimit: null,
      taxAuthority: 'le SPF Finances',
      // REVIEW: as in Dutch, the 10-year period is cited without an article.
      retention: [
        { records: 'la comptabilité', years: 7, article: 'art. III.88 CDE' },
        { records: 'les données fiscales et de TVA', years: 10, article: null },
      ],
      idNumber: {
        name: 'numéro de registre national',
        abbreviation: null,
        note: "Le numéro de registre national ne peut être utilisé qu'avec une base légale ou une autorisation (art. 8 de la loi du 8 août 1983). Nous ne voulons pas le voir et ne l'enregistrons jamais.",
      },
    },
  },
  en: {
    NL: {
      authority: {
        name: 'Autoriteit Persoonsgegevens (Dutch Data Protection Authority)',
        abbreviation: 'AP',
        addressLines: ['Postbus 93374', '2509 AJ Den Haag, the Netherlands'],
        website: 'autoriteitpersoonsgegevens.nl',
        phone: '+31 88 1805 250',
      },
      courtRoute:
        'You can also go to court: file a petition with the district court (rechtbank) within six weeks of receiving this answer (Art. 35 of the Dutch GDPR Implementation Act, Uitvoeringswet AVG).',
      courtArticle: 'Art. 35 of the Dutch GDPR Implementation Act',
      courtTimeLimit: 'six weeks after receiving the answer',
      taxAuthority: 'the Dutch Tax and Customs Administration',
      retention: [{ records: 'the accounts, such as the books and invoices', years: 7, article: 'Art. 52 AWR' }],
      idNumber: {
        name: 'citizen service number',
        abbreviation: 'BSN',
        note: 'The citizen service number (BSN) may only be used to carry out a law that requires it (Art. 46 of the Dutch GDPR Implementation Act). We do not want to see it and never store it.',
      },
    },
    BE: {
      authority: {
        name: 'Belgian Data Protection Authority (Autorité de protection des données / Gegevensbeschermingsautoriteit)',
        abbreviation: 'APD/GBA',
        addressLines: ['Rue de la Presse 35', '1000 Brussels, Belgium'],
        website: 'dataprotectionauthority.be',
        phone: '+32 2 274 48 00',
      },
      courtRoute:
        'You can also go to court by bringing the matter before the president of the court of first instance, sitting as in summary proceedings (Art. 209 of the Belgian Act of 30 July 2018 on the protection of natural persons with regard to the processing of personal data).',
      courtArticle: 'Art. 209 of the Belgian Act of 30 July 2018',
      courtTimeLimit: null,
      taxAuthority: 'the Belgian Federal Public Service Finance',
      retention: [
        { records: 'the accounts', years: 7, article: 'Art. III.88 Code of Economic Law' },
        { records: 'tax and VAT records', years: 10, article: null },
      ],
      idNumber: {
        name: 'national register number',
        abbreviation: null,
        note: 'The national register number may only be used with a legal basis or an authorisation (Art. 8 of the Act of 8 August 1983). We do not want to see it and never store it.',
      },
    },
  },
};

/** A country's law in a language (Dutch by default): the same shape, the country's markers. */
export function countryLaw(country: Country, lang: Language = 'nl'): CountryLaw {
  const law = (COUNTRY_LAW as Partial<Record<string, CountryLaw>>)[country];
  if (!law) throw new RangeError(`No law table for country ${String(country)}.`);
  if (lang === 'nl') return law;
  const local = FOREIGN_COUNTRY_LAW[lang]?.[country];
  if (!local) throw new RangeError(`No law table for country ${String(country)} in ${String(lang)}.`);
  return { ...local, country: law.country, markers: law.markers };
}

const YEARS: Readonly<Record<Language, { years: string; for: string; and: string }>> = {
  nl: { years: 'jaar', for: 'voor', and: 'en' },
  fr: { years: 'ans', for: 'pour', and: 'et' },
  en: { years: 'years', for: 'for', and: 'and' },
};

function joinAnd(parts: string[], lang: Language): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${YEARS[lang].and} ${parts[parts.length - 1]}`;
}

/** "7 jaar voor de administratie, zoals de boekhouding en facturen (art. 52 AWR)"; several rules joined with "en" (in the language). */
export function retentionText(country: Country, lang: Language = 'nl'): string {
  const w = YEARS[lang];
  return joinAnd(
    countryLaw(country, lang).retention.map((r) => `${r.years} ${w.years} ${w.for} ${r.records}${r.article ? ` (${r.article})` : ''}`),
    lang,
  );
}

/** The rule a letter cites for invoices and accounting records: the first of the country's rules. */
export function bookkeepingRetention(country: Country, lang: Language = 'nl'): RetentionRule {
  return countryLaw(country, lang).retention[0]!;
}

/** "7 jaar (art. 52 AWR)" for invoices and accounting records. */
export function bookkeepingRetentionText(country: Country, lang: Language = 'nl'): string {
  const rule = bookkeepingRetention(country, lang);
  return `${rule.years} ${YEARS[lang].years}${rule.article ? ` (${rule.article})` : ''}`;
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
 * One statement of a country's law as text in a language, tone tokens left in place for the
 * caller (the renderer applies the letter's tone; French and English have none).
 */
export function lawText(country: Country, field: LawField, lang: Language = 'nl'): string {
  const law = countryLaw(country, lang);
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
      return retentionText(country, lang);
    case 'bookkeepingRetention':
      return bookkeepingRetentionText(country, lang);
    case 'idNumberName':
      return law.idNumber.abbreviation ? `${law.idNumber.name} (${law.idNumber.abbreviation})` : law.idNumber.name;
    case 'idNumberNote':
      return law.idNumber.note;
  }
}

const BOTH: Readonly<Record<Language, [string, string]>> = {
  nl: ['in Nederland', 'in België'],
  fr: ['aux Pays-Bas', 'en Belgique'],
  en: ['in the Netherlands', 'in Belgium'],
};

/** "in Nederland 7 jaar voor de administratie …; in België 7 jaar voor de boekhouding … en 10 jaar voor …". */
export function retentionForBoth(lang: Language = 'nl'): string {
  const [nl, be] = BOTH[lang];
  return `${nl} ${retentionText('NL', lang)}${lang === 'fr' ? '\u00a0;' : ';'} ${be} ${retentionText('BE', lang)}`;
}
