/**
 * The forwarding and processor-task rows a request transition writes (planned by the forwarding
 * module through forwarding-port.ts, carried in the EffectPlan of request-effects.ts). Plain
 * shapes with no imports, so neither of those two files needs the other's types in a circle.
 */
/** A new forwarding row (the id is chosen by the planner, so its mail can name it). */
export interface ForwardingInsert {
  id: string;
  controllerId: string;
  state: string;
  snapshot: unknown;
  machineVersion: number;
  matchedBy: string[];
  country: string;
  contactEmail: string;
  tokenDigest: string;
  tokenExpiresAt: string;
  respondBy: string;
  forwardBy: string;
  nextReminderOn: string | null;
}

/** A forwarding moved on by the request's transition (called off, instruction carried out), guarded by its version. */
export interface ForwardingUpdate {
  id: string;
  version: number;
  state: string;
  snapshot: unknown;
  cancelled: boolean;
}

export interface ProcessorTaskInsert {
  forwardingId: string | null;
  controllerId: string;
  instruction: string;
}

/**
 * A processor task finished by INSTRUCTION_DONE: done (what was done, the art 19 recipients marked
 * notified) or cancelled (the controller withdrew the instruction after a concern). Only written
 * while the task is still in `fromState`.
 */
export interface ProcessorTaskUpdate {
  id: string;
  fromState: string;
  state: 'done' | 'cancelled';
  outcome: string;
  recipientsNotified: { name: string; notifiedAt: string }[];
  doneBy: string;
  /** With a withdrawal: the controller's answer to the concern. */
  concernResolution?: 'withdrawn';
  concernNote?: string;
}
