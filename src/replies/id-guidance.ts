/**
 * Redaction guidance for a copy of an identity document (art 12(6) AVG; EDPB 01/2022; AP and
 * GBA guidance): the ONE source of what the requester blacks out and keeps visible, per document
 * type and country. Used by the identification mail (partial `id-copy-guidance`) and by the agent
 * UI's verification panel. Pure data and functions; tone tokens as in vocabulary.ts.
 */
import type { Country } from '../deadlines/countries.js';
import { applyTone, DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType, type Tone } from '../vocabulary/vocabulary.js';

// The document types and their Dutch names are part of the one vocabulary.
export { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType };

export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

export interface RedactionGuidance {
  country: Country;
  documentType: DocumentType | null;
  /** "paspoort", or null: guidance for any document. */
  documentLabel: string | null;
  /** What to make unreadable, one item each (tone applied). */
  blackOut: string[];
  /** The only things the check needs. */
  keepVisible: string[];
  /** The text to write across the copy. */
  marking: string;
  /** How to mark, and the KopieID app for NL. */
  markingAdvice: string;
  /** NL: the Dutch government's KopieID app. */
  kopieIdApp: boolean;
  /** BE: do not send a copy of the eID unless asked with a reason. */
  belgianEidAdvice: string | null;
  /** What we do with the copy. */
  destroy: string;
}

const BSN_DOCUMENTS: readonly DocumentType[] = ['passport', 'dutch-identity-card', 'driving-licence'];
/** Documents with a machine-readable zone (the Dutch and Belgian driving licences have none). */
const MRZ_DOCUMENTS: readonly DocumentType[] = ['passport', 'dutch-identity-card', 'residence-document', 'belgian-eid'];

/**
 * The guidance for a document type (or, without one, for any document) in a country. NL: the
 * citizen service number (BSN) is on the passport, the identity card (also in the
 * machine-readable zone) and the driving licence (UAVG art 46: never store it). BE and the
 * Belgian eID: the national register number and the card number (Act of 8 August 1983, art 8).
 */
export function redactionGuidance(input: { country: Country; documentType?: DocumentType | null; reference: string; tone: Tone }): RedactionGuidance {
  const type = input.documentType ?? null;
  const belgian = type === 'belgian-eid' || (input.country === 'BE' && type !== 'dutch-identity-card');
  const t = (s: string) => applyTone(s, input.tone);
  const items: string[] = ['de pasfoto'];
  if (belgian) {
    items.push(type === null || MRZ_DOCUMENTS.includes(type) ? 'het rijksregisternummer, ook in de strook met tekens onderaan' : 'het rijksregisternummer');
  } else if (type === null || BSN_DOCUMENTS.includes(type)) {
    items.push(type === 'driving-licence' ? 'het burgerservicenummer (BSN)' : 'het burgerservicenummer (BSN), ook in de strook met tekens onderaan');
  } else {
    items.push('een persoonsnummer zoals het burgerservicenummer (BSN), als dat erop staat');
  }
  if (type === null || MRZ_DOCUMENTS.includes(type)) items.push('die strook met tekens onderaan (de machineleesbare zone)');
  items.push(type === 'belgian-eid' ? 'het kaartnummer (documentnummer)' : 'het documentnummer');
  items.push(t('{uw} handtekening'));
  const marking = `KOPIE — AVG-verzoek ${input.reference} — <datum>`;
  const kopieIdApp = input.country === 'NL' && type !== 'belgian-eid';
  return {
    country: input.country,
    documentType: type,
    documentLabel: type ? DOCUMENT_TYPE_LABELS[type] : null,
    blackOut: items,
    keepVisible: ['naam', 'geboortedatum', 'geldigheid (de datum tot wanneer het document geldig is)'],
    marking,
    markingAdvice: t(
      `Schrijf dwars over de kopie: "${marking}", met de datum waarop {u} de kopie maakt.` +
        (kopieIdApp ? ' De app KopieID van de Rijksoverheid doet dit voor {jou}.' : ''),
    ),
    kopieIdApp,
    belgianEidAdvice: belgian
      ? t('Stuur geen kopie van {uw} eID, tenzij wij daar uitdrukkelijk en met een reden om vragen. Het rijksregisternummer mogen wij niet zomaar gebruiken.')
      : null,
    destroy: t('Wij bewaren de kopie niet: wij noteren alleen dat wij {uw} identiteit hebben gecontroleerd en vernietigen de kopie meteen, ook uit onze e-mail.'),
  };
}
