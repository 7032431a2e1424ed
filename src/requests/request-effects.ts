/**
 * What a transition's named actions mean for the database, as plain data (pure): audit events,
 * outbox messages and notes, written by the WorkflowRunner in the transition's transaction.
 * Actions whose module is not built yet are listed in PENDING_ACTIONS and do nothing.
 */
import type { AuditEventInput } from '../audit/audit.js';

export interface TransitionAction {
  type: string;
  params?: unknown;
}

export interface MessageInsert {
  recipient: string;
  template: string;
  data: Record<string, unknown>;
}

export interface NoteInsert {
  text: string;
}

export interface EffectPlan {
  messages: MessageInsert[];
  notes: NoteInsert[];
  audit: AuditEventInput[];
}

export interface EffectContext {
  requestId: string;
  requesterEmail: string | null;
  actor: string;
  event: { type: string } & Record<string, unknown>;
}

/** Actions recorded in the snapshot only (context updates) or handled by later modules. */
export const PENDING_ACTIONS = new Set([
  'recordReceipt', // the intake audit event records the receipt
  'startRouting', // routing module
  'createForwardings', // forwarding module
  'createProcessorTask', // forwarding module
  'reportInstructionDone', // forwarding module
  'cancelForwardings', // forwarding module
  'notifyWebhook', // webhooks
  'pauseClock', // columns derived from the snapshot
  'resumeClock',
  'markExtended',
  'flagUnmatched',
]);

type Params = Record<string, unknown> | undefined;

/** Letters to the requester, with the template data that is not personal (codes and flags). */
const REQUESTER_LETTERS: Record<string, (params: Params) => Record<string, unknown> | undefined> = {
  sendAcknowledgement: () => ({}),
  sendInfoRequest: (p) => ({ forIdentification: p?.forIdentification === true }),
  sendExtensionNotice: () => ({}),
  sendRefusal: (p) => ({ ground: p?.ground, partial: p?.partial === true }),
  sendNotOursLetter: () => ({}),
  // The confirmation to controllers belongs to the forwarding module.
  sendCompletion: (p) => (p?.recipient === 'requester' ? {} : undefined),
};

const TEMPLATE_OF: Record<string, string> = {
  sendAcknowledgement: 'acknowledgement',
  sendInfoRequest: 'info-request',
  sendExtensionNotice: 'extension-notice',
  sendRefusal: 'refusal',
  sendNotOursLetter: 'not-ours',
  sendCompletion: 'completion',
};

export class UnknownActionError extends Error {
  constructor(readonly action: string) {
    super(`No effect is defined for the action ${action}`);
  }
}

export function planEffects(actions: readonly TransitionAction[], ctx: EffectContext): EffectPlan {
  const plan: EffectPlan = { messages: [], notes: [], audit: [] };
  for (const action of actions) {
    const letter = REQUESTER_LETTERS[action.type];
    if (letter) {
      const data = letter(action.params as Params);
      if (!data) continue;
      // A letter needs an address; without one the agent answers by the channel the request came in.
      if (ctx.requesterEmail) {
        plan.messages.push({ recipient: ctx.requesterEmail, template: TEMPLATE_OF[action.type], data });
      } else {
        plan.audit.push({ requestId: ctx.requestId, actor: 'system', type: 'LETTER_NOT_SENT', data: { template: TEMPLATE_OF[action.type], reason: 'no-email' } });
      }
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

/** The audit data of an event: codes, ids and booleans only; free text (reasons, notes) stays out. */
export function auditDataOf(event: { type: string } & Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'type' || key === 'at') continue;
    if (key === 'reason' || key === 'text') {
      data[`${key}Given`] = typeof value === 'string' && value.length > 0;
      continue;
    }
    data[key] = value;
  }
  return data;
}
