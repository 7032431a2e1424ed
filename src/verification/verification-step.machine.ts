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

export type VerificationStepActionType = 'recordDecision' | 'recordCopyDestroyed' | 'advanceRequest';

const noop = () => undefined;

export const verificationStepMachine = setup({
  types: { events: {} as VerificationStepEvent },
  guards: {
    copyChecked: ({ event }) => (event.type === 'PASS' || event.type === 'FAIL') && event.copyChecked === true,
  },
  actions: {
    recordDecision: noop,
    recordCopyDestroyed: noop,
    advanceRequest: noop,
  } satisfies Record<VerificationStepActionType, () => undefined>,
}).createMachine({
  id: 'verificationStep',
  initial: 'requested',
  states: {
    requested: {
      on: {
        PASS: [
          { guard: 'copyChecked', target: 'passed', actions: ['recordDecision', 'recordCopyDestroyed', 'advanceRequest'] },
          { target: 'passed', actions: ['recordDecision', 'advanceRequest'] },
        ],
        FAIL: [
          { guard: 'copyChecked', target: 'failed', actions: ['recordDecision', 'recordCopyDestroyed'] },
          { target: 'failed', actions: ['recordDecision'] },
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

/** Applies one event to a step's status; throws FlatTransitionError when the status does not take it. */
export function applyStepEvent(status: VerificationStatus, event: VerificationStepEvent): VerificationStepTransition {
  return applyFlatEvent(verificationStepMachine, status, event);
}

export function stepTakes(status: VerificationStatus, type: VerificationStepEvent['type']): boolean {
  return canApplyFlat(verificationStepMachine, status, { type } as VerificationStepEvent);
}
