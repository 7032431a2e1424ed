/**
 * Applying an event to a machine whose whole state is one column (a processor task's `state`, a
 * verification step's `status`): no snapshot is stored, the column is the state. Pure: resolves
 * the state, refuses an event the state does not take, and returns the next state with the named
 * actions the caller's statement must carry out. No Nest, no I/O, no clock.
 */
import { transition, type AnyStateMachine, type EventFromLogic } from 'xstate';

export interface FlatTransition<S extends string = string> {
  from: S;
  state: S;
  /** Named actions in order (XState's own `xstate.*` actions left out). */
  actions: { type: string; params?: unknown }[];
}

/** The state does not take the event (unknown there, or a guard refused it). */
export class FlatTransitionError extends Error {
  constructor(
    readonly machineId: string,
    readonly eventType: string,
    readonly state: string,
  ) {
    super(`${machineId}: event ${eventType} is not allowed in state ${state}`);
    this.name = 'FlatTransitionError';
  }
}

function resolve<M extends AnyStateMachine>(machine: M, state: string) {
  return machine.resolveState({ value: state, context: {} } as Parameters<M['resolveState']>[0]);
}

export function applyFlatEvent<M extends AnyStateMachine, S extends string>(machine: M, state: S, event: EventFromLogic<M>): FlatTransition<S> {
  const before = resolve(machine, state);
  if (!before.can(event)) throw new FlatTransitionError(machine.id, (event as { type: string }).type, state);
  const [after, actions] = transition(machine as AnyStateMachine, before, event);
  return {
    from: state,
    state: String((after as { value: unknown }).value) as S,
    actions: actions.filter((a) => !a.type.startsWith('xstate.')).map((a) => ({ type: a.type, ...(a.params !== undefined ? { params: a.params } : {}) })),
  };
}

export function canApplyFlat<M extends AnyStateMachine>(machine: M, state: string, event: EventFromLogic<M>): boolean {
  return resolve(machine, state).can(event);
}

/**
 * The caller's statement carries out exactly these named actions: a transition that asks for an
 * action the statement does not carry out is a programming error, refused before anything is written.
 */
export function assertCarriedOut(transition: FlatTransition, carriedOut: readonly string[]): void {
  const missing = transition.actions.map((a) => a.type).filter((t) => !carriedOut.includes(t));
  if (missing.length) throw new Error(`${transition.from} → ${transition.state}: no statement carries out ${missing.join(', ')}`);
}
