/**
 * The seam between the request workflow and the forwarding module (like REQUEST_ROUTER): when a
 * transition's actions concern forwardings (createForwardings, cancelForwardings,
 * createProcessorTask, reportInstructionDone), the runner and intake ask the planner for the rows
 * to write, and write them in the transition's one statement. Without the forwarding module these
 * actions do nothing; requests whose transition has none of them never reach the planner.
 */
import type { EntityManager } from 'typeorm';
import type { EffectPlan, MessageInsert, TransitionAction } from './request-effects.js';
import type { Forwarding, ProcessorTaskResource } from './request-row.js';
import type { ForwardingInsert, ForwardingUpdate, MisdirectionWrite, ProcessorTaskInsert, ProcessorTaskUpdate } from './forwarding-writes.js';

export type { ForwardingInsert, ForwardingUpdate, ProcessorTaskInsert, ProcessorTaskUpdate };

export const FORWARDING_PLANNER = Symbol('FORWARDING_PLANNER');

/** Actions the forwarding planner turns into rows. */
export const FORWARDING_ACTIONS: ReadonlySet<string> = new Set(['createForwardings', 'cancelForwardings', 'createProcessorTask', 'reportInstructionDone', 'reportMisdirection']);

export function needsForwardingPlan(actions: readonly TransitionAction[]): boolean {
  return actions.some((a) => FORWARDING_ACTIONS.has(a.type));
}

export interface ForwardingEffects {
  forwardings: ForwardingInsert[];
  forwardingUpdates: ForwardingUpdate[];
  processorTasks: ProcessorTaskInsert[];
  processorTaskUpdates?: ProcessorTaskUpdate[];
  /** Forwardings sent in error (reportMisdirection): link revoked, called off, incident recorded. */
  misdirections?: MisdirectionWrite[];
  /** Forwarding mails (with `forwardingId`) and the requester's "forwarded" notice. */
  messages: MessageInsert[];
  audit: EffectPlan['audit'];
}

export interface PlannedRequest {
  /** null at intake (the row is written in the same statement). */
  id: string | null;
  /** Who sends the event (the runner's actor), e.g. `agent:jan`. */
  actor?: string;
  receivedAt: Date;
  requesterEmail: string | null;
  now: Date;
}

export interface ForwardingPlanner {
  plan(actions: readonly TransitionAction[], request: PlannedRequest): Promise<ForwardingEffects>;
  /** The forwardings of these requests, for their resources (`db`: a transaction to read in, else the pool). */
  forwardingsOf(requestIds: readonly string[], db?: Pick<EntityManager, 'query'>): Promise<Map<string, Forwarding[]>>;
  /** The processor tasks of these requests, for their resources (`db` as above). */
  processorTasksOf?(requestIds: readonly string[], db?: Pick<EntityManager, 'query'>): Promise<Map<string, ProcessorTaskResource[]>>;
}

/** Adds the planner's rows to a transition's plan. */
export function withForwardingEffects(plan: EffectPlan, effects: ForwardingEffects): EffectPlan {
  return {
    ...plan,
    messages: [...plan.messages, ...effects.messages],
    audit: [...plan.audit, ...effects.audit],
    forwardings: effects.forwardings,
    forwardingUpdates: effects.forwardingUpdates,
    processorTasks: effects.processorTasks,
    processorTaskUpdates: effects.processorTaskUpdates ?? [],
    misdirections: effects.misdirections ?? [],
  };
}
