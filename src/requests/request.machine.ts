/**
 * The request machine: the lifecycle of one data-subject request, as a pure XState v5 machine.
 *
 *   received ─(always)→ triage.open ⇄ triage.awaitingRequester
 *   triage → forwarded.awaitingControllers → forwarded.instructed → closed.completed
 *          ↘ (all controllers: not ours) back to triage.open, flagged unmatched
 *          → closed.handedOver
 *   triage → inHouse.verifying → processing → answering → closed.completed
 *            (each ⇄ inHouse.awaitingRequester, which returns to the step it was asked from)
 *   any open state → closed.refused | closed.withdrawn | closed.duplicate; triage → closed.notOurs
 *   a mail from the mailbox: rights empty until CONFIRM_RIGHTS; while nothing but the
 *   acknowledgement went out, triage.open → closed.discarded (DISCARD: purged at once)
 *
 * Rules of this file:
 * - It imports nothing but `xstate` and the request types: no Nest, no TypeORM, no I/O, no clock.
 *   Time arrives on events (`at`, stamped by the runner) and lives in context.
 * - Context changes are `assign`s (and `enqueueActions` that assign); they never reach the
 *   runner's action list. Every side effect is a named action with a no-op body (declared only so
 *   that names and params are typed); the runner reads `type` and `params` and does the work.
 * - No history states: `machine.resolveState()` (xstate 5.33) does not revive `historyValue` from
 *   JSON, so a history target misfires after a round-trip through the database. A wait for the
 *   requester remembers its return step in `context.infoRequest.returnTo` instead.
 */
import { and, assign, initialTransition, not, setup, stateIn, transition } from 'xstate';
import type { SnapshotFrom, StateValue } from 'xstate';
import {
  BURDEN_OF_PROOF_GROUNDS,
  BURDEN_OF_PROOF_MIN_REASON,
  CONTROLLER_DECISIONS,
  EXTENSION_MIN_REASON,
  INSTRUCTIONS,
  REQUEST_EVENT_TYPES,
  REQUEST_REFERENCE_PATTERN,
  RIGHTS,
  SCOPES,
  URGENT_RIGHTS,
  isRefusalGround,
  isRight,
} from './request.types.js';
import type {
  ControllerEntry,
  InHouseStep,
  MatchedController,
  RequestAction,
  RequestActionParams,
  RequestActionType,
  RequestContext,
  RequestEvent,
  RequestEventOf,
  RequestEventType,
  RequestMachineInput,
  Right,
  Scope,
  StatePath,
} from './request.types.js';

/** Bump when a change breaks persisted snapshots, and ship a snapshot migration with it. */
export const REQUEST_MACHINE_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Pure helpers used by guards and assigns
// ---------------------------------------------------------------------------------------------

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isUrgent(rights: readonly Right[]): boolean {
  return rights.some((r) => URGENT_RIGHTS.includes(r));
}

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

function isValidMatch(event: RequestEventOf<'ROUTE_MATCHED'>): boolean {
  const { controllers } = event;
  return (
    Array.isArray(controllers) &&
    controllers.length > 0 &&
    controllers.every(
      (c) =>
        c !== null &&
        typeof c === 'object' &&
        isNonEmptyString(c.controllerId) &&
        Array.isArray(c.matchedBy) &&
        c.matchedBy.every((m) => typeof m === 'string') &&
        (c.isSelf === undefined || typeof c.isSelf === 'boolean'),
    ) &&
    unique(controllers.map((c) => c.controllerId))
  );
}

function isValidAssignment(event: RequestEventOf<'ASSIGN_CONTROLLER'>): boolean {
  const ids = event.controllerIds;
  return Array.isArray(ids) && ids.length > 0 && ids.every(isNonEmptyString) && unique(ids);
}

function isValidClassification(event: RequestEventOf<'CLASSIFY'>): boolean {
  if (!(SCOPES as readonly unknown[]).includes(event.scope)) return false;
  if (event.rights === undefined) return true;
  return Array.isArray(event.rights) && event.rights.length > 0 && event.rights.every(isRight);
}

type SettleOutcome = 'pending' | 'instructed' | 'handedOver' | 'allNotOurs';

function isValidSettlement(context: RequestContext, event: RequestEventOf<'FORWARDING_SETTLED'>): boolean {
  const entry = context.controllers.find((c) => c.controllerId === event.controllerId);
  // Unknown controller, decided already, or forwarded to in error (its decision no longer counts).
  if (!entry || entry.decision !== undefined || entry.misdirected === true) return false;
  if (!(CONTROLLER_DECISIONS as readonly unknown[]).includes(event.decision)) return false;
  if (event.decision === 'instruct') return (INSTRUCTIONS as readonly unknown[]).includes(event.instruction);
  return event.instruction === undefined;
}

function applySettlement(context: RequestContext, event: RequestEventOf<'FORWARDING_SETTLED'>): ControllerEntry[] {
  return context.controllers.map((c) =>
    c.controllerId === event.controllerId
      ? {
          ...c,
          decision: event.decision,
          ...(event.decision === 'instruct' && event.instruction ? { instruction: event.instruction } : {}),
          decidedAt: event.at,
        }
      : c,
  );
}

/** Where the request goes once this (valid) decision is recorded. */
function settleOutcome(context: RequestContext, event: RequestEventOf<'FORWARDING_SETTLED'>): SettleOutcome {
  // A controller the request went to in error is out of the count (FORWARDING_MISDIRECTED).
  const after = applySettlement(context, event).filter((c) => c.misdirected !== true);
  if (after.some((c) => c.decision === undefined)) return 'pending';
  if (after.some((c) => c.decision === 'instruct')) return 'instructed';
  if (after.some((c) => c.decision === 'takes-over')) return 'handedOver';
  return 'allNotOurs';
}

type MisdirectionOutcome = 'stay' | 'instructed' | 'completed' | 'handedOver' | 'triage';

/** A controller of the current routing, not marked before, with the forwarding's id and the agent's description. */
function isValidMisdirection(context: RequestContext, event: RequestEventOf<'FORWARDING_MISDIRECTED'>): boolean {
  const entry = context.controllers.find((c) => c.controllerId === event.controllerId);
  return entry !== undefined && entry.misdirected !== true && isNonEmptyString(event.forwardingId) && isNonEmptyString(event.reason);
}

/**
 * Where a forwarded request goes when one of its forwardings was sent to the wrong controller:
 * decided by the controllers that remain, as if the wrong one had never been asked. Calling off
 * the other forwardings would be wrong: those controllers are the right recipients and may already
 * be working on it (cancelling would also tell them it was refused or withdrawn). So while another
 * controller still has to decide, the request stays forwarded; when the others have decided, their
 * decisions settle it (an instruction to carry out, carried out already, or handed over); when
 * nobody is left, it returns to triage, flagged `misdirected`, for an agent to route it again. An
 * instruction of the wrong controller is dropped (its processor task lapses).
 */
function misdirectionOutcome(context: RequestContext, event: RequestEventOf<'FORWARDING_MISDIRECTED'>): MisdirectionOutcome {
  const others = context.controllers.filter((c) => c.controllerId !== event.controllerId && c.misdirected !== true);
  if (others.some((c) => c.decision === undefined)) return 'stay';
  if (context.pendingInstructions.some((p) => p.controllerId !== event.controllerId)) return 'instructed';
  if (others.some((c) => c.decision === 'instruct')) return 'completed';
  if (others.some((c) => c.decision === 'takes-over')) return 'handedOver';
  return 'triage';
}

function isPendingInstruction(context: RequestContext, event: RequestEventOf<'INSTRUCTION_DONE'>): boolean {
  return context.pendingInstructions.some((p) => p.controllerId === event.controllerId);
}

function isValidInfoRequest(context: RequestContext, event: RequestEventOf<'REQUEST_INFO'>): boolean {
  if (!isNonEmptyString(event.reason) || typeof event.forIdentification !== 'boolean') return false;
  // Art 21(3): a direct-marketing objection is honoured at once, without an identity check.
  return !(event.forIdentification && context.rights.includes('objection-direct-marketing'));
}

function isValidExtension(context: RequestContext, event: RequestEventOf<'EXTEND'>): boolean {
  return (
    typeof event.reason === 'string' &&
    event.reason.trim().length >= EXTENSION_MIN_REASON &&
    context.extended === null &&
    // The notice must go out within the first month (art 12(3)); `at` is a local date-time.
    typeof event.at === 'string' &&
    event.at.slice(0, 10) <= context.firstRespondBy
  );
}

function isValidRefusal(event: RequestEventOf<'REFUSE'>): boolean {
  if (!isRefusalGround(event.ground) || typeof event.reason !== 'string') return false;
  if (event.partial !== undefined && typeof event.partial !== 'boolean') return false;
  const min = BURDEN_OF_PROOF_GROUNDS.includes(event.ground) ? BURDEN_OF_PROOF_MIN_REASON : 1;
  return event.reason.trim().length >= min;
}

function isValidRightsConfirmation(context: RequestContext, event: RequestEventOf<'CONFIRM_RIGHTS'>): boolean {
  return context.rightsToConfirm === true && Array.isArray(event.rights) && event.rights.length > 0 && event.rights.every(isRight);
}

/**
 * A mail that is no request may be discarded while the service has told nobody anything about
 * it but the (neutral) acknowledgement: its rights unconfirmed, never routed to a controller, no
 * question to the requester, no extension notice. (The state, triage.open, is the guard's stateIn.)
 */
function isDiscardable(context: RequestContext): boolean {
  return context.rightsToConfirm === true && context.controllers.length === 0 && context.infoRequest === undefined && context.extended === null;
}

function isValidDuplicate(event: RequestEventOf<'MARK_DUPLICATE'>): boolean {
  return typeof event.of === 'string' && REQUEST_REFERENCE_PATTERN.test(event.of);
}

/** What an INSTRUCTION_DONE reports about the processor task (outcome, art 19 recipients, withdrawal). */
function taskReport(event: RequestEventOf<'INSTRUCTION_DONE'>): { outcome?: string; recipientsNotified?: string[]; withdrawn?: boolean } {
  return {
    ...(typeof event.outcome === 'string' ? { outcome: event.outcome } : {}),
    ...(Array.isArray(event.recipientsNotified) ? { recipientsNotified: [...event.recipientsNotified] } : {}),
    ...(event.withdrawn === true ? { withdrawn: true } : {}),
  };
}

/** The side-effect action stubs: typed names and params, no behaviour. */
function effect<K extends RequestActionType>(): (args: unknown, params: RequestActionParams[K]) => void {
  return () => undefined;
}

// ---------------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------------

const requestSetup = setup({
  types: {
    context: {} as RequestContext,
    events: {} as RequestEvent,
    input: {} as RequestMachineInput,
  },
  guards: {
    hasRequesterEmail: ({ context }) => context.hasRequesterEmail,
    dateNotWarned: ({ context, event }) =>
      event.type !== 'DEADLINE_NEAR' ||
      !event.date ||
      context.deadlineWarned?.date !== event.date ||
      context.deadlineWarned?.deadline !== event.deadline,
    validMatch: ({ event }) => event.type === 'ROUTE_MATCHED' && isValidMatch(event),
    onlySelfMatched: ({ event }) => event.type === 'ROUTE_MATCHED' && event.controllers.every((c) => c.isSelf === true),
    validAssignment: ({ event }) => event.type === 'ASSIGN_CONTROLLER' && isValidAssignment(event),
    classifiesAs: ({ event }, params: { scope: Scope }) =>
      event.type === 'CLASSIFY' && isValidClassification(event) && event.scope === params.scope,
    settlementLeadsTo: ({ context, event }, params: { outcome: SettleOutcome }) =>
      event.type === 'FORWARDING_SETTLED' &&
      isValidSettlement(context, event) &&
      settleOutcome(context, event) === params.outcome,
    instructionPending: ({ context, event }) => event.type === 'INSTRUCTION_DONE' && isPendingInstruction(context, event),
    lastPendingInstruction: ({ context, event }) =>
      event.type === 'INSTRUCTION_DONE' && isPendingInstruction(context, event) && context.pendingInstructions.length === 1,
    infoRequestAllowed: ({ context, event }) => event.type === 'REQUEST_INFO' && isValidInfoRequest(context, event),
    returnsTo: ({ context }, params: { step: InHouseStep }) => context.infoRequest?.returnTo === params.step,
    extensionAllowed: ({ context, event }) => event.type === 'EXTEND' && isValidExtension(context, event),
    validRefusal: ({ event }) => event.type === 'REFUSE' && isValidRefusal(event),
    validDuplicate: ({ event }) => event.type === 'MARK_DUPLICATE' && isValidDuplicate(event),
    validRightsConfirmation: ({ context, event }) => event.type === 'CONFIRM_RIGHTS' && isValidRightsConfirmation(context, event),
    discardable: ({ context }) => isDiscardable(context),
    validMisdirection: ({ context, event }) => event.type === 'FORWARDING_MISDIRECTED' && isValidMisdirection(context, event),
    misdirectionLeadsTo: ({ context, event }, params: { outcome: MisdirectionOutcome }) =>
      event.type === 'FORWARDING_MISDIRECTED' && isValidMisdirection(context, event) && misdirectionOutcome(context, event) === params.outcome,
  },
  actions: {
    // --- side effects: carried out by the runner, never here ---
    recordReceipt: effect<'recordReceipt'>(),
    sendAcknowledgement: effect<'sendAcknowledgement'>(),
    startRouting: effect<'startRouting'>(),
    flagUnmatched: effect<'flagUnmatched'>(),
    createForwardings: effect<'createForwardings'>(),
    createProcessorTask: effect<'createProcessorTask'>(),
    reportInstructionDone: effect<'reportInstructionDone'>(),
    cancelForwardings: effect<'cancelForwardings'>(),
    reportMisdirection: effect<'reportMisdirection'>(),
    sendNotOursLetter: effect<'sendNotOursLetter'>(),
    sendInfoRequest: effect<'sendInfoRequest'>(),
    pauseClock: effect<'pauseClock'>(),
    resumeClock: effect<'resumeClock'>(),
    markExtended: effect<'markExtended'>(),
    sendExtensionNotice: effect<'sendExtensionNotice'>(),
    sendRefusal: effect<'sendRefusal'>(),
    sendCompletion: effect<'sendCompletion'>(),
    recordNote: effect<'recordNote'>(),
    changeRequesterLanguage: effect<'changeRequesterLanguage'>(),
    notifyWebhook: effect<'notifyWebhook'>(),
    purgePersonalData: effect<'purgePersonalData'>(),

    // --- context updates (assign; never in the runner's action list) ---
    storeRouting: assign(({ context, event }) => {
      if (event.type === 'ROUTE_MATCHED') {
        const selfOnly = event.controllers.every((c) => c.isSelf === true);
        return {
          scope: (selfOnly ? 'in-house' : 'controller') as Scope,
          controllers: event.controllers.map((c) => ({
            controllerId: c.controllerId,
            matchedBy: [...c.matchedBy],
            ...(c.isSelf !== undefined ? { isSelf: c.isSelf } : {}),
          })),
          pendingInstructions: [],
          flags: { ...context.flags, unmatched: false },
        };
      }
      if (event.type === 'ASSIGN_CONTROLLER') {
        return {
          scope: 'controller' as Scope,
          controllers: event.controllerIds.map((controllerId) => ({ controllerId, matchedBy: ['agent'] })),
          pendingInstructions: [],
          flags: { ...context.flags, unmatched: false },
        };
      }
      return {};
    }),
    storeClassification: assign(({ context, event }) => {
      if (event.type !== 'CLASSIFY') return {};
      const rights = event.rights ? [...new Set(event.rights)] : context.rights;
      // Rights an agent sets while classifying are confirmed rights.
      return {
        scope: event.scope,
        rights,
        flags: { ...context.flags, urgent: isUrgent(rights) },
        ...(event.rights && context.rightsToConfirm ? { rightsToConfirm: false } : {}),
      };
    }),
    storeConfirmedRights: assign(({ context, event }) => {
      if (event.type !== 'CONFIRM_RIGHTS') return {};
      const rights = [...new Set(event.rights)];
      return { rights, rightsToConfirm: false, flags: { ...context.flags, urgent: isUrgent(rights) } };
    }),
    setUnmatched: assign(({ context }) => ({ flags: { ...context.flags, unmatched: true } })),
    // Out of triage the earliest open date is no longer the forwarding date: its warnings lapse.
    leaveTriage: assign(({ context }) => ({ flags: { ...context.flags, unmatched: false, deadlineNear: false, overdue: false, misdirected: false } })),
    storeMisdirection: assign(({ context, event }) => {
      if (event.type !== 'FORWARDING_MISDIRECTED') return {};
      return {
        controllers: context.controllers.map((c) => (c.controllerId === event.controllerId ? { ...c, misdirected: true } : c)),
        pendingInstructions: context.pendingInstructions.filter((p) => p.controllerId !== event.controllerId),
      };
    }),
    // Nobody left to answer: an agent routes it again; the flag tells the queue why it is back.
    flagMisdirected: assign(({ context }) => ({ scope: undefined, flags: { ...context.flags, misdirected: true } })),
    storeDecision: assign(({ context, event }) => {
      if (event.type !== 'FORWARDING_SETTLED') return {};
      const pendingInstructions =
        event.decision === 'instruct' && event.instruction
          ? [...context.pendingInstructions, { controllerId: event.controllerId, instruction: event.instruction }]
          : context.pendingInstructions;
      return { controllers: applySettlement(context, event), pendingInstructions };
    }),
    returnToTriage: assign(({ context }) => ({
      scope: undefined,
      flags: { ...context.flags, unmatched: true, notOursByControllers: true },
    })),
    storeInstructionDone: assign(({ context, event }) => {
      if (event.type !== 'INSTRUCTION_DONE') return {};
      return {
        pendingInstructions: context.pendingInstructions.filter((p) => p.controllerId !== event.controllerId),
        controllers: context.controllers.map((c) =>
          c.controllerId === event.controllerId ? { ...c, instructionDoneAt: event.at } : c,
        ),
      };
    }),
    storeInfoRequest: assign(({ event }, params: { returnTo?: InHouseStep }) => {
      if (event.type !== 'REQUEST_INFO') return {};
      return {
        infoRequest: {
          reason: event.reason.trim(),
          forIdentification: event.forIdentification,
          at: event.at,
          ...(params.returnTo ? { returnTo: params.returnTo } : {}),
        },
      };
    }),
    storeExtension: assign(({ context, event }) => {
      if (event.type !== 'EXTEND') return {};
      // The deadline moved two months on: the near/overdue warnings no longer hold.
      return {
        extended: { reason: event.reason.trim(), at: event.at },
        flags: { ...context.flags, deadlineNear: false, overdue: false },
      };
    }),
    storeRefusal: assign(({ event }) => {
      if (event.type !== 'REFUSE') return {};
      return {
        refusal: { ground: event.ground, reason: event.reason.trim(), ...(event.partial ? { partial: true } : {}) },
      };
    }),
    storeDuplicate: assign(({ event }) => (event.type === 'MARK_DUPLICATE' ? { duplicateOf: event.of } : {})),
    setDeadlineNear: assign(({ context, event }) => ({
      flags: { ...context.flags, deadlineNear: true },
      ...(event.type === 'DEADLINE_NEAR' && event.deadline && event.date ? { deadlineWarned: { deadline: event.deadline, date: event.date } } : {}),
    })),
    setOverdue: assign(({ context }) => ({ flags: { ...context.flags, overdue: true } })),
    storeClosure: assign(({ event }) => ({ closedAt: event.at })),
    clearClosure: assign(() => ({ closedAt: undefined })),
  },
});

// Entry/exit bookkeeping that may or may not cause a side effect (typed against the setup).

/** Entering a wait for the requester: flag it, ask, and pause the clock if it is about identity. */
const beginWait = requestSetup.enqueueActions(({ context, event, enqueue }) => {
  enqueue.assign({ flags: { ...context.flags, awaitingRequester: true } });
  if (event.type !== 'REQUEST_INFO') return;
  const reason = event.reason.trim();
  enqueue({ type: 'sendInfoRequest', params: { reason, forIdentification: event.forIdentification } });
  enqueue({ type: 'notifyWebhook', params: { event: 'request.info_requested' } });
  if (event.forIdentification) {
    enqueue.assign({ pauses: [...context.pauses, { from: event.at, reason }] });
    enqueue({ type: 'pauseClock', params: { from: event.at, reason } });
  }
});

/** Leaving a wait, however (information received, routed, refused, withdrawn …): close the pause. */
const endWait = requestSetup.enqueueActions(({ context, event, enqueue }) => {
  enqueue.assign({ flags: { ...context.flags, awaitingRequester: false } });
  const last = context.pauses[context.pauses.length - 1];
  if (last && last.to === undefined) {
    enqueue.assign({ pauses: [...context.pauses.slice(0, -1), { ...last, to: event.at }] });
    enqueue({ type: 'resumeClock', params: { from: last.from, to: event.at } });
  }
});

/** Entering `forwarded.instructed`: one processor task per instructing controller. */
/** What marking a forwarding as sent in error does in every state that takes it (FORWARDING_MISDIRECTED). */
const MISDIRECTION_ACTIONS = [
  'storeMisdirection',
  {
    type: 'reportMisdirection',
    params: ({ event }: { event: RequestEvent }) =>
      event.type === 'FORWARDING_MISDIRECTED'
        ? { controllerId: event.controllerId, forwardingId: event.forwardingId, description: event.reason.trim() }
        : { controllerId: '', forwardingId: '', description: '' },
  },
  { type: 'notifyWebhook', params: { event: 'forwarding.sent_in_error' } },
] as const;

/** Nobody left to answer: back to triage (from a forwarded state, or reopening a closed one). */
const MISDIRECTED_TO_TRIAGE = {
  guard: { type: 'misdirectionLeadsTo', params: { outcome: 'triage' } },
  target: '#request.triage',
  actions: [...MISDIRECTION_ACTIONS, 'flagMisdirected'],
} as const;

/** Another controller took it over. */
const MISDIRECTED_HANDED_OVER = {
  guard: { type: 'misdirectionLeadsTo', params: { outcome: 'handedOver' } },
  target: '#request.closed.handedOver',
  actions: [...MISDIRECTION_ACTIONS],
} as const;

const createProcessorTasks = requestSetup.enqueueActions(({ context, enqueue }) => {
  for (const task of context.pendingInstructions) {
    enqueue({ type: 'createProcessorTask', params: { controllerId: task.controllerId, instruction: task.instruction } });
  }
});

/** Leaving `forwarded` because the request was refused, withdrawn or a duplicate: call the forwardings off. */
const cancelOpenForwardings = requestSetup.enqueueActions(({ context, event, enqueue }) => {
  const outcome =
    event.type === 'REFUSE'
      ? 'refused'
      : event.type === 'WITHDRAW'
        ? 'withdrawn'
        : event.type === 'MARK_DUPLICATE'
          ? 'duplicate'
          : undefined;
  if (!outcome) return;
  // Everyone who has (or handles) the request hears of it; those who said "not ours" do not.
  const controllerIds = context.controllers.filter((c) => c.decision !== 'not-ours').map((c) => c.controllerId);
  if (controllerIds.length) enqueue({ type: 'cancelForwardings', params: { outcome, controllerIds } });
});

export const requestMachine = requestSetup.createMachine({
  id: 'request',
  initial: 'received',
  context: ({ input }) => ({
    rights: [...new Set(input.rights)],
    hasRequesterEmail: input.hasRequesterEmail,
    receivedAt: input.receivedAt,
    firstRespondBy: input.respondBy,
    flags: {
      unmatched: false,
      urgent: isUrgent(input.rights),
      awaitingRequester: false,
      deadlineNear: false,
      overdue: false,
      notOursByControllers: false,
    },
    controllers: [],
    pendingInstructions: [],
    pauses: [],
    extended: null,
    refusal: null,
    ...(input.rightsToConfirm ? { rightsToConfirm: true } : {}),
  }),
  states: {
    received: {
      always: [
        {
          guard: 'hasRequesterEmail',
          target: 'triage',
          actions: [
            {
              type: 'recordReceipt',
              params: ({ context }) => ({ receivedAt: context.receivedAt, rights: [...context.rights] }),
            },
            'sendAcknowledgement',
            'startRouting',
            { type: 'notifyWebhook', params: { event: 'request.created' } },
          ],
        },
        {
          target: 'triage',
          actions: [
            {
              type: 'recordReceipt',
              params: ({ context }) => ({ receivedAt: context.receivedAt, rights: [...context.rights] }),
            },
            'startRouting',
            { type: 'notifyWebhook', params: { event: 'request.created' } },
          ],
        },
      ],
    },

    triage: {
      initial: 'open',
      exit: 'leaveTriage',
      states: {
        open: {
          on: {
            DISCARD: { guard: 'discardable', target: '#request.closed.discarded', actions: ['purgePersonalData'] },
            REQUEST_INFO: {
              guard: 'infoRequestAllowed',
              target: 'awaitingRequester',
              actions: [{ type: 'storeInfoRequest', params: {} }],
            },
          },
        },
        awaitingRequester: {
          entry: beginWait,
          exit: endWait,
          on: { INFO_RECEIVED: { target: 'open' } },
        },
      },
      on: {
        ROUTE_MATCHED: [
          {
            guard: and(['validMatch', 'onlySelfMatched']),
            target: 'inHouse',
            actions: ['storeRouting', { type: 'notifyWebhook', params: { event: 'request.routed' } }],
          },
          {
            guard: 'validMatch',
            target: 'forwarded',
            actions: [
              'storeRouting',
              {
                type: 'createForwardings',
                params: ({ event }) => ({ controllers: event.controllers.map((c) => ({ ...c, matchedBy: [...c.matchedBy] })) }),
              },
              { type: 'notifyWebhook', params: { event: 'request.routed' } },
            ],
          },
        ],
        ROUTE_NONE: {
          actions: ['setUnmatched', { type: 'flagUnmatched', params: { reason: 'no-match' } }],
        },
        ASSIGN_CONTROLLER: {
          guard: 'validAssignment',
          target: 'forwarded',
          actions: [
            'storeRouting',
            {
              type: 'createForwardings',
              params: ({ event }) => ({
                controllers: event.controllerIds.map((controllerId): MatchedController => ({ controllerId, matchedBy: ['agent'] })),
              }),
            },
            { type: 'notifyWebhook', params: { event: 'request.routed' } },
          ],
        },
        // A forwarding of an earlier routing turns out to have gone to the wrong controller.
        FORWARDING_MISDIRECTED: {
          guard: 'validMisdirection',
          actions: [...MISDIRECTION_ACTIONS, 'flagMisdirected'],
        },
        CLASSIFY: [
          {
            guard: { type: 'classifiesAs', params: { scope: 'in-house' } },
            target: 'inHouse',
            actions: ['storeClassification', { type: 'notifyWebhook', params: { event: 'request.routed' } }],
          },
          {
            guard: { type: 'classifiesAs', params: { scope: 'not-ours' } },
            target: '#request.closed.notOurs',
            actions: ['storeClassification', 'sendNotOursLetter'],
          },
          {
            // Held for a controller: stays in triage until routing matches or an agent assigns.
            guard: { type: 'classifiesAs', params: { scope: 'controller' } },
            actions: ['storeClassification'],
          },
        ],
      },
    },

    forwarded: {
      initial: 'awaitingControllers',
      exit: cancelOpenForwardings,
      states: {
        awaitingControllers: {
          on: {
            // Sent in error (art 33(2)): see misdirectionOutcome for why the others stay.
            FORWARDING_MISDIRECTED: [
              { guard: { type: 'misdirectionLeadsTo', params: { outcome: 'stay' } }, actions: [...MISDIRECTION_ACTIONS] },
              { guard: { type: 'misdirectionLeadsTo', params: { outcome: 'instructed' } }, target: 'instructed', actions: [...MISDIRECTION_ACTIONS] },
              MISDIRECTED_HANDED_OVER,
              MISDIRECTED_TO_TRIAGE,
            ],
            FORWARDING_SETTLED: [
              {
                guard: { type: 'settlementLeadsTo', params: { outcome: 'pending' } },
                actions: ['storeDecision'],
              },
              {
                guard: { type: 'settlementLeadsTo', params: { outcome: 'instructed' } },
                target: 'instructed',
                actions: ['storeDecision'],
              },
              {
                guard: { type: 'settlementLeadsTo', params: { outcome: 'handedOver' } },
                target: '#request.closed.handedOver',
                actions: ['storeDecision'],
              },
              {
                guard: { type: 'settlementLeadsTo', params: { outcome: 'allNotOurs' } },
                target: '#request.triage',
                actions: [
                  'storeDecision',
                  'returnToTriage',
                  { type: 'flagUnmatched', params: { reason: 'not-ours-by-controllers' } },
                ],
              },
            ],
          },
        },
        instructed: {
          entry: createProcessorTasks,
          on: {
            // The instruction came from a controller the request went to in error: its task lapses.
            FORWARDING_MISDIRECTED: [
              { guard: { type: 'misdirectionLeadsTo', params: { outcome: 'instructed' } }, actions: [...MISDIRECTION_ACTIONS] },
              {
                guard: { type: 'misdirectionLeadsTo', params: { outcome: 'completed' } },
                target: '#request.closed.completed',
                actions: [...MISDIRECTION_ACTIONS],
              },
              MISDIRECTED_HANDED_OVER,
              MISDIRECTED_TO_TRIAGE,
            ],
            INSTRUCTION_DONE: [
              {
                guard: 'lastPendingInstruction',
                target: '#request.closed.completed',
                actions: [
                  {
                    type: 'reportInstructionDone',
                    params: ({ context, event }) => ({
                      controllerId: event.controllerId,
                      instruction: context.pendingInstructions.find((p) => p.controllerId === event.controllerId)!.instruction,
                      ...taskReport(event),
                    }),
                  },
                  'storeInstructionDone',
                  {
                    type: 'sendCompletion',
                    params: ({ context }) => ({
                      recipient: 'controllers' as const,
                      controllerIds: context.controllers.filter((c) => c.decision === 'instruct').map((c) => c.controllerId),
                    }),
                  },
                ],
              },
              {
                guard: 'instructionPending',
                actions: [
                  {
                    type: 'reportInstructionDone',
                    params: ({ context, event }) => ({
                      controllerId: event.controllerId,
                      instruction: context.pendingInstructions.find((p) => p.controllerId === event.controllerId)!.instruction,
                      ...taskReport(event),
                    }),
                  },
                  'storeInstructionDone',
                ],
              },
            ],
          },
        },
      },
    },

    inHouse: {
      initial: 'verifying',
      states: {
        verifying: {
          on: {
            VERIFIED: { target: 'processing', actions: [{ type: 'notifyWebhook', params: { event: 'request.verified' } }] },
            REQUEST_INFO: {
              guard: 'infoRequestAllowed',
              target: 'awaitingRequester',
              actions: [{ type: 'storeInfoRequest', params: { returnTo: 'verifying' } }],
            },
          },
        },
        processing: {
          on: {
            PREPARE_ANSWER: { target: 'answering' },
            COMPLETE: {
              target: '#request.closed.completed',
              actions: [{ type: 'sendCompletion', params: { recipient: 'requester' } }],
            },
            REQUEST_INFO: {
              guard: 'infoRequestAllowed',
              target: 'awaitingRequester',
              actions: [{ type: 'storeInfoRequest', params: { returnTo: 'processing' } }],
            },
          },
        },
        answering: {
          on: {
            COMPLETE: {
              target: '#request.closed.completed',
              actions: [{ type: 'sendCompletion', params: { recipient: 'requester' } }],
            },
            REQUEST_INFO: {
              guard: 'infoRequestAllowed',
              target: 'awaitingRequester',
              actions: [{ type: 'storeInfoRequest', params: { returnTo: 'answering' } }],
            },
          },
        },
        awaitingRequester: {
          entry: beginWait,
          exit: endWait,
          on: {
            INFO_RECEIVED: [
              { guard: { type: 'returnsTo', params: { step: 'processing' } }, target: 'processing' },
              { guard: { type: 'returnsTo', params: { step: 'answering' } }, target: 'answering' },
              { target: 'verifying' },
            ],
          },
        },
      },
    },

    closed: {
      // Every transition into `closed` names its outcome; `initial` is only required by XState.
      initial: 'completed',
      entry: ['storeClosure', { type: 'notifyWebhook', params: { event: 'request.closed' } }],
      // Only FORWARDING_MISDIRECTED leaves `closed` (MISDIRECTED_TO_TRIAGE): open again.
      exit: ['clearClosure', { type: 'notifyWebhook', params: { event: 'request.reopened' } }],
      states: {
        // Closed on the word of a controller the request went to in error, with nobody else left to
        // answer it: the request was never handled, so it opens again in triage for an agent.
        completed: { type: 'final', on: { FORWARDING_MISDIRECTED: MISDIRECTED_TO_TRIAGE } },
        handedOver: { type: 'final', on: { FORWARDING_MISDIRECTED: MISDIRECTED_TO_TRIAGE } },
        refused: { type: 'final' },
        notOurs: { type: 'final' },
        withdrawn: { type: 'final' },
        duplicate: { type: 'final' },
        // A mail that was no request (spam, a newsletter): its personal data purged at once.
        discarded: { type: 'final' },
      },
    },
  },

  // Accepted in every open state (triage, forwarded, inHouse); a closed request accepts nothing but
// FORWARDING_MISDIRECTED that reopens it (see `closed`).
  on: {
    REFUSE: {
      guard: and([not(stateIn('#request.closed')), 'validRefusal']),
      target: '.closed.refused',
      actions: [
        'storeRefusal',
        {
          type: 'sendRefusal',
          params: ({ event }) => ({ ground: event.ground, reason: event.reason.trim(), partial: event.partial === true }),
        },
      ],
    },
    // Triage and inHouse only: a forwarded request's controller extends its own term.
    EXTEND: {
      guard: and([not(stateIn('#request.closed')), not(stateIn('#request.forwarded')), 'extensionAllowed']),
      actions: [
        'storeExtension',
        { type: 'markExtended', params: ({ event }) => ({ reason: event.reason.trim(), at: event.at }) },
        { type: 'sendExtensionNotice', params: ({ event }) => ({ reason: event.reason.trim() }) },
        { type: 'notifyWebhook', params: { event: 'request.extended' } },
      ],
    },
    WITHDRAW: { guard: not(stateIn('#request.closed')), target: '.closed.withdrawn' },
    MARK_DUPLICATE: {
      guard: and([not(stateIn('#request.closed')), 'validDuplicate']),
      target: '.closed.duplicate',
      actions: ['storeDuplicate'],
    },
    CONFIRM_RIGHTS: {
      guard: and([not(stateIn('#request.closed')), 'validRightsConfirmation']),
      actions: ['storeConfirmedRights'],
    },
    // The requester's language: a column, not the machine's context; the command layer sends it only for another language.
    SET_LANGUAGE: {
      guard: not(stateIn('#request.closed')),
      actions: [{ type: 'changeRequesterLanguage', params: ({ event }) => ({ language: event.language }) }],
    },
    NOTE: {
      guard: not(stateIn('#request.closed')),
      actions: [{ type: 'recordNote', params: ({ event }) => (event.text === undefined ? {} : { text: event.text }) }],
    },
    DEADLINE_NEAR: {
      // Once per date: a second warning of the same date is refused (an extension's new date is another).
      guard: and([not(stateIn('#request.closed')), 'dateNotWarned']),
      actions: [
        'setDeadlineNear',
        {
          type: 'notifyWebhook',
          params: ({ event }) => ({
            event: 'request.deadline_near' as const,
            ...(event.type === 'DEADLINE_NEAR' && event.deadline && event.date ? { data: { deadline: event.deadline, deadlineDate: event.date } } : {}),
          }),
        },
      ],
    },
    OVERDUE: {
      guard: not(stateIn('#request.closed')),
      actions: ['setOverdue', { type: 'notifyWebhook', params: { event: 'request.overdue' } }],
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Helpers for the runner, the API and the UI (all pure)
// ---------------------------------------------------------------------------------------------

export type RequestSnapshot = SnapshotFrom<typeof requestMachine>;

/** The JSON stored in `requests.snapshot` (what `getPersistedSnapshot` returns). */
export interface PersistedRequestSnapshot {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: StateValue;
  context: RequestContext;
  historyValue?: Record<string, unknown>;
  children: Record<string, never>;
  output?: unknown;
  error?: unknown;
}

export interface RequestTransitionResult {
  snapshot: RequestSnapshot;
  persisted: PersistedRequestSnapshot;
  /** Side effects for the runner, in order; XState built-ins and context updates are not in it. */
  actions: RequestAction[];
  /** Dotted leaf state path, e.g. 'inHouse.verifying'. */
  state: StatePath;
}

/** The event is not accepted in the current state (unknown there, or a guard refused it): HTTP 422. */
export class InvalidTransitionError extends Error {
  constructor(
    readonly eventType: string,
    readonly state: string,
    readonly allowedEvents: RequestEventType[],
  ) {
    super(`Event ${eventType} is not allowed in state ${state}; allowed: ${allowedEvents.join(', ') || 'none'}.`);
    this.name = 'InvalidTransitionError';
  }
}

/** Dotted path of the (single) active leaf state, e.g. 'triage.open', 'closed.handedOver'. */
export function statePath(snapshot: RequestSnapshot): StatePath {
  const parts: string[] = [];
  let value: StateValue = snapshot.value as StateValue;
  while (typeof value !== 'string') {
    const [key] = Object.keys(value);
    if (key === undefined) break;
    parts.push(key);
    value = value[key] as StateValue;
  }
  if (typeof value === 'string') parts.push(value);
  return parts.join('.') as StatePath;
}

export function isClosed(snapshot: RequestSnapshot): boolean {
  return snapshot.matches('closed');
}

/** Restores a snapshot stored as JSON (`requests.snapshot`). */
export function restoreRequestSnapshot(persisted: PersistedRequestSnapshot): RequestSnapshot {
  return requestMachine.resolveState(persisted as Parameters<typeof requestMachine.resolveState>[0]);
}

function persist(snapshot: RequestSnapshot): PersistedRequestSnapshot {
  return requestMachine.getPersistedSnapshot(snapshot) as unknown as PersistedRequestSnapshot;
}

function sideEffects(actions: readonly { type: string; params?: unknown }[]): RequestAction[] {
  return actions
    .filter((a) => !a.type.startsWith('xstate.'))
    .map((a) => ({ type: a.type, params: a.params }) as RequestAction);
}

/**
 * The initial transition: `received` → `triage.open`, with the receipt actions
 * (`recordReceipt`, `sendAcknowledgement` when we can write to the requester, `startRouting`).
 */
export function initialRequestSnapshot(input: RequestMachineInput): RequestTransitionResult {
  if (!Array.isArray(input.rights) || !input.rights.every(isRight)) {
    throw new TypeError(`rights must be a list of ${RIGHTS.join(', ')}`);
  }
  if (typeof input.respondBy !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.respondBy)) {
    throw new TypeError('respondBy must be a date YYYY-MM-DD');
  }
  if (!isNonEmptyString(input.receivedAt)) throw new TypeError('receivedAt must be an ISO date-time');
  if (typeof input.hasRequesterEmail !== 'boolean') throw new TypeError('hasRequesterEmail must be a boolean');
  if (input.rightsToConfirm && input.rights.length) throw new TypeError('rights to confirm start empty');
  const [snapshot, actions] = initialTransition(requestMachine, input);
  return { snapshot, persisted: persist(snapshot), actions: sideEffects(actions), state: statePath(snapshot) };
}

/**
 * Applies one event to a stored snapshot. Throws {@link InvalidTransitionError} when the current
 * state does not accept it (including a guard that refuses its payload); never a silent no-op.
 */
export function applyRequestEvent(persisted: PersistedRequestSnapshot, event: RequestEvent): RequestTransitionResult {
  if (typeof event?.at !== 'string' || event.at.length < 10) {
    throw new TypeError('every request event needs `at`, an ISO local date-time');
  }
  const before = restoreRequestSnapshot(persisted);
  const refuse = () => new InvalidTransitionError(event.type, statePath(before), allowedEvents(before, event.at));
  if (!(REQUEST_EVENT_TYPES as readonly string[]).includes(event.type) || !before.can(event)) throw refuse();
  const [snapshot, actions] = transition(requestMachine, before, event);
  if (snapshot === before && actions.length === 0) throw refuse(); // safety net: nothing happened
  return { snapshot, persisted: persist(snapshot), actions: sideEffects(actions), state: statePath(snapshot) };
}

/** Representative valid payloads per event type, to ask `snapshot.can()` about guarded events. */
function sampleEvents(snapshot: RequestSnapshot, at: string): Record<RequestEventType, RequestEvent[]> {
  const { context } = snapshot;
  return {
    ROUTE_MATCHED: [{ type: 'ROUTE_MATCHED', at, controllers: [{ controllerId: 'sample', matchedBy: ['email'] }] }],
    ROUTE_NONE: [{ type: 'ROUTE_NONE', at }],
    ASSIGN_CONTROLLER: [{ type: 'ASSIGN_CONTROLLER', at, controllerIds: ['sample'] }],
    CLASSIFY: SCOPES.map((scope): RequestEvent => ({ type: 'CLASSIFY', at, scope })),
    FORWARDING_SETTLED: context.controllers
      .filter((c) => c.decision === undefined && c.misdirected !== true)
      .map((c): RequestEvent => ({ type: 'FORWARDING_SETTLED', at, controllerId: c.controllerId, decision: 'takes-over' })),
    FORWARDING_MISDIRECTED: context.controllers
      .filter((c) => c.misdirected !== true)
      .map((c): RequestEvent => ({ type: 'FORWARDING_MISDIRECTED', at, controllerId: c.controllerId, forwardingId: 'sample', reason: 'sample' })),
    INSTRUCTION_DONE: context.pendingInstructions.map(
      (p): RequestEvent => ({ type: 'INSTRUCTION_DONE', at, controllerId: p.controllerId }),
    ),
    VERIFIED: [{ type: 'VERIFIED', at }],
    PREPARE_ANSWER: [{ type: 'PREPARE_ANSWER', at }],
    COMPLETE: [{ type: 'COMPLETE', at }],
    REQUEST_INFO: [
      { type: 'REQUEST_INFO', at, reason: 'sample', forIdentification: false },
      { type: 'REQUEST_INFO', at, reason: 'sample', forIdentification: true },
    ],
    INFO_RECEIVED: [{ type: 'INFO_RECEIVED', at }],
    EXTEND: [{ type: 'EXTEND', at, reason: 'x'.repeat(EXTENSION_MIN_REASON) }],
    REFUSE: [{ type: 'REFUSE', at, ground: 'identity-not-established', reason: 'sample' }],
    WITHDRAW: [{ type: 'WITHDRAW', at }],
    MARK_DUPLICATE: [{ type: 'MARK_DUPLICATE', at, of: 'AVG-2000-000001' }],
    NOTE: [{ type: 'NOTE', at }],
    DEADLINE_NEAR: [{ type: 'DEADLINE_NEAR', at }],
    OVERDUE: [{ type: 'OVERDUE', at }],
    CONFIRM_RIGHTS: [{ type: 'CONFIRM_RIGHTS', at, rights: ['access'] }],
    DISCARD: [{ type: 'DISCARD', at }],
    SET_LANGUAGE: [{ type: 'SET_LANGUAGE', at, language: 'nl' }],
  };
}

/**
 * The event types the current state accepts with some valid payload, in REQUEST_EVENT_TYPES
 * order. Pass `at` (now, local date-time) so that EXTEND is only offered while the first month
 * runs; without it the date part of the EXTEND guard is not checked.
 */
export function allowedEvents(snapshot: RequestSnapshot, at?: string): RequestEventType[] {
  const samples = sampleEvents(snapshot, at ?? `${snapshot.context.firstRespondBy}T00:00:00`);
  return REQUEST_EVENT_TYPES.filter((type) => samples[type].some((e) => snapshot.can(e)));
}
