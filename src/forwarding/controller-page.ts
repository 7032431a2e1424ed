/**
 * The controller's page behind the link (pure view model, Dutch): what was asked, the controller's
 * own deadline, what the processor has done so far, and the forms that the forwarding's state
 * accepts. The requester's details and message only appear after "Gegevens tonen" (a POST).
 */
import { formatDutchDate } from '../deadlines/dutch.js';
import { daysLeft, localDate } from '../deadlines/deadlines.js';
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

const AMSTERDAM = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateTime = (d: Date) => AMSTERDAM.format(d).replace(/ om |, /, ' om ');

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

/** The decision form as posted (strings), checked; free text trimmed and bounded. */
export function parseDecision(body: Record<string, unknown>, tone: Tone = 'u'): DecisionParse {
  const parsed = parseDecisionU(body);
  return parsed.ok ? parsed : { ok: false, error: applyTone(parsed.error, tone) };
}

function parseDecisionU(body: Record<string, unknown>): DecisionParse {
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const decision = str('decision');
  if (!(CONTROLLER_DECISIONS as readonly string[]).includes(decision)) return { ok: false, error: 'Kies een besluit.' };
  const note = str('note');
  const details = str('details');
  if (note.length > 4000 || details.length > 4000) return { ok: false, error: 'Een toelichting mag hoogstens 4000 tekens zijn.' };
  if (decision !== 'instruct') {
    // Text typed in the instruction fields would be lost with another decision: refused, never dropped.
    if (details || str('instruction')) {
      return {
        ok: false,
        error:
          '{U} koos geen instructie, maar vulde wel een instructie in. Kies "Wij geven de verwerker een instructie" als {u} ons een instructie geeft, of maak de instructievelden leeg.',
      };
    }
    return { ok: true, input: { decision: decision as ControllerDecision, ...(note ? { note } : {}) }, needsConfirmation: false };
  }
  const instruction = str('instruction');
  if (!(INSTRUCTIONS as readonly string[]).includes(instruction)) return { ok: false, error: 'Kies welke instructie {u} de verwerker geeft.' };
  if (!details) return { ok: false, error: 'Beschrijf de instructie: welke gegevens, en wat er precies moet gebeuren.' };
  const confirmed = str('confirm') === 'ja';
  return {
    ok: true,
    input: { decision: 'instruct', instruction: instruction as Instruction, details, ...(note ? { note } : {}) },
    needsConfirmation: CONFIRM_INSTRUCTIONS.includes(instruction as Instruction) && !confirmed,
  };
}

/** Names the controller's own texts that a plain GET does not show, or null when there are none. */
export function hiddenTextLabel(details: boolean, note: boolean): string | null {
  if (details && note) return '{Uw} instructie en toelichting';
  if (details) return '{Uw} instructie';
  if (note) return '{Uw} toelichting';
  return null;
}

export interface PageOptions {
  token: string;
  csrf: string;
  today: string;
  tone: Tone;
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
  const left = daysLeft(o.today, f.respondBy, f.country, o.extraNonWorkingDays).calendarDays;
  const history: { at: string; text: string }[] = [{ at: dateTime(request.receivedAt), text: `Verzoek ontvangen door ${o.processorName}` }];
  if (f.sentAt) history.push({ at: dateTime(f.sentAt), text: `Doorgestuurd naar ${f.contactEmail}` });
  if (f.reminderCount > 0) history.push({ at: '', text: `${f.reminderCount === 1 ? 'Eén herinnering' : `${f.reminderCount} herinneringen`} gestuurd` });
  if (f.escalated) history.push({ at: '', text: 'Dringende herinnering gestuurd' });
  if (f.acknowledgedAt) history.push({ at: dateTime(f.acknowledgedAt), text: 'Ontvangst bevestigd' });
  if (f.decidedAt && f.decision) history.push({ at: dateTime(f.decidedAt), text: `Besluit vastgelegd: ${decisionForController(f.decision)}` });
  const open = isOpenState(f.state) && !f.cancelledAt;
  const decided = f.decision !== null;
  const values = o.values ?? { decision: '', instruction: '', details: '', note: '' };
  return {
    tone: o.tone,
    respondByShort: formatDutchDate(f.respondBy, { weekday: false }),
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
    rights: request.rights.filter(isRight).map((r) => rightForController(r, o.tone, f.country)),
    // The receipt day in the controller's calendar: its clock runs from the processor's receipt.
    receivedDate: formatDutchDate(localDate(request.receivedAt, f.country)),
    respondBy: formatDutchDate(f.respondBy),
    daysLeft: daysLeftText(left),
    overdue: left < 0,
    history,
    canAcknowledge: open && !f.acknowledgedAt,
    canDecide: open && !decided,
    cancelled: f.cancelledAt !== null,
    decided,
    decision: decided
      ? {
          label: decisionForController(f.decision!),
          instruction: f.instruction ? instructionOption(f.instruction, o.tone) : null,
          // Free text may name the person: like the requester's details, only after "Gegevens tonen".
          details: o.reveal ? f.instructionDetails : null,
          note: o.reveal ? f.note : null,
          // What the page holds back, in words: "Uw instructie en toelichting", "Uw toelichting" …
          hiddenText: o.reveal ? null : applyTone(hiddenTextLabel(Boolean(f.instructionDetails), Boolean(f.note)) ?? '', o.tone) || null,
          by: f.decidedBy,
          at: f.decidedAt ? dateTime(f.decidedAt) : '',
        }
      : null,
    decisionOptions: CONTROLLER_DECISIONS.map((value) => ({ value, label: decisionForController(value), checked: values.decision === value })),
    instructionOptions: INSTRUCTIONS.map((value) => ({ value, label: instructionOption(value, o.tone), selected: values.instruction === value })),
    reveal: o.reveal,
    // Draft reply letters of the catalogue that fit the rights asked (POST /c/:token/drafts/:id).
    drafts: draftLettersFor(request.rights.filter(isRight)),
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
