/**
 * The controller's page behind the link (pure view model, Dutch): what was asked, the controller's
 * own deadline, what the processor has done so far, and the forms that the forwarding's state
 * accepts. The requester's details and message only appear after "Gegevens tonen" (a POST).
 */
import { daysLeft, localDate } from '../deadlines/deadlines.js';
import { formatDate, formatDateTime, type Language } from '../vocabulary/language.js';
import { CONTROLLER_PAGE_TEXTS } from './controller-page-texts.js';
import type { RequestRow } from '../requests/request-row.js';
import { CONTROLLER_DECISIONS, INSTRUCTIONS, isRight, type ControllerDecision, type Instruction } from '../requests/request.types.js';
import { daysLeftText } from '../replies/renderer.js';
import { applyTone, decisionForController, instructionOption, rightForController, type Tone } from '../vocabulary/vocabulary.js';
import { isOpenState } from './forwarding.machine.js';
import { draftLettersFor } from './draft-letters.js';
import type { ForwardingRow } from './forwarding-row.js';
import type { DecisionInput } from './forwarding.service.js';

/** Instructions that cannot be undone or hand over data: recorded only after a second confirmation. */
export const CONFIRM_INSTRUCTIONS: readonly Instruction[] = ['erase', 'export'];


export type DecisionParse = { ok: true; input: DecisionInput; needsConfirmation: boolean } | { ok: false; error: string };

/** The decision form as typed, to show it again after a refusal (nothing typed is lost). */
export interface DecisionValues {
  decision: string;
  instruction: string;
  details: string;
  note: string;
}

export function decisionValuesOf(body: Record<string, unknown>): DecisionValues {
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return { decision: str('decision'), instruction: str('instruction'), details: str('details'), note: str('note') };
}

/** The decision form as posted (strings), checked; free text trimmed and bounded; an error in the controller's language and tone. */
export function parseDecision(body: Record<string, unknown>, tone: Tone = 'u', lang: Language = 'nl'): DecisionParse {
  const parsed = parseDecisionU(body, lang);
  return parsed.ok ? parsed : { ok: false, error: applyTone(parsed.error, tone) };
}

function parseDecisionU(body: Record<string, unknown>, lang: Language): DecisionParse {
  const errors = CONTROLLER_PAGE_TEXTS[lang].errors;
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const decision = str('decision');
  if (!(CONTROLLER_DECISIONS as readonly string[]).includes(decision)) return { ok: false, error: errors.decision };
  const note = str('note');
  const details = str('details');
  if (note.length > 4000 || details.length > 4000) return { ok: false, error: errors.tooLong };
  if (decision !== 'instruct') {
    // Text typed in the instruction fields would be lost with another decision: refused, never dropped.
    if (details || str('instruction')) return { ok: false, error: errors.instructionTyped };
    return { ok: true, input: { decision: decision as ControllerDecision, ...(note ? { note } : {}) }, needsConfirmation: false };
  }
  const instruction = str('instruction');
  if (!(INSTRUCTIONS as readonly string[]).includes(instruction)) return { ok: false, error: errors.instruction };
  if (!details) return { ok: false, error: errors.details };
  const confirmed = str('confirm') === 'ja';
  return {
    ok: true,
    input: { decision: 'instruct', instruction: instruction as Instruction, details, ...(note ? { note } : {}) },
    needsConfirmation: CONFIRM_INSTRUCTIONS.includes(instruction as Instruction) && !confirmed,
  };
}

/** Names the controller's own texts that a plain GET does not show, or null when there are none. */
export function hiddenTextLabel(details: boolean, note: boolean, lang: Language = 'nl'): string | null {
  const hidden = CONTROLLER_PAGE_TEXTS[lang].hidden;
  if (details && note) return hidden.both;
  if (details) return hidden.details;
  if (note) return hidden.note;
  return null;
}

export interface PageOptions {
  token: string;
  csrf: string;
  today: string;
  tone: Tone;
  /** The controller's language (its page's variant and every word the model makes). */
  lang?: Language;
  controllerName: string;
  processorName: string;
  extraNonWorkingDays: readonly string[];
  /** Show the requester's details and message (after the POST "Gegevens tonen"). */
  reveal: boolean;
  error: string | null;
  /** The decision form as typed (after a refusal), else empty. */
  values?: DecisionValues;
}

export function controllerPageModel(f: ForwardingRow, request: Pick<RequestRow, 'reference' | 'rights' | 'receivedAt' | 'requesterName' | 'requesterEmail' | 'requesterPhone' | 'requesterCustomerRef' | 'requesterAddress' | 'message'>, o: PageOptions): Record<string, unknown> {
  const lang = o.lang ?? 'nl';
  const x = CONTROLLER_PAGE_TEXTS[lang];
  const dateTime = (d: Date) => formatDateTime(d, lang);
  const left = daysLeft(o.today, f.respondBy, f.country, o.extraNonWorkingDays).calendarDays;
  const history: { at: string; text: string }[] = [{ at: dateTime(request.receivedAt), text: x.received(o.processorName) }];
  if (f.sentAt) history.push({ at: dateTime(f.sentAt), text: x.forwardedTo(f.contactEmail) });
  if (f.reminderCount > 0) history.push({ at: '', text: x.reminders(f.reminderCount) });
  if (f.escalated) history.push({ at: '', text: x.urgentReminder });
  if (f.acknowledgedAt) history.push({ at: dateTime(f.acknowledgedAt), text: x.acknowledged });
  if (f.decidedAt && f.decision) history.push({ at: dateTime(f.decidedAt), text: x.decided(decisionForController(f.decision, lang)) });
  const open = isOpenState(f.state) && !f.cancelledAt;
  const decided = f.decision !== null;
  const values = o.values ?? { decision: '', instruction: '', details: '', note: '' };
  return {
    tone: o.tone,
    lang,
    respondByShort: formatDate(f.respondBy, lang, { weekday: false }),
    acknowledgedAt: f.acknowledgedAt ? dateTime(f.acknowledgedAt) : '',
    values,
    // The instruction fields show from the start when something was typed in them (a refused form).
    instructFieldsOpen: values.decision === 'instruct' || Boolean(values.details || values.instruction),
    reference: request.reference,
    controllerName: o.controllerName,
    processorName: o.processorName,
    token: o.token,
    csrf: o.csrf,
    error: o.error,
    rights: request.rights.filter(isRight).map((r) => rightForController(r, o.tone, f.country, lang)),
    // The receipt day in the controller's calendar: its clock runs from the processor's receipt.
    receivedDate: formatDate(localDate(request.receivedAt, f.country), lang),
    respondBy: formatDate(f.respondBy, lang),
    daysLeft: daysLeftText(left, lang),
    overdue: left < 0,
    history,
    canAcknowledge: open && !f.acknowledgedAt,
    canDecide: open && !decided,
    cancelled: f.cancelledAt !== null,
    decided,
    decision: decided
      ? {
          label: decisionForController(f.decision!, lang),
          instruction: f.instruction ? instructionOption(f.instruction, o.tone, lang) : null,
          // Free text may name the person: like the requester's details, only after "Gegevens tonen".
          details: o.reveal ? f.instructionDetails : null,
          note: o.reveal ? f.note : null,
          // What the page holds back, in words: "Uw instructie en toelichting", "Uw toelichting" …
          hiddenText: o.reveal ? null : applyTone(hiddenTextLabel(Boolean(f.instructionDetails), Boolean(f.note), lang) ?? '', o.tone) || null,
          by: f.decidedBy,
          at: f.decidedAt ? dateTime(f.decidedAt) : '',
        }
      : null,
    decisionOptions: CONTROLLER_DECISIONS.map((value) => ({ value, label: decisionForController(value, lang), checked: values.decision === value })),
    instructionOptions: INSTRUCTIONS.map((value) => ({ value, label: instructionOption(value, o.tone, lang), selected: values.instruction === value })),
    reveal: o.reveal,
    // Draft reply letters of the catalogue that fit the rights asked (POST /c/:token/drafts/:id).
    drafts: draftLettersFor(request.rights.filter(isRight), lang),
    requester: o.reveal
      ? {
          name: request.requesterName,
          email: request.requesterEmail,
          phone: request.requesterPhone,
          customerRef: request.requesterCustomerRef,
          address: request.requesterAddress,
          message: request.message,
        }
      : null,
  };
}
