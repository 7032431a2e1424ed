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
 *   RESEND in queued, sent, acknowledged and bounced: a new link in a new forwarding mail (bounced → queued).
 *   SENT in acknowledged, decided or bounced: the transport's confirmation came late; only recorded.
 *
 * Same rules as the request machine: no Nest, no I/O, no clock (time arrives on events as `at`),
 * side effects are named actions with empty bodies. Who carries out which is declared in
 * FORWARDING_ACTIONS_CARRIED_OUT below: the forwarding runner (ForwardingStore.run, with the
 * fragments of forwarding-actions.ts) or the request transition's statement.
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
  recordBounce: undefined;
  recordOverdue: undefined;
  sendNewLink: undefined;
  callOff: undefined;
}
export type ForwardingActionType = keyof ForwardingActionParams;
export type ForwardingAction = { [K in ForwardingActionType]: { type: K; params: ForwardingActionParams[K] } }[ForwardingActionType];

function effect<K extends ForwardingActionType>(): (args: unknown, params: ForwardingActionParams[K]) => void {
  return () => undefined;
}

/**
 * Which statement carries out which named action (checked before anything is written, and by a
 * test that every action the machine names is carried out somewhere):
 * - `runner`: ForwardingStore.run — every forwarding event the forwarding module sends (SENT,
 *   BOUNCED, RESEND, ACKNOWLEDGE, DECIDE, REMIND, ESCALATE, OVERDUE) — one guarded statement with
 *   the fragments of forwarding-actions.ts;
 * - `requestTransition`: the request runner's statement (forwarding_updates and cancelled_mail
 *   CTEs, planned by forwarding-planner.service.ts for CANCEL and INSTRUCTION_DONE);
 * - `misdirection`: the request runner's statement for a forwarding sent in error
 *   (misdirected_rows, src/incidents/incident-sql.ts via forwarding-sql.ts misdirectForwardings).
 */
export const FORWARDING_ACTIONS_CARRIED_OUT = {
  runner: ['markSent', 'recordAcknowledgement', 'recordDecision', 'settleRequest', 'sendReminder', 'sendEscalation', 'recordBounce', 'recordOverdue', 'sendNewLink'],
  requestTransition: ['callOff'],
  misdirection: ['callOff'],
} as const satisfies Record<string, readonly ForwardingActionType[]>;
export type RunnerActionType = (typeof FORWARDING_ACTIONS_CARRIED_OUT.runner)[number];
type Uncarried = Exclude<ForwardingActionType, (typeof FORWARDING_ACTIONS_CARRIED_OUT)[keyof typeof FORWARDING_ACTIONS_CARRIED_OUT][number]>;
/** Compile-time: a named action no statement carries out does not exist. */
export const NO_UNCARRIED_ACTION: [Uncarried] extends [never] ? true : never = true;

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
    recordBounce: effect<'recordBounce'>(),
    recordOverdue: effect<'recordOverdue'>(),
    sendNewLink: effect<'sendNewLink'>(),
    callOff: effect<'callOff'>(),
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
const cancel = { target: '#forwarding.done', actions: ['storeCancel' as const, 'callOff' as const] };
const overdue = { guard: 'notOverdue' as const, actions: ['storeOverdue' as const, 'recordOverdue' as const] };
const bounced = { target: '#forwarding.bounced', actions: ['recordBounce' as const] };
/** A new link in a new forwarding mail (the agent's "nieuwe link"). */
const resend = { actions: ['sendNewLink' as const] };
/** The transport's confirmation after the controller already answered (or after a late bounce): only recorded. */
const lateSent = { actions: [{ type: 'markSent' as const, params: ({ event }: { event: ForwardingEvent }) => ({ at: event.at }) }] };

export const forwardingMachine = forwardingSetup.createMachine({
  id: 'forwarding',
  initial: 'queued',
  context: { reminded: false, escalated: false, reminderCount: 0, decisionReminded: false, cancelled: false },
  states: {
    queued: {
      on: {
        SENT: { target: 'sent', actions: ['storeSent', { type: 'markSent', params: ({ event }) => ({ at: event.at }) }] },
        BOUNCED: bounced,
        RESEND: resend,
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
        BOUNCED: bounced,
        RESEND: resend,
        REMIND: remind,
        ESCALATE: escalate,
        CANCEL: cancel,
        OVERDUE: overdue,
      },
    },
    acknowledged: {
      on: {
        SENT: lateSent,
        DECIDE: decide,
        RESEND: resend,
        REMIND: remind.slice(1),
        ESCALATE: escalate,
        CANCEL: cancel,
        OVERDUE: overdue,
      },
    },
    decided: {
      on: {
        SENT: lateSent,
        INSTRUCTION_DONE: { target: 'done' },
        CANCEL: cancel,
      },
    },
    bounced: {
      on: {
        SENT: lateSent,
        RESEND: { target: 'queued', actions: ['sendNewLink'] },
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
