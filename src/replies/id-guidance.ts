/**
 * Redaction guidance for a copy of an identity document (art 12(6) AVG; EDPB 01/2022; AP and
 * GBA guidance): the ONE source of what the requester blacks out and keeps visible, per document
 * type and country. Used by the identification mail (partial `id-copy-guidance`) and by the agent
 * UI's verification panel. Pure data and functions; tone tokens as in vocabulary.ts.
 */
import type { Country } from '../deadlines/countries.js';
import { countryLaw, lawText } from '../vocabulary/country-law.js';
import type { Language } from '../vocabulary/language.js';
import { frenchSpacing } from '../vocabulary/translations.js';
import { applyTone, DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType, type Tone } from '../vocabulary/vocabulary.js';

// The document types and their Dutch names are part of the one vocabulary.
export { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType };

export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

export interface RedactionGuidance {
  /** The requester's country the guidance is for; null: unknown, guidance for Dutch and Belgian documents. */
  country: Country | null;
  documentType: DocumentType | null;
  /** "paspoort", or null: guidance for any document. */
  documentLabel: string | null;
  /** What to make unreadable, one item each (tone applied). */
  blackOut: string[];
  /** The only things the check needs. */
  keepVisible: string[];
  /** Identity cards: send the front only (the machine-readable zone, and the Dutch BSN, are on the back); null for other documents. */
  frontOnly: string | null;
  /** The text to write across the copy: KOPIE, for whom, what for, and the date. */
  marking: string;
  /** How to mark, and the KopieID app for Dutch documents. */
  markingAdvice: string;
  /** Dutch documents: the Dutch government's KopieID app. */
  kopieIdApp: boolean;
  /** BE: do not send a copy of the eID unless asked with a reason. */
  belgianEidAdvice: string | null;
  /** Why the citizen number must not reach us, from the law table of the document's country (both when unknown). */
  lawNotes: string[];
  /** What we do with the copy. */
  destroy: string;
}

const BSN_DOCUMENTS: readonly DocumentType[] = ['passport', 'dutch-identity-card', 'driving-licence'];
/** Documents with a machine-readable zone (the Dutch and Belgian driving licences have none). */
const MRZ_DOCUMENTS: readonly DocumentType[] = ['passport', 'dutch-identity-card', 'residence-document', 'belgian-eid'];
/** Cards whose back carries the machine-readable zone (and, on the Dutch card, the BSN). */
const ID_CARDS: readonly DocumentType[] = ['dutch-identity-card', 'belgian-eid'];

/** The guidance follows the requester's country; only NL and BE have their own, any other is treated as unknown (both). */
export function guidanceCountry(requesterCountry: string | null | undefined): Country | null {
  return requesterCountry === 'NL' || requesterCountry === 'BE' ? requesterCountry : null;
}

/**
 * The guidance for a document type (or, without one, for any document) for a requester of a
 * country (LEGAL.md, "Identity documents per country of the requester"): NL the citizen service
 * number (BSN) on the passport, the identity card (on its back, and in the machine-readable zone)
 * and the driving licence (art 46 UAVG: never store it); BE the national register number (Act of
 * 8 August 1983, art 8); unknown: both. A Dutch or Belgian identity card decides by itself. The
 * marking names the recipient, the purpose and the date.
 */
export function redactionGuidance(input: {
  country: Country | null;
  documentType?: DocumentType | null;
  reference: string;
  tone: Tone;
  /** Who receives the copy: the processor's name. */
  recipient: string;
  /** The requester's language (Dutch by default). */
  lang?: Language;
}): RedactionGuidance {
  const lang = input.lang ?? 'nl';
  const w = GUIDANCE_WORDS[lang];
  const type = input.documentType ?? null;
  const docCountry: Country | null = type === 'belgian-eid' ? 'BE' : type === 'dutch-identity-card' ? 'NL' : input.country;
  const t = (s: string) => (lang === 'nl' ? applyTone(s, input.tone) : lang === 'fr' ? frenchSpacing(s) : s);
  const withMrz = type === null || MRZ_DOCUMENTS.includes(type);
  const items: string[] = [w.photo];
  // The names of the ID numbers come from the law table: "burgerservicenummer (BSN)", "rijksregisternummer".
  const bsn = w.the(lawText('NL', 'idNumberName', lang)) + (type === 'driving-licence' || !withMrz ? '' : w.inMrz);
  const rrn = w.the(lawText('BE', 'idNumberName', lang)) + (withMrz ? w.inMrz : '');
  if (docCountry === 'BE') {
    items.push(rrn);
  } else if (docCountry === 'NL') {
    items.push(type === null || BSN_DOCUMENTS.includes(type) ? bsn : w.personalNumber(lawText('NL', 'idNumberName', lang)));
  } else {
    items.push(`${w.onDutch} ${bsn}`, `${w.onBelgian} ${rrn}`);
  }
  if (withMrz) items.push(w.mrz);
  items.push(type === 'belgian-eid' ? w.cardNumber : w.documentNumber);
  items.push(t(w.signature));
  const frontOnly = type === null || ID_CARDS.includes(type) ? (docCountry === 'BE' ? w.frontBE : docCountry === 'NL' ? w.frontNL : w.frontBoth) : null;
  const marking = w.marking(input.recipient, input.reference);
  const kopieIdApp = docCountry !== 'BE';
  const notes = docCountry ? [countryLaw(docCountry, lang).idNumber.note] : [countryLaw('NL', lang).idNumber.note, countryLaw('BE', lang).idNumber.note];
  return {
    country: input.country,
    documentType: type,
    documentLabel: type ? (lang === 'nl' ? DOCUMENT_TYPE_LABELS[type] : FOREIGN_DOCUMENT_LABELS[lang][type]) : null,
    blackOut: items.map(t),
    keepVisible: w.keepVisible,
    frontOnly: frontOnly === null ? null : t(frontOnly),
    marking,
    markingAdvice: t(w.markingAdvice(marking) + (kopieIdApp ? (docCountry === 'NL' ? w.appNL : w.appAny) : '')),
    kopieIdApp,
    belgianEidAdvice: docCountry !== 'NL' && (type === null || type === 'belgian-eid') ? t(w.eid) : null,
    lawNotes: notes.map(t),
    destroy: t(w.destroy),
  };
}

/** The identity documents in French and English. */
export const FOREIGN_DOCUMENT_LABELS: Readonly<Record<'fr' | 'en', Readonly<Record<DocumentType, string>>>> = {
  fr: {
    passport: 'passeport',
    'dutch-identity-card': "carte d'identité néerlandaise",
    'driving-licence': 'permis de conduire',
    'residence-document': 'titre de séjour',
    'belgian-eid': "carte d'identité électronique belge (eID)",
  },
  en: {
    passport: 'passport',
    'dutch-identity-card': 'Dutch identity card',
    'driving-licence': 'driving licence',
    'residence-document': 'residence document',
    'belgian-eid': 'Belgian electronic identity card (eID)',
  },
};

interface GuidanceWords {
  photo: string;
  /** "het burgerservicenummer (BSN)". */
  the: (name: string) => string;
  inMrz: string;
  personalNumber: (name: string) => string;
  onDutch: string;
  onBelgian: string;
  mrz: string;
  cardNumber: string;
  documentNumber: string;
  signature: string;
  frontBE: string;
  frontNL: string;
  frontBoth: string;
  marking: (recipient: string, reference: string) => string;
  markingAdvice: (marking: string) => string;
  appNL: string;
  appAny: string;
  eid: string;
  keepVisible: string[];
  destroy: string;
}

const GUIDANCE_WORDS: Readonly<Record<Language, GuidanceWords>> = {
  nl: {
    photo: 'de pasfoto',
    the: (name) => `het ${name}`,
    inMrz: ', ook in de strook met tekens onderaan',
    personalNumber: (name) => `een persoonsnummer zoals het ${name}, als dat erop staat`,
    onDutch: 'op een Nederlands document',
    onBelgian: 'op een Belgisch document',
    mrz: 'die strook met tekens onderaan (de machineleesbare zone)',
    cardNumber: 'het kaartnummer (documentnummer)',
    documentNumber: 'het documentnummer',
    signature: '{uw} handtekening',
    frontBE: 'Stuur van een identiteitskaart alleen de voorkant: op de achterkant staat de strook met tekens.',
    frontNL: 'Stuur van een identiteitskaart alleen de voorkant: op de achterkant staan het BSN en de strook met tekens.',
    frontBoth: 'Stuur van een identiteitskaart alleen de voorkant: op de achterkant staan de strook met tekens en, op een Nederlandse kaart, het BSN.',
    marking: (recipient, reference) => `KOPIE voor ${recipient}, identiteitscontrole verzoek ${reference}, <datum>`,
    markingAdvice: (marking) => `Schrijf dwars over de kopie: "${marking}", met de datum waarop {u} de kopie maakt.`,
    appNL: ' De app KopieID van de Rijksoverheid doet dit voor {jou}.',
    appAny: ' Voor een Nederlands document doet de app KopieID van de Rijksoverheid dit voor {jou}.',
    eid: 'Stuur geen kopie van {uw} eID, tenzij wij daar uitdrukkelijk en met een reden om vragen.',
    keepVisible: ['naam', 'geboortedatum', 'geldigheid (de datum tot wanneer het document geldig is)'],
    destroy: 'Wij bewaren de kopie niet: wij noteren alleen dat wij {uw} identiteit hebben gecontroleerd en vernietigen de kopie meteen, ook uit onze e-mail.',
  },
  fr: {
    photo: "la photo d'identité",
    the: (name) => `le ${name}`,
    inMrz: ', y compris dans la bande de caractères en bas',
    personalNumber: (name) => `un numéro personnel comme le ${name}, s'il y figure`,
    onDutch: 'sur un document néerlandais,',
    onBelgian: 'sur un document belge,',
    mrz: 'cette bande de caractères en bas (la zone de lecture automatique)',
    cardNumber: 'le numéro de carte (numéro du document)',
    documentNumber: 'le numéro du document',
    signature: 'votre signature',
    frontBE: "Pour une carte d'identité, envoyez uniquement le recto : la bande de caractères figure au verso.",
    frontNL: "Pour une carte d'identité, envoyez uniquement le recto : le BSN et la bande de caractères figurent au verso.",
    frontBoth: "Pour une carte d'identité, envoyez uniquement le recto : la bande de caractères et, sur une carte néerlandaise, le BSN figurent au verso.",
    marking: (recipient, reference) => `COPIE pour ${recipient}, vérification d'identité demande ${reference}, <date>`,
    markingAdvice: (marking) => `Écrivez en travers de la copie : «\u00a0${marking}\u00a0», avec la date à laquelle vous faites la copie.`,
    appNL: " L'application KopieID du gouvernement néerlandais le fait pour vous.",
    appAny: " Pour un document néerlandais, l'application KopieID du gouvernement néerlandais le fait pour vous.",
    eid: 'N\'envoyez pas de copie de votre eID, sauf si nous vous le demandons expressément, en indiquant pourquoi.',
    keepVisible: ['nom', 'date de naissance', "validité (la date jusqu'à laquelle le document est valable)"],
    destroy: "Nous ne conservons pas la copie : nous notons seulement que nous avons vérifié votre identité et détruisons immédiatement la copie, y compris dans notre messagerie.",
  },
  en: {
    photo: 'the photograph',
    the: (name) => `the ${name}`,
    inMrz: ', also in the strip of characters at the bottom',
    personalNumber: (name) => `a personal number such as the ${name}, if it appears`,
    onDutch: 'on a Dutch document,',
    onBelgian: 'on a Belgian document,',
    mrz: 'that strip of characters at the bottom (the machine-readable zone)',
    cardNumber: 'the card number (document number)',
    documentNumber: 'the document number',
    signature: 'your signature',
    frontBE: 'For an identity card, send only the front: the strip of characters is on the back.',
    frontNL: 'For an identity card, send only the front: the BSN and the strip of characters are on the back.',
    frontBoth: 'For an identity card, send only the front: the strip of characters and, on a Dutch card, the BSN are on the back.',
    marking: (recipient, reference) => `COPY for ${recipient}, identity check request ${reference}, <date>`,
    markingAdvice: (marking) => `Write across the copy: "${marking}", with the date on which you make the copy.`,
    appNL: ' The Dutch government\'s KopieID app does this for you.',
    appAny: ' For a Dutch document, the Dutch government\'s KopieID app does this for you.',
    eid: 'Do not send a copy of your eID unless we expressly ask for one and explain why.',
    keepVisible: ['name', 'date of birth', 'validity (the date until which the document is valid)'],
    destroy: 'We do not keep the copy: we only record that we checked your identity and destroy the copy at once, including from our email.',
  },
};

const REPRESENTATIVE: Readonly<Record<Language, string>> = {
  nl:
    'Als {u} dit verzoek voor iemand anders doet, bijvoorbeeld als advocaat, ouder, voogd, bewindvoerder of curator, stuur dan ook een bewijs dat {u} dat mag: ' +
    'een schriftelijke machtiging van de betrokkene, of de beslissing van de rechter die {jou} als voogd, bewindvoerder of curator aanwees. ' +
    'Een ouder laat zien dat {u} het gezag over het kind {heeft}. Wij controleren het bewijs, noteren dat en vernietigen een kopie meteen.',
  fr: frenchSpacing(
    "Si vous faites cette demande pour quelqu'un d'autre, par exemple en tant qu'avocat, parent, tuteur, administrateur ou curateur, envoyez également une preuve que vous en avez le droit : " +
      'un mandat écrit de la personne concernée, ou la décision du juge vous désignant comme tuteur, administrateur ou curateur. ' +
      "Un parent montre qu'il exerce l'autorité parentale sur l'enfant. Nous vérifions la preuve, le notons et détruisons immédiatement toute copie.",
  ),
  en:
    'If you make this request for someone else, for example as a lawyer, parent, guardian, administrator or curator, also send proof that you may do so: ' +
    'a written authorisation from the data subject, or the court decision that appointed you as guardian, administrator or curator. ' +
    'A parent shows that they have parental authority over the child. We check the proof, record that we did and destroy any copy at once.',
};

/**
 * For someone who asks on behalf of another (a lawyer, a parent, a guardian, a bewindvoerder or a
 * curator): what shows their authority (LEGAL.md, "Identity").
 */
export function representativeGuidance(tone: Tone, lang: Language = 'nl'): string {
  return lang === 'nl' ? applyTone(REPRESENTATIVE.nl, tone) : REPRESENTATIVE[lang];
}
