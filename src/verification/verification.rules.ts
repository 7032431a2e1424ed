/**
 * Identity verification rules (art 12(6) AVG; EDPB guidelines 01/2022; AP and GBA guidance), pure:
 * the methods least intrusive first, the reasonable-doubt gate for an ID copy, the
 * representative's authority, the "asked late" warning for the clock pause, the destroyed-copy
 * requirement and the Dutch record line. No Nest, no database, no clock.
 */
import type { Country } from '../deadlines/countries.js';
import { addWorkingDays } from '../deadlines/deadlines.js';
import { formatDutchDate } from '../deadlines/dutch.js';
import {
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_LABELS,
  METHOD_LABELS,
  VERIFICATION_METHODS,
  type DocumentType,
  type Right,
  type VerificationMethod,
} from '../vocabulary/vocabulary.js';

// The methods, the documents and their Dutch names are part of the one vocabulary.
export { DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS, METHOD_LABELS, VERIFICATION_METHODS, type DocumentType, type VerificationMethod };

export const VERIFICATION_STATUSES = ['requested', 'passed', 'failed', 'expired'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<VerificationStatus, string>> = {
  requested: 'gevraagd',
  passed: 'geslaagd',
  failed: 'niet geslaagd',
  expired: 'verlopen',
};

/** Methods that ask the requester for something to identify them: the clock pauses (REQUEST_INFO for identification). */
export const PAUSING_METHODS: readonly VerificationMethod[] = ['representative-authority', 'id-document'];
/** Methods whose proof may be a copy: closing them needs the "checked and destroyed" tick. */
export const COPY_METHODS: readonly VerificationMethod[] = ['representative-authority', 'id-document'];
/** Methods the system decides itself (no agent decision). */
export const AUTOMATIC_METHODS: readonly VerificationMethod[] = ['known-contact-match', 'email-confirmation'];

/** A reason for reasonable doubt must say something: at least this many characters. */
export const MIN_DOUBT_REASON = 10;
/** Identification asked later than this many working days after receipt: the pause may not hold. */
export const UNDUE_DELAY_WORKING_DAYS = 5;
/** The e-mail confirmation link is valid this many days. */
export const EMAIL_CONFIRMATION_VALIDITY_DAYS = 7;

export function intrusiveness(method: VerificationMethod): number {
  return VERIFICATION_METHODS.indexOf(method);
}

export function isMethod(value: unknown): value is VerificationMethod {
  return typeof value === 'string' && (VERIFICATION_METHODS as readonly string[]).includes(value);
}

export interface StartInput {
  method: VerificationMethod;
  reason?: string;
  documentType?: DocumentType;
  /** id-document only: why no less intrusive method suits this request (when none was tried and failed). */
  lessIntrusiveUnsuitable?: string;
}

/** The identity methods less intrusive than a copy of an ID document (not the representative's proof). */
export const LESS_INTRUSIVE_METHODS: readonly VerificationMethod[] = VERIFICATION_METHODS.filter(
  (m) => intrusiveness(m) < intrusiveness('representative-authority'),
);

/** A less intrusive identity method was tried and did not work (failed, or its link expired unused). */
export function lessIntrusiveTried(steps: readonly StepFacts[]): boolean {
  return steps.some((s) => LESS_INTRUSIVE_METHODS.includes(s.method) && (s.status === 'failed' || s.status === 'expired'));
}

export type RuleResult = { ok: true } | { ok: false; code: string; detail: string };

/**
 * May this step be started on a request with these rights? An ID copy needs a recorded reason for
 * reasonable doubt (art 12(6)); an objection to direct marketing (art 21(3)) is honoured without
 * any identity check beyond the address, so it never asks for a copy or for proof of authority.
 */
export function checkStart(input: StartInput, rights: readonly Right[], earlierSteps: readonly StepFacts[] = []): RuleResult {
  const reason = input.reason?.trim() ?? '';
  if (PAUSING_METHODS.includes(input.method) && rights.includes('objection-direct-marketing')) {
    return {
      ok: false,
      code: 'direct-marketing-no-check',
      detail: 'An objection to direct marketing (art 21(3)) is honoured at once, without asking for identification documents.',
    };
  }
  if (input.method === 'id-document' && reason.length < MIN_DOUBT_REASON) {
    return {
      ok: false,
      code: 'reasonable-doubt-required',
      detail: `Asking for a copy of an identity document needs a recorded reason for reasonable doubt (art 12(6)), at least ${MIN_DOUBT_REASON} characters.`,
    };
  }
  if (input.method === 'id-document' && !lessIntrusiveTried(earlierSteps)) {
    const why = input.lessIntrusiveUnsuitable?.trim() ?? '';
    if (why.length < MIN_DOUBT_REASON) {
      return {
        ok: false,
        code: 'less-intrusive-first',
        detail: `Try a less intrusive method first (${LESS_INTRUSIVE_METHODS.join(', ')}); ask for an ID copy only after one failed or expired, or record in lessIntrusiveUnsuitable (at least ${MIN_DOUBT_REASON} characters) why none suits.`,
      };
    }
    const problem = noteProblem(why);
    if (problem) return { ok: false, code: 'note-holds-document-data', detail: problem };
  }
  if (input.lessIntrusiveUnsuitable !== undefined && input.method !== 'id-document') {
    return { ok: false, code: 'less-intrusive-not-applicable', detail: 'lessIntrusiveUnsuitable belongs to an id-document step only.' };
  }
  if (input.method === 'representative-authority' && reason.length < MIN_DOUBT_REASON) {
    return { ok: false, code: 'reason-required', detail: `Say who acts for whom and what proof is asked, at least ${MIN_DOUBT_REASON} characters.` };
  }
  if (input.documentType !== undefined && input.method !== 'id-document') {
    return { ok: false, code: 'document-type-not-applicable', detail: 'A document type belongs to an id-document step only.' };
  }
  return { ok: true };
}

export interface DecideInput {
  status: 'passed' | 'failed';
  checkedAndDestroyed?: boolean;
  note?: string;
}

/** Closing a step that may have brought a copy needs the tick that it was checked and destroyed. */
export function checkDecision(step: { method: VerificationMethod; status: VerificationStatus }, input: DecideInput): RuleResult {
  if (step.status !== 'requested') return { ok: false, code: 'step-closed', detail: `This step is ${step.status} already.` };
  if (AUTOMATIC_METHODS.includes(step.method)) {
    return { ok: false, code: 'automatic-method', detail: 'This method is decided by the system (a known address, or the requester\'s confirmation).' };
  }
  if (COPY_METHODS.includes(step.method) && input.checkedAndDestroyed !== true) {
    return {
      ok: false,
      code: 'copy-not-destroyed',
      detail: 'Confirm that the copy was checked and destroyed, in the mailbox and its attachments too (checkedAndDestroyed: true).',
    };
  }
  return { ok: true };
}

/**
 * True when the identification was asked later than {@link UNDUE_DELAY_WORKING_DAYS} working
 * days after receipt: the pause may not hold (not asked without undue delay).
 */
export function askedLate(receivedDate: string, askedDate: string, country: Country, extraNonWorkingDays: readonly string[] = []): boolean {
  return askedDate > addWorkingDays(receivedDate, UNDUE_DELAY_WORKING_DAYS, country, extraNonWorkingDays);
}

export interface StepFacts {
  method: VerificationMethod;
  status: VerificationStatus;
}

/**
 * Identity is established when an identity step passed and — for a request made by a
 * representative (a representative-authority step exists) — the authority was shown too.
 */
export function identityEstablished(steps: readonly StepFacts[]): boolean {
  const identity = steps.some((s) => s.status === 'passed' && s.method !== 'representative-authority');
  const representative = steps.some((s) => s.method === 'representative-authority');
  const authority = steps.some((s) => s.method === 'representative-authority' && s.status === 'passed');
  return identity && (!representative || authority);
}

/** The Dutch record of a closed copy step: "identiteit gecontroleerd op <date> door <agent>, kopie vernietigd". */
export function recordText(step: { method: VerificationMethod; checkedDate: string; agent: string }): string {
  const what = step.method === 'representative-authority' ? 'bevoegdheid van de vertegenwoordiger' : 'identiteit';
  return `${what} gecontroleerd op ${formatDutchDate(step.checkedDate, { weekday: false })} door ${step.agent}, kopie vernietigd`;
}

/** A note must not carry document data: a short, plain remark. Rejects digits runs that look like a number off a document. */
export function noteProblem(note: string | undefined): string | undefined {
  if (note === undefined) return undefined;
  if (note.length > 500) return 'A note is at most 500 characters.';
  if (/\d[\d .-]{7,}\d/.test(note) || /[A-Z0-9<]{5,}<{2,}/.test(note)) {
    return 'The note looks like it holds a document or personal number; record no document data.';
  }
  return undefined;
}
