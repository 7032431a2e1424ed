/**
 * Redaction guidance for a copy of an identity document (art 12(6) AVG; EDPB 01/2022; AP and
 * GBA guidance): the ONE source of what the requester blacks out and keeps visible, per document
 * type and country. Used by the identification mail (partial `id-copy-guidance`) and by the agent
 * UI's verification panel. Pure data and functions; tone tokens as in vocabulary.ts.
 */
import type { Country } from '../deadlines/countries.js';
import { countryLaw, lawText } from '../vocabulary/country-law.js';
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
}): RedactionGuidance {
  const type = input.documentType ?? null;
  const docCountry: Country | null = type === 'belgian-eid' ? 'BE' : type === 'dutch-identity-card' ? 'NL' : input.country;
  const t = (s: string) => applyTone(s, input.tone);
  const withMrz = type === null || MRZ_DOCUMENTS.includes(type);
  const items: string[] = ['de pasfoto'];
  // The names of the ID numbers come from the law table: "burgerservicenummer (BSN)", "rijksregisternummer".
  const inMrz = ', ook in de strook met tekens onderaan';
  const bsn = `het ${lawText('NL', 'idNumberName')}${type === 'driving-licence' || !withMrz ? '' : inMrz}`;
  const rrn = `het ${lawText('BE', 'idNumberName')}${withMrz ? inMrz : ''}`;
  if (docCountry === 'BE') {
    items.push(rrn);
  } else if (docCountry === 'NL') {
    items.push(type === null || BSN_DOCUMENTS.includes(type) ? bsn : `een persoonsnummer zoals het ${lawText('NL', 'idNumberName')}, als dat erop staat`);
  } else {
    items.push(`op een Nederlands document ${bsn}`, `op een Belgisch document ${rrn}`);
  }
  if (withMrz) items.push('die strook met tekens onderaan (de machineleesbare zone)');
  items.push(type === 'belgian-eid' ? 'het kaartnummer (documentnummer)' : 'het documentnummer');
  items.push(t('{uw} handtekening'));
  const frontOnly =
    type === null || ID_CARDS.includes(type)
      ? docCountry === 'BE'
        ? 'Stuur van een identiteitskaart alleen de voorkant: op de achterkant staat de strook met tekens.'
        : docCountry === 'NL'
          ? 'Stuur van een identiteitskaart alleen de voorkant: op de achterkant staan het BSN en de strook met tekens.'
          : 'Stuur van een identiteitskaart alleen de voorkant: op de achterkant staan de strook met tekens en, op een Nederlandse kaart, het BSN.'
      : null;
  const marking = `KOPIE voor ${input.recipient}, identiteitscontrole verzoek ${input.reference}, <datum>`;
  const kopieIdApp = docCountry !== 'BE';
  const app = docCountry === 'NL' ? ' De app KopieID van de Rijksoverheid doet dit voor {jou}.' : ' Voor een Nederlands document doet de app KopieID van de Rijksoverheid dit voor {jou}.';
  const notes = docCountry ? [countryLaw(docCountry).idNumber.note] : [countryLaw('NL').idNumber.note, countryLaw('BE').idNumber.note];
  return {
    country: input.country,
    documentType: type,
    documentLabel: type ? DOCUMENT_TYPE_LABELS[type] : null,
    blackOut: items,
    keepVisible: ['naam', 'geboortedatum', 'geldigheid (de datum tot wanneer het document geldig is)'],
    frontOnly,
    marking,
    markingAdvice: t(`Schrijf dwars over de kopie: "${marking}", met de datum waarop {u} de kopie maakt.` + (kopieIdApp ? app : '')),
    kopieIdApp,
    belgianEidAdvice: docCountry !== 'NL' && (type === null || type === 'belgian-eid') ? t('Stuur geen kopie van {uw} eID, tenzij wij daar uitdrukkelijk en met een reden om vragen.') : null,
    lawNotes: notes.map(t),
    destroy: t('Wij bewaren de kopie niet: wij noteren alleen dat wij {uw} identiteit hebben gecontroleerd en vernietigen de kopie meteen, ook uit onze e-mail.'),
  };
}

/**
 * For someone who asks on behalf of another (a lawyer, a parent, a guardian, a bewindvoerder or a
 * curator): what shows their authority (LEGAL.md, "Identity").
 */
export function representativeGuidance(tone: Tone): string {
  return applyTone(
    'Als {u} dit verzoek voor iemand anders doet, bijvoorbeeld als advocaat, ouder, voogd, bewindvoerder of curator, stuur dan ook een bewijs dat {u} dat mag: ' +
      'een schriftelijke machtiging van de betrokkene, of de beslissing van de rechter die {jou} als voogd, bewindvoerder of curator aanwees. ' +
      'Een ouder laat zien dat {u} het gezag over het kind {heeft}. Wij controleren het bewijs, noteren dat en vernietigen een kopie meteen.',
    tone,
  );
}
