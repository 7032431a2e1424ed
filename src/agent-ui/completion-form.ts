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
  /** Dutch: what the file named in `problem` still lacks; empty when complete (or when that file is not there at all). */
  missing: string[];
  /** Dutch: what the translation lacks once the main file is complete (after the list); null when nothing. */
  more: string | null;
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
 * they do. The file that lacks something comes first, the main file before its translation: its
 * sentence comes before the list of `missing`; `more` says what the translation lacks after that.
 * A translation that is not there: "De Franse vertaling van het privacyfeitenbestand ontbreekt:
 * privacy-facts.fr.yaml …" (no list).
 */
export function privacyFactsProblem(state: PrivacyFactsState): { problem: string; missing: string[]; more: string | null } | null {
  const [first, ...then] = state.gaps;
  if (!first) return null;
  const adjective = LANGUAGE_ADJECTIVES[state.language];
  const reads = `De verzoeker leest ${LANGUAGE_LABELS[state.language]}.`;
  if (!first.translation) {
    const missing = first.missing.map(privacyFactLabel);
    if (!state.translation) return { problem: `Die brief noemt alleen feiten uit het privacyfeitenbestand (${first.path}), en daarin ontbreekt nog:`, missing, more: null };
    const gap = then[0];
    const more = !gap
      ? null
      : gap.absent
        ? `Daarna is ook de ${adjective} vertaling nodig: ${absentTranslation(gap.path)}.`
        : `Daarna ontbreekt in de ${adjective} vertaling (${gap.path}) nog: ${gap.missing.map(privacyFactLabel).join('; ')}.`;
    return {
      problem: `${reads} Die brief noemt de feiten uit de ${adjective} vertaling, maar eerst moet het privacyfeitenbestand zelf (${first.path}) compleet zijn. Daarin ontbreekt nog:`,
      missing,
      more,
    };
  }
  if (first.absent) return { problem: `${reads} De ${adjective} vertaling van het privacyfeitenbestand ontbreekt: ${absentTranslation(first.path)}.`, missing: [], more: null };
  return {
    problem: `${reads} Die brief noemt alleen feiten uit de ${adjective} vertaling van het privacyfeitenbestand (${first.path}), en daarin ontbreekt nog:`,
    missing: first.missing.map(privacyFactLabel),
    more: null,
  };
}

/** "privacy-facts.fr.yaml (in /data, naast het privacyfeitenbestand)". */
function absentTranslation(path: string): string {
  return `${basename(path)} (in ${dirname(path)}, naast het privacyfeitenbestand)`;
}

/**
 * The Dutch message when "Afronden" is refused because facts are missing (422): the file that
 * lacks them, the main file first, and then what the translation lacks.
 */
export function completionRefusal(state: PrivacyFactsState): string {
  const [first, ...then] = state.gaps;
  const refused = 'De afrondingsbrief kan nog niet worden verstuurd';
  if (!first) return `${refused}.`;
  const adjective = LANGUAGE_ADJECTIVES[state.language];
  const fillIn = (missing: string[]) => `Vraag de privacyfunctionaris dit in te vullen: ${missing.map(privacyFactLabel).join('; ')}.`;
  if (!first.translation) {
    const same = state.translation ? `, en de ${adjective} brief noemt dezelfde feiten` : '';
    const more = then.length ? ` ${privacyFactsProblem(state)?.more ?? ''}` : '';
    return `${refused}: het privacyfeitenbestand is niet compleet${same}. ${fillIn(first.missing)}${more}`;
  }
  return first.absent
    ? `${refused}. ${privacyFactsProblem(state)?.problem ?? ''} Vraag de privacyfunctionaris die vertaling te maken; na een herstart van de dienst kunt u afronden.`
    : `${refused}: de ${adjective} vertaling van het privacyfeitenbestand is niet compleet. ${fillIn(first.missing)}`;
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
    more: problem?.more ?? null,
    file: state.path,
    recipients,
    needsOutcome,
    fictional: state.facts.fictional === true,
    fields: !problem && (recipients.length > 0 || needsOutcome),
  };
}
