/**
 * What a transition's named actions mean for the database, as plain data (pure): audit events,
 * outbox messages and notes, written by the WorkflowRunner in the transition's transaction.
 * Actions whose module is not built yet are listed in PENDING_ACTIONS and do nothing.
 */
import type { AuditEventInput } from '../audit/audit.js';
import type { ForwardingInsert, ForwardingUpdate, MisdirectionWrite, ProcessorTaskInsert, ProcessorTaskUpdate } from './forwarding-writes.js';
import type { VerificationStepInsert } from './verification-port.js';

export interface TransitionAction {
  type: string;
  params?: unknown;
}

export interface MessageInsert {
  recipient: string;
  template: string;
  data: Record<string, unknown>;
  /** The forwarding this mail belongs to (forwarding mails and reminders). */
  forwardingId?: string;
}

export interface NoteInsert {
  text: string;
}

export interface EffectPlan {
  messages: MessageInsert[];
  notes: NoteInsert[];
  audit: AuditEventInput[];
  /** Webhook events (`request.extended` …) for the API client that filed the request. */
  /** `data`: the event type's own fields, merged into the payload's `data`. */
  webhooks: { event: string; data?: Record<string, string> }[];
  /** Rows of the forwarding module (see forwarding-port.ts); absent unless a forwarding action ran. */
  forwardings?: ForwardingInsert[];
  forwardingUpdates?: ForwardingUpdate[];
  processorTasks?: ProcessorTaskInsert[];
  /** Processor tasks completed (or cancelled after a withdrawn instruction), guarded by their state. */
  processorTaskUpdates?: ProcessorTaskUpdate[];
  /** A verification step written with the transition (see verification-port.ts). */
  verificationSteps?: VerificationStepInsert[];
  /** Forwardings sent in error and their incidents (src/incidents/incident-sql.ts). */
  misdirections?: MisdirectionWrite[];
  /** Forwardings whose pending decision this transition (FORWARDING_SETTLED) takes (src/forwarding/settlement-sql.ts). */
  settlements?: string[];
  /** A discarded mail (purgePersonalData): the request's personal data purged in the transition's transaction, right after it. */
  purge?: boolean;
  /** changeRequesterLanguage: the requester's language column, written by the transition's own UPDATE. */
  requesterLanguage?: string;
}

export interface EffectContext {
  requestId: string;
  requesterEmail: string | null;
  /** The requester's language before the transition (REQUESTER_LANGUAGE_CHANGED records the change). */
  requesterLanguage?: string;
  /** The time of the transition (the runner's clock), for audit events the actions write. */
  now?: Date;
  actor: string;
  event: { type: string } & Record<string, unknown>;
}

/** Actions recorded in the snapshot only (context updates) or handled by later modules. */
export const PENDING_ACTIONS = new Set([
  'recordReceipt', // the intake audit event records the receipt
  'startRouting', // routing module
  'createForwardings', // forwarding module, through FORWARDING_PLANNER (forwarding-port.ts)
  'createProcessorTask', // idem
  'reportInstructionDone', // idem
  'cancelForwardings', // idem
  'reportMisdirection', // idem: link revoked, forwarding called off, incident and privacy mail (src/incidents/)
  'pauseClock', // columns derived from the snapshot
  'resumeClock',
  'markExtended',
  'flagUnmatched',
]);

type Params = Record<string, unknown> | undefined;

interface Letter {
  template: string;
  /** Template data (codes, flags, the question asked); the worker adds the rest when it renders. */
  data: Record<string, unknown>;
}

/**
 * Letters to the requester (templates in templates/mail/nl/). The worker renders them from the
 * request when it delivers; a question to the requester travels in the outbox row itself, since
 * a later question replaces the one in the request. (The outbox row is personal data anyway:
 * it holds the recipient, and retention purges it with the request.)
 */
const REQUESTER_LETTERS: Record<string, (params: Params) => Letter | undefined> = {
  sendAcknowledgement: () => ({ template: 'acknowledgement', data: {} }),
  sendInfoRequest: (p) =>
    p?.forIdentification === true
      ? { template: 'identification-request', data: { forIdentification: true, question: p.reason } }
      : { template: 'clarification-request', data: { forIdentification: false, question: p?.reason } },
  sendExtensionNotice: () => ({ template: 'extension-notice', data: {} }),
  sendRefusal: (p) => ({ template: 'refusal', data: { ground: p?.ground, partial: p?.partial === true } }),
  sendNotOursLetter: () => ({ template: 'not-ours', data: {} }),
  // The confirmation to controllers is written per completed task by the forwarding planner at
  // reportInstructionDone (src/processor-tasks/): each controller hears of its own instruction.
  sendCompletion: (p) => (p?.recipient === 'requester' ? { template: 'completion', data: {} } : undefined),
};

/** What COMPLETE records for the letter: names of organisations, their date, the review outcome (free text, kept in the outbox row only). */
export function completionRecordOf(event: EffectContext['event']): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const names = Array.isArray(event.recipientsNotified) ? event.recipientsNotified.filter((n): n is string => typeof n === 'string') : [];
  if (names.length) {
    if (typeof event.at !== 'string') throw new Error('COMPLETE with recipientsNotified needs the time of the event');
    record.recipientsNotified = names;
    record.notifiedOn = event.at.slice(0, 10);
  }
  if (typeof event.decisionReviewOutcome === 'string' && event.decisionReviewOutcome.trim()) record.decisionReviewOutcome = event.decisionReviewOutcome.trim();
  return record;
}

export class UnknownActionError extends Error {
  constructor(readonly action: string) {
    super(`No effect is defined for the action ${action}`);
  }
}

export function planEffects(actions: readonly TransitionAction[], ctx: EffectContext): EffectPlan {
  const plan: EffectPlan = { messages: [], notes: [], audit: [], webhooks: [] };
  for (const action of actions) {
    const makeLetter = REQUESTER_LETTERS[action.type];
    if (makeLetter) {
      const letter = makeLetter(action.params as Params);
      if (!letter) continue;
      // Identity verification names the document asked for, for the redaction guidance (a code, no personal data).
      if (action.type === 'sendInfoRequest' && typeof ctx.event.documentType === 'string') letter.data.documentType = ctx.event.documentType;
      // An in-house completion names the recipients told of it (art 19) on the day of the event, and the outcome of a review (art 22(3)).
      if (letter.template === 'completion') Object.assign(letter.data, completionRecordOf(ctx.event));
      // A letter needs an address; without one the agent answers by the channel the request came in.
      if (ctx.requesterEmail) {
        plan.messages.push({ recipient: ctx.requesterEmail, template: letter.template, data: letter.data });
      } else {
        plan.audit.push({ requestId: ctx.requestId, actor: 'system', type: 'LETTER_NOT_SENT', data: { template: letter.template, reason: 'no-email' } });
      }
      continue;
    }
    if (action.type === 'notifyWebhook') {
      const { event, data } = (action.params as Params) ?? {};
      if (typeof event === 'string' && event) plan.webhooks.push({ event, ...(data && typeof data === 'object' ? { data: data as Record<string, string> } : {}) });
      continue;
    }
    if (action.type === 'purgePersonalData') {
      plan.purge = true;
      continue;
    }
    if (action.type === 'changeRequesterLanguage') {
      const language = (action.params as Params)?.language;
      if (typeof language !== 'string') throw new Error('changeRequesterLanguage needs a language');
      plan.requesterLanguage = language;
      plan.audit.push({ requestId: ctx.requestId, actor: ctx.actor, type: 'REQUESTER_LANGUAGE_CHANGED', ...(ctx.now ? { at: ctx.now } : {}), data: { from: ctx.requesterLanguage ?? null, to: language } });
      continue;
    }
    if (action.type === 'recordNote') {
      const text = (action.params as Params)?.text;
      if (typeof text === 'string' && text) plan.notes.push({ text });
      continue;
    }
    if (PENDING_ACTIONS.has(action.type)) continue;
    throw new UnknownActionError(action.type);
  }
  return plan;
}

/**
 * Events whose audit event is the one their action writes (SET_LANGUAGE: REQUESTER_LANGUAGE_CHANGED
 * with the languages before and after), not the event itself: the timeline says it once.
 */
export const AUDITED_BY_THEIR_ACTION: ReadonlySet<string> = new Set(['SET_LANGUAGE']);

/** The audit data of an event: codes, ids and booleans only; free text (reasons, notes) stays out. */
export function auditDataOf(event: { type: string } & Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'type' || key === 'at') continue;
    if (key === 'reason' || key === 'text' || key === 'outcome' || key === 'decisionReviewOutcome') {
      data[`${key}Given`] = typeof value === 'string' && value.length > 0;
      continue;
    }
    data[key] = value;
  }
  return data;
}
