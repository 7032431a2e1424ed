/**
 * What the request page shows with "Afronden" for an in-house request (pure): the facts the
 * privacy facts file of the letter's language still lacks (the letter cannot go out until it is
 * there and complete), the recipients named in the facts to tick as told of a rectification,
 * erasure or restriction (art 19), and the outcome of a review of an automated decision (art 22(3))
 * when the facts say such decisions are taken.
 */
import { basename, dirname } from 'node:path';
import type { PrivacyFactsByLanguage, PrivacyFactsState } from '../config/privacy-facts.js';
import { privacyFactLabel } from '../replies/own-processing.js';
import type { Right } from '../requests/request.types.js';
import { LANGUAGE_ADJECTIVES, LANGUAGE_LABELS, type Language } from '../vocabulary/language.js';

const ART19_RIGHTS: readonly Right[] = ['rectification', 'erasure', 'restriction'];

export interface CompletionForm {
  /** Dutch: why the letter cannot go out yet (then `missing` lists what to fill in); null when the facts are complete. */
  problem: string | null;
  /** Dutch: what the facts file of the letter's language still lacks; empty when complete (or when that file is not there at all). */
  missing: string[];
  /** The file the letter's facts are read from. */
  file: string;
  recipients: { name: string; role: string }[];
  needsOutcome: boolean;
  /** The facts are the fictional example (allowed with demo data only): the page says so. */
  fictional: boolean;
  /** The form has fields (otherwise COMPLETE is one click). */
  fields: boolean;
}

/**
 * Why the facts of a letter's language do not suffice, in Dutch, for the request page: null when
 * they do. A translation that is not there: "De Franse vertaling van het privacyfeitenbestand
 * ontbreekt: privacy-facts.fr.yaml …" (no list); else the sentence before the list of `missing`.
 */
export function privacyFactsProblem(state: PrivacyFactsState): { problem: string; missing: string[] } | null {
  if (!state.missing.length) return null;
  const adjective = LANGUAGE_ADJECTIVES[state.language];
  if (state.translation && state.origin === 'absent') {
    return {
      problem: `De verzoeker leest ${LANGUAGE_LABELS[state.language]}. De ${adjective} vertaling van het privacyfeitenbestand ontbreekt: ${basename(state.path)} (in ${dirname(state.path)}, naast het privacyfeitenbestand).`,
      missing: [],
    };
  }
  const missing = state.missing.map(privacyFactLabel);
  return state.translation
    ? { problem: `De verzoeker leest ${LANGUAGE_LABELS[state.language]}. Die brief noemt alleen feiten uit de ${adjective} vertaling van het privacyfeitenbestand (${state.path}), en daarin ontbreekt nog:`, missing }
    : { problem: `Die brief noemt alleen feiten uit het privacyfeitenbestand (${state.path}), en daarin ontbreekt nog:`, missing };
}

/**
 * The form for the letter's language `lang`: its file decides whether the letter can go out; the
 * recipients and automated decisions (the same in every language) are read from the main file,
 * whose words the Dutch workspace shows.
 */
export function completionForm(all: PrivacyFactsByLanguage, lang: Language, rights: readonly Right[]): CompletionForm {
  const state = all[lang];
  const main = Object.values(all).find((s) => !s.translation) ?? state;
  const problem = privacyFactsProblem(state);
  const recipients = rights.some((r) => ART19_RIGHTS.includes(r)) ? (main.facts.recipients ?? []).map((r) => ({ name: r.name, role: r.role })) : [];
  const needsOutcome = rights.includes('automated-decision') && Array.isArray(main.facts.automatedDecisions);
  return {
    problem: problem?.problem ?? null,
    missing: problem?.missing ?? [],
    file: state.path,
    recipients,
    needsOutcome,
    fictional: state.facts.fictional === true,
    fields: !problem && (recipients.length > 0 || needsOutcome),
  };
}
