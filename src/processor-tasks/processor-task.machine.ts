/**
 * The processor task machine: a controller's instruction (erase, rectify, restrict, export, stop
 * processing) that the processor carries out. Pure XState v5: no Nest, no I/O, no clock. The
 * task's `state` column is the whole state (src/common/flat-machine.ts applies events to it).
 *
 *   open ─RAISE_CONCERN→ concern ─CONFIRM→ open            (the controller confirms the instruction)
 *    │                      └────WITHDRAW→ cancelled       (the controller withdraws it: not carried out)
 *    ├─COMPLETE→ done                                       (carried out, art 19 recipients told)
 *   open | concern ─LAPSE→ cancelled                        (the request was refused, withdrawn, a
 *                                                            duplicate, or sent to this controller in error)
 *   open | concern ─UPLOAD_EXPORT→ (same state)             (an export for the controller is stored)
 *
 * Named actions are carried out by the statement that writes the transition (processor-task-sql.ts
 * and the request runner's processor-task fragments); their bodies here are empty.
 */
import { setup } from 'xstate';
import { applyFlatEvent, canApplyFlat, type FlatTransition } from '../common/flat-machine.js';
import type { TaskState } from './processor-task.rules.js';

export type ProcessorTaskEvent =
  | { type: 'RAISE_CONCERN' }
  | { type: 'CONFIRM' }
  | { type: 'WITHDRAW' }
  | { type: 'COMPLETE' }
  | { type: 'LAPSE' }
  | { type: 'UPLOAD_EXPORT' };

export type ProcessorTaskActionType =
  | 'recordConcern'
  | 'sendConcernLetter'
  | 'recordConcernResolution'
  | 'recordOutcome'
  | 'deleteExports'
  | 'storeExport';

const noop = () => undefined;

export const processorTaskMachine = setup({
  types: { events: {} as ProcessorTaskEvent },
  actions: {
    recordConcern: noop,
    sendConcernLetter: noop,
    recordConcernResolution: noop,
    recordOutcome: noop,
    deleteExports: noop,
    storeExport: noop,
  } satisfies Record<ProcessorTaskActionType, () => undefined>,
}).createMachine({
  id: 'processorTask',
  initial: 'open',
  states: {
    open: {
      on: {
        RAISE_CONCERN: { target: 'concern', actions: ['recordConcern', 'sendConcernLetter'] },
        COMPLETE: { target: 'done', actions: ['recordOutcome'] },
        LAPSE: { target: 'cancelled', actions: ['recordOutcome', 'deleteExports'] },
        UPLOAD_EXPORT: { actions: ['storeExport'] },
      },
    },
    concern: {
      on: {
        CONFIRM: { target: 'open', actions: ['recordConcernResolution'] },
        WITHDRAW: { target: 'cancelled', actions: ['recordConcernResolution', 'recordOutcome', 'deleteExports'] },
        LAPSE: { target: 'cancelled', actions: ['recordOutcome', 'deleteExports'] },
        UPLOAD_EXPORT: { actions: ['storeExport'] },
      },
    },
    done: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

export type ProcessorTaskTransition = FlatTransition<TaskState>;

/**
 * Which statement carries out which named action (checked by assertCarriedOut at each call and
 * by a test that every action the machine names is carried out somewhere).
 */
export const TASK_ACTIONS_CARRIED_OUT = {
  /** processor-tasks.service.ts raiseConcern: the task's concern columns, the controller's letter. */
  raiseConcern: ['recordConcern', 'sendConcernLetter'],
  /** processor-tasks.service.ts resolveConcern (confirmed). */
  confirm: ['recordConcernResolution'],
  /** task-completion.ts, in the request transition (processor-task-sql.ts updateProcessorTasks, deleteCancelledExports). */
  completion: ['recordOutcome', 'recordConcernResolution', 'deleteExports'],
  /** processor-tasks.service.ts uploadExport. */
  upload: ['storeExport'],
} as const satisfies Record<string, readonly ProcessorTaskActionType[]>;

/** Applies one event to a task's state; throws FlatTransitionError when the state does not take it. */
export function applyTaskEvent(state: TaskState, event: ProcessorTaskEvent): ProcessorTaskTransition {
  return applyFlatEvent(processorTaskMachine, state, event);
}

export function taskTakes(state: TaskState, type: ProcessorTaskEvent['type']): boolean {
  return canApplyFlat(processorTaskMachine, state, { type });
}
