/**
 * The two one-column lifecycles of an incident (src/common/flat-machine.ts applies them). Pure
 * XState v5: no Nest, no I/O, no clock.
 *
 * The assessment (`incidents.status`), once, by the privacy officer:
 *
 *   open ─ASSESS→ assessed
 *     not a breach                              recordAssessment
 *     a breach of another controller's data     recordAssessment, sendBreachNotice        (art 33(2))
 *     a breach of the processor's own data      recordAssessment, recordAuthorityNotification (art 33(1))
 *
 * A breach of the processor's own data that is unlikely to result in a risk is not reported to
 * the authority (art 33(1)); it is recorded all the same (art 33(5)): `notifiable` false.
 *
 * The request to the wrong recipient to delete what it received (`incidents.deletion_state`):
 *
 *   none ─REQUEST_DELETION→ requested ─CONFIRM_DELETION→ confirmed
 *         sendDeletionRequest           recordDeletionConfirmed
 */
import { setup } from 'xstate';
import { applyFlatEvent, canApplyFlat, type FlatTransition } from '../common/flat-machine.js';

export const INCIDENT_STATUSES = ['open', 'assessed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const DELETION_STATES = ['none', 'requested', 'confirmed'] as const;
export type DeletionState = (typeof DELETION_STATES)[number];

export type AssessmentEvent = { type: 'ASSESS'; notifiable: boolean; processorIsController: boolean };
export type AssessmentActionType = 'recordAssessment' | 'sendBreachNotice' | 'recordAuthorityNotification';

const noop = () => undefined;

export const incidentAssessmentMachine = setup({
  types: { events: {} as AssessmentEvent },
  guards: {
    controllersBreach: ({ event }) => event.notifiable && !event.processorIsController,
    ownBreach: ({ event }) => event.notifiable && event.processorIsController,
  },
  actions: { recordAssessment: noop, sendBreachNotice: noop, recordAuthorityNotification: noop } satisfies Record<AssessmentActionType, () => undefined>,
}).createMachine({
  id: 'incidentAssessment',
  initial: 'open',
  states: {
    open: {
      on: {
        ASSESS: [
          { guard: 'controllersBreach', target: 'assessed', actions: ['recordAssessment', 'sendBreachNotice'] },
          { guard: 'ownBreach', target: 'assessed', actions: ['recordAssessment', 'recordAuthorityNotification'] },
          { target: 'assessed', actions: ['recordAssessment'] },
        ],
      },
    },
    assessed: { type: 'final' },
  },
});

export type DeletionEvent = { type: 'REQUEST_DELETION' } | { type: 'CONFIRM_DELETION' };
export type DeletionActionType = 'sendDeletionRequest' | 'recordDeletionConfirmed';

export const incidentDeletionMachine = setup({
  types: { events: {} as DeletionEvent },
  actions: { sendDeletionRequest: noop, recordDeletionConfirmed: noop } satisfies Record<DeletionActionType, () => undefined>,
}).createMachine({
  id: 'incidentDeletion',
  initial: 'none',
  states: {
    none: { on: { REQUEST_DELETION: { target: 'requested', actions: ['sendDeletionRequest'] } } },
    requested: { on: { CONFIRM_DELETION: { target: 'confirmed', actions: ['recordDeletionConfirmed'] } } },
    confirmed: { type: 'final' },
  },
});

/** Which statement carries out which named action (checked at each call and by a test). */
export const INCIDENT_ACTIONS_CARRIED_OUT = {
  /** incident-sql.ts assessIncident: the guarded UPDATE, its audit event, the breach notice in the outbox. */
  assessment: ['recordAssessment', 'sendBreachNotice', 'recordAuthorityNotification'],
  /** incident-sql.ts misdirectionCtes (incident_rows with the deletion columns) and the transition's messages. */
  misdirection: ['sendDeletionRequest'],
  /** incident-sql.ts confirmDeletion: the guarded UPDATE and its audit event. */
  deletionPage: ['recordDeletionConfirmed'],
} as const satisfies Record<string, readonly (AssessmentActionType | DeletionActionType)[]>;

export function applyAssessmentEvent(status: IncidentStatus, event: AssessmentEvent): FlatTransition<IncidentStatus> {
  return applyFlatEvent(incidentAssessmentMachine, status, event);
}

export function applyDeletionEvent(state: DeletionState, event: DeletionEvent): FlatTransition<DeletionState> {
  return applyFlatEvent(incidentDeletionMachine, state, event);
}

export function deletionTakes(state: DeletionState, type: DeletionEvent['type']): boolean {
  return canApplyFlat(incidentDeletionMachine, state, { type } as DeletionEvent);
}
