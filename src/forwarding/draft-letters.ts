/**
 * Draft reply letters a controller can download from its page (pure): which drafts of the replies
 * catalogue fit the request's rights, their file names, and the plain-text document. They are
 * prefilled with the requester's name, so they are served only on a POST with the page's _csrf.
 */
import type { RenderedMail } from '../replies/renderer.js';
import type { Right } from '../requests/request.types.js';
import { letterAsText, type Language } from '../vocabulary/language.js';

export interface DraftLetter {
  /** The catalogue template (templates/mail/nl/<id>.*.hbs). */
  id: 'draft-access' | 'draft-refusal';
  /** Dutch label for the button. */
  title: string;
  /** Part of the file name. */
  slug: string;
}

const DRAFTS: readonly (DraftLetter & { fits: (rights: readonly Right[]) => boolean })[] = [
  // Access (art 15): the answer with the information art 15(1) requires.
  { id: 'draft-access', title: 'Concept: antwoord op het inzageverzoek', slug: 'inzage', fits: (rights) => rights.includes('access') },
  // A (partial) refusal can be the answer to any right (art 12(4)).
  { id: 'draft-refusal', title: 'Concept: weigering (geheel of gedeeltelijk)', slug: 'weigering', fits: () => true },
];

/** The button labels in French and English (the controller's language). */
const FOREIGN_TITLES: Readonly<Record<'fr' | 'en', Record<DraftLetter['id'], string>>> = {
  fr: { 'draft-access': "Projet : réponse à la demande d'accès", 'draft-refusal': 'Projet : refus (total ou partiel)' },
  en: { 'draft-access': 'Draft: answer to the access request', 'draft-refusal': 'Draft: refusal (in full or in part)' },
};

export function draftLettersFor(rights: readonly Right[], lang: Language = 'nl'): DraftLetter[] {
  return DRAFTS.filter((d) => d.fits(rights)).map(({ id, title, slug }) => ({ id, title: lang === 'nl' ? title : FOREIGN_TITLES[lang][id].replace(' :', '\u00a0:'), slug }));
}

export function draftLetter(id: string, rights: readonly Right[]): DraftLetter | undefined {
  return draftLettersFor(rights).find((d) => d.id === id);
}

/** "concept-inzage-AVG-2026-000123.txt" (only safe characters). */
export function draftFilename(draft: DraftLetter, reference: string): string {
  return `concept-${draft.slug}-${reference.replace(/[^A-Za-z0-9-]/g, '')}.txt`;
}

/** The downloadable text: the subject line, then the letter with its instructions and the draft. */
export function draftDocument(mail: RenderedMail, lang: Language = 'nl'): string {
  return letterAsText(mail, lang);
}
