/**
 * What the request page shows with "Afronden" for an in-house request (pure): the facts the
 * privacy facts file still lacks (the letter cannot go out until it is complete), the recipients
 * named there to tick as told of a rectification, erasure or restriction (art 19), and the outcome
 * of a review of an automated decision (art 22(3)) when the facts say such decisions are taken.
 */
import type { PrivacyFactsState } from '../config/privacy-facts.js';
import { privacyFactLabel } from '../replies/own-processing.js';
import type { Right } from '../requests/request.types.js';

const ART19_RIGHTS: readonly Right[] = ['rectification', 'erasure', 'restriction'];

export interface CompletionForm {
  /** Dutch: what the facts file still lacks; empty when complete. */
  missing: string[];
  /** The file the facts are read from. */
  file: string;
  recipients: { name: string; role: string }[];
  needsOutcome: boolean;
  /** The facts are the fictional example (allowed with demo data only): the page says so. */
  fictional: boolean;
  /** The form has fields (otherwise COMPLETE is one click). */
  fields: boolean;
}

export function completionForm(state: PrivacyFactsState, rights: readonly Right[]): CompletionForm {
  const missing = state.missing.map(privacyFactLabel);
  const recipients = rights.some((r) => ART19_RIGHTS.includes(r)) ? (state.facts.recipients ?? []).map((r) => ({ name: r.name, role: r.role })) : [];
  const needsOutcome = rights.includes('automated-decision') && Array.isArray(state.facts.automatedDecisions);
  return { missing, file: state.path, recipients, needsOutcome, fictional: state.facts.fictional === true, fields: missing.length === 0 && (recipients.length > 0 || needsOutcome) };
}
