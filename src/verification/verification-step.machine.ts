/**
 * The identity-verification step machine: one check of who the requester is (a known contact,
 * an e-mail confirmation, a login, a callback, in person, a representative's authority, an ID
 * document). Pure XState v5: no Nest, no I/O, no clock. The step's `status` column is the whole
 * state (src/common/flat-machine.ts applies events to it).
 *
 *   requested ─PASS→ passed     (the agent saw it pass, or the requester confirmed by link)
 *             ─FAIL→ failed
 *             ─EXPIRE→ expired  (the confirmation link ran out; the repair sweep)
 *
 * After a decision the request moves on (`moveRequestOn`): the awaited answer arrived
 * (INFO_RECEIVED) and, once identity is established, VERIFIED — request events, sent through the
 * request runner after the step's statement (the repair sweep finishes what a crash left).
 *
 * A step recorded as already decided (a known contact that matched, or did not) starts in its
 * final state. Named actions are carried out by the statement that writes the step; an ID copy
 * checked by the agent is recorded as checked and destroyed (`recordCopyDestroyed`), never kept.
 */
import { setup } from 'xstate';
import { applyFlatEvent, canApplyFlat, type FlatTransition } from '../common/flat-machine.js';
import type { VerificationStatus } from './verification.rules.js';

export type VerificationStepEvent =
  | { type: 'PASS'; copyChecked?: boolean }
  | { type: 'FAIL'; copyChecked?: boolean }
  | { type: 'EXPIRE' };

export type VerificationStepActionType = 'recordDecision' | 'recordCopyDestroyed' | 'moveRequestOn';

const noop = () => undefined;

export const verificationStepMachine = setup({
  types: { events: {} as VerificationStepEvent },
  guards: {
    copyChecked: ({ event }) => (event.type === 'PASS' || event.type === 'FAIL') && event.copyChecked === true,
  },
  actions: {
    recordDecision: noop,
    recordCopyDestroyed: noop,
    moveRequestOn: noop,
  } satisfies Record<VerificationStepActionType, () => undefined>,
}).createMachine({
  id: 'verificationStep',
  initial: 'requested',
  states: {
    requested: {
      on: {
        PASS: [
          { guard: 'copyChecked', target: 'passed', actions: ['recordDecision', 'recordCopyDestroyed', 'moveRequestOn'] },
          { target: 'passed', actions: ['recordDecision', 'moveRequestOn'] },
        ],
        FAIL: [
          { guard: 'copyChecked', target: 'failed', actions: ['recordDecision', 'recordCopyDestroyed', 'moveRequestOn'] },
          { target: 'failed', actions: ['recordDecision', 'moveRequestOn'] },
        ],
        EXPIRE: { target: 'expired', actions: ['recordDecision'] },
      },
    },
    passed: { type: 'final' },
    failed: { type: 'final' },
    expired: { type: 'final' },
  },
});

export type VerificationStepTransition = FlatTransition<VerificationStatus>;

/** Which code carries out which named action (checked at each call and by a test). */
export const STEP_ACTIONS_CARRIED_OUT = {
  /** verification.service.ts decide and confirm: the step's statement, then afterDecision/advance. */
  decision: ['recordDecision', 'recordCopyDestroyed', 'moveRequestOn'],
  /** verification-repair.ts closeSteps: the step's statement; moveRequests moves the request on. */
  repair: ['recordDecision', 'moveRequestOn'],
} as const satisfies Record<string, readonly VerificationStepActionType[]>;

/** Applies one event to a step's status; throws FlatTransitionError when the status does not take it. */
export function applyStepEvent(status: VerificationStatus, event: VerificationStepEvent): VerificationStepTransition {
  return applyFlatEvent(verificationStepMachine, status, event);
}

export function stepTakes(status: VerificationStatus, type: VerificationStepEvent['type']): boolean {
  return canApplyFlat(verificationStepMachine, status, { type } as VerificationStepEvent);
}
