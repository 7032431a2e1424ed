/**
 * The forwarding machine: one request forwarded to one controller, as a pure XState v5 machine.
 *
 *   queued ─SENT→ sent ─ACKNOWLEDGE→ acknowledged ─DECIDE→ decided (instruct) ─INSTRUCTION_DONE→ done
 *     │             │                      └────────DECIDE (takes-over | not-ours)──────────→ done
 *     │             └─DECIDE→ (as from acknowledged: a decision also confirms receipt)
 *     └─BOUNCED→ bounced ─RESEND→ queued        (sent ─BOUNCED→ bounced too: a late bounce)
 *   any open state ─CANCEL→ done (the request was refused, withdrawn or a duplicate)
 *   REMIND / ESCALATE in sent and acknowledged: the flags `reminded` and `escalated`, not states.
 *   OVERDUE in any undecided state (queued, sent, acknowledged, bounced): the flag `overdue`, once,
 *   when the controller's respondBy has passed without a decision (the reminder sweep sends it).
 *
 * Same rules as the request machine: no Nest, no I/O, no clock (time arrives on events as `at`),
 * side effects are named actions with empty bodies that the forwarding service carries out.
 */
import { assign, initialTransition, setup, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { CONTROLLER_DECISIONS, INSTRUCTIONS, type ControllerDecision, type Instruction } from '../requests/request.types.js';
import type { ForwardingState } from '../vocabulary/vocabulary.js';

export const FORWARDING_MACHINE_VERSION = 1;

export { FORWARDING_STATES, type ForwardingState } from '../vocabulary/vocabulary.js';

export type ReminderKind = 'acknowledge' | 'decision';

interface Timed {
  at: string;
}

export type ForwardingEvent =
  | ({ type: 'SENT' } & Timed)
  | ({ type: 'BOUNCED' } & Timed)
  | ({ type: 'RESEND' } & Timed)
  | ({ type: 'ACKNOWLEDGE' } & Timed)
  | ({ type: 'DECIDE'; decision: ControllerDecision; instruction?: Instruction } & Timed)
  | ({ type: 'INSTRUCTION_DONE' } & Timed)
  | ({ type: 'REMIND'; kind: ReminderKind } & Timed)
  | ({ type: 'ESCALATE' } & Timed)
  | ({ type: 'CANCEL' } & Timed)
  | ({ type: 'OVERDUE' } & Timed);
export type ForwardingEventType = ForwardingEvent['type'];

export interface ForwardingContext {
  reminded: boolean;
  escalated: boolean;
  reminderCount: number;
  decisionReminded: boolean;
  cancelled: boolean;
  /** Past the controller's respondBy without a decision (absent in snapshots from before the flag). */
  overdue?: boolean;
  sentAt?: string;
  acknowledgedAt?: string;
  decision?: ControllerDecision;
  instruction?: Instruction;
  decidedAt?: string;
}

export interface ForwardingActionParams {
  markSent: { at: string };
  recordAcknowledgement: { at: string };
  recordDecision: { decision: ControllerDecision; instruction?: Instruction; at: string };
  settleRequest: { decision: ControllerDecision; instruction?: Instruction };
  sendReminder: { kind: ReminderKind };
  sendEscalation: undefined;
  alertAgents: { reason: 'bounced' };
}
export type ForwardingActionType = keyof ForwardingActionParams;
export type ForwardingAction = { [K in ForwardingActionType]: { type: K; params: ForwardingActionParams[K] } }[ForwardingActionType];

function effect<K extends ForwardingActionType>(): (args: unknown, params: ForwardingActionParams[K]) => void {
  return () => undefined;
}

export function isValidDecision(event: { decision?: unknown; instruction?: unknown }): boolean {
  if (!(CONTROLLER_DECISIONS as readonly unknown[]).includes(event.decision)) return false;
  if (event.decision === 'instruct') return (INSTRUCTIONS as readonly unknown[]).includes(event.instruction);
  return event.instruction === undefined;
}

const decisionParams = ({ event }: { event: ForwardingEvent }) => {
  const e = event as Extract<ForwardingEvent, { type: 'DECIDE' }>;
  return { decision: e.decision, ...(e.instruction ? { instruction: e.instruction } : {}) };
};

const forwardingSetup = setup({
  types: { context: {} as ForwardingContext, events: {} as ForwardingEvent },
  guards: {
    decidesInstruct: ({ event }) => event.type === 'DECIDE' && isValidDecision(event) && event.decision === 'instruct',
    decidesOther: ({ event }) => event.type === 'DECIDE' && isValidDecision(event) && event.decision !== 'instruct',
    ackReminder: ({ event }) => event.type === 'REMIND' && event.kind === 'acknowledge',
    decisionReminderOnce: ({ context, event }) => event.type === 'REMIND' && event.kind === 'decision' && !context.decisionReminded,
    notEscalated: ({ context }) => !context.escalated,
    notOverdue: ({ context }) => context.overdue !== true,
  },
  actions: {
    markSent: effect<'markSent'>(),
    recordAcknowledgement: effect<'recordAcknowledgement'>(),
    recordDecision: effect<'recordDecision'>(),
    settleRequest: effect<'settleRequest'>(),
    sendReminder: effect<'sendReminder'>(),
    sendEscalation: effect<'sendEscalation'>(),
    alertAgents: effect<'alertAgents'>(),
    storeSent: assign(({ event }) => ({ sentAt: event.at })),
    storeAcknowledged: assign(({ context, event }) => ({ acknowledgedAt: context.acknowledgedAt ?? event.at })),
    storeDecision: assign(({ context, event }) => {
      if (event.type !== 'DECIDE') return {};
      return {
        decision: event.decision,
        ...(event.instruction ? { instruction: event.instruction } : {}),
        decidedAt: event.at,
        acknowledgedAt: context.acknowledgedAt ?? event.at,
      };
    }),
    storeReminder: assign(({ context, event }) => {
      if (event.type !== 'REMIND') return {};
      return event.kind === 'decision'
        ? { reminded: true, decisionReminded: true }
        : { reminded: true, reminderCount: context.reminderCount + 1 };
    }),
    storeEscalation: assign({ escalated: true }),
    storeCancel: assign({ cancelled: true }),
    storeOverdue: assign({ overdue: true }),
  },
});

const decide = [
  {
    guard: 'decidesInstruct' as const,
    target: '#forwarding.decided',
    actions: [
      'storeDecision' as const,
      { type: 'recordDecision' as const, params: ({ event }: { event: ForwardingEvent }) => ({ ...decisionParams({ event }), at: event.at }) },
      { type: 'settleRequest' as const, params: decisionParams },
    ],
  },
  {
    guard: 'decidesOther' as const,
    target: '#forwarding.done',
    actions: [
      'storeDecision' as const,
      { type: 'recordDecision' as const, params: ({ event }: { event: ForwardingEvent }) => ({ ...decisionParams({ event }), at: event.at }) },
      { type: 'settleRequest' as const, params: decisionParams },
    ],
  },
];

const remind = [
  {
    guard: 'ackReminder' as const,
    actions: ['storeReminder' as const, { type: 'sendReminder' as const, params: { kind: 'acknowledge' as const } }],
  },
  {
    guard: 'decisionReminderOnce' as const,
    actions: ['storeReminder' as const, { type: 'sendReminder' as const, params: { kind: 'decision' as const } }],
  },
];

const escalate = { guard: 'notEscalated' as const, actions: ['storeEscalation' as const, 'sendEscalation' as const] };
const cancel = { target: '#forwarding.done', actions: ['storeCancel' as const] };
const overdue = { guard: 'notOverdue' as const, actions: ['storeOverdue' as const] };

export const forwardingMachine = forwardingSetup.createMachine({
  id: 'forwarding',
  initial: 'queued',
  context: { reminded: false, escalated: false, reminderCount: 0, decisionReminded: false, cancelled: false },
  states: {
    queued: {
      on: {
        SENT: { target: 'sent', actions: ['storeSent', { type: 'markSent', params: ({ event }) => ({ at: event.at }) }] },
        BOUNCED: { target: 'bounced', actions: [{ type: 'alertAgents', params: { reason: 'bounced' } }] },
        // The controller used the link before the transport's confirmation was recorded.
        ACKNOWLEDGE: { target: 'acknowledged', actions: ['storeAcknowledged', { type: 'recordAcknowledgement', params: ({ event }) => ({ at: event.at }) }] },
        DECIDE: decide,
        CANCEL: cancel,
        OVERDUE: overdue,
      },
    },
    sent: {
      on: {
        ACKNOWLEDGE: { target: 'acknowledged', actions: ['storeAcknowledged', { type: 'recordAcknowledgement', params: ({ event }) => ({ at: event.at }) }] },
        DECIDE: decide,
        BOUNCED: { target: 'bounced', actions: [{ type: 'alertAgents', params: { reason: 'bounced' } }] },
        REMIND: remind,
        ESCALATE: escalate,
        CANCEL: cancel,
        OVERDUE: overdue,
      },
    },
    acknowledged: {
      on: {
        DECIDE: decide,
        REMIND: remind.slice(1),
        ESCALATE: escalate,
        CANCEL: cancel,
        OVERDUE: overdue,
      },
    },
    decided: {
      on: {
        INSTRUCTION_DONE: { target: 'done' },
        CANCEL: cancel,
      },
    },
    bounced: {
      on: {
        RESEND: { target: 'queued' },
        CANCEL: cancel,
        OVERDUE: overdue,
      },
    },
    done: { type: 'final' },
  },
});

export type ForwardingSnapshot = SnapshotFrom<typeof forwardingMachine>;

export interface PersistedForwardingSnapshot {
  status: string;
  value: ForwardingState;
  context: ForwardingContext;
  children: Record<string, never>;
  [key: string]: unknown;
}

export interface ForwardingTransitionResult {
  persisted: PersistedForwardingSnapshot;
  state: ForwardingState;
  context: ForwardingContext;
  actions: ForwardingAction[];
}

/** The event is not accepted in the forwarding's state (a guard refused it, or it is unknown there). */
export class ForwardingTransitionError extends Error {
  constructor(
    readonly eventType: string,
    readonly state: string,
  ) {
    super(`Forwarding event ${eventType} is not allowed in state ${state}`);
    this.name = 'ForwardingTransitionError';
  }
}

function result(snapshot: ForwardingSnapshot, actions: readonly { type: string; params?: unknown }[]): ForwardingTransitionResult {
  return {
    persisted: forwardingMachine.getPersistedSnapshot(snapshot) as unknown as PersistedForwardingSnapshot,
    state: snapshot.value as ForwardingState,
    context: snapshot.context,
    actions: actions.filter((a) => !a.type.startsWith('xstate.')).map((a) => ({ type: a.type, params: a.params }) as ForwardingAction),
  };
}

export function initialForwardingSnapshot(): ForwardingTransitionResult {
  const [snapshot, actions] = initialTransition(forwardingMachine);
  return result(snapshot, actions);
}

export function restoreForwardingSnapshot(persisted: PersistedForwardingSnapshot): ForwardingSnapshot {
  return forwardingMachine.resolveState(persisted as unknown as Parameters<typeof forwardingMachine.resolveState>[0]);
}

/** Applies one event; throws {@link ForwardingTransitionError} when the state does not take it. */
export function applyForwardingEvent(persisted: PersistedForwardingSnapshot, event: ForwardingEvent): ForwardingTransitionResult {
  if (typeof event?.at !== 'string' || event.at.length < 10) throw new TypeError('every forwarding event needs `at`');
  const before = restoreForwardingSnapshot(persisted);
  if (!before.can(event)) throw new ForwardingTransitionError(event.type, String(before.value));
  const [snapshot, actions] = transition(forwardingMachine, before, event);
  return result(snapshot, actions);
}

/** Whether the state takes the event (e.g. to offer a button only when it would be accepted). */
export function canApply(persisted: PersistedForwardingSnapshot, event: ForwardingEvent): boolean {
  return restoreForwardingSnapshot(persisted).can(event);
}

/** Open: the controller can still act through the link. */
export function isOpenState(state: string): boolean {
  return state === 'queued' || state === 'sent' || state === 'acknowledged';
}
