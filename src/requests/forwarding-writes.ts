/**
 * The forwarding and processor-task rows a request transition writes (planned by the forwarding
 * module through forwarding-port.ts, carried in the EffectPlan of request-effects.ts and written by
 * the owners' fragments, transition-fragments.ts). Plain shapes with no imports, so neither of those
 * files needs the other's types in a circle, and the owners import them from here.
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

/** A forwarding sent in error, as the forwarding planner prepares it (written by src/incidents/incident-sql.ts misdirectionCtes). */
export interface MisdirectionWrite {
  /** Chosen by the planner, so the audit event can name it. */
  incidentId: string;
  forwardingId: string;
  controllerId: string;
  /** The forwarding's version the planner saw: its state changes only at that version. */
  version: number;
  /** The forwarding's next state (CANCEL → done), or null when its state does not change (decided already). */
  state: string | null;
  snapshot: unknown;
  /** The agent's short description (free text: only in the incident, never in audit or mail). */
  description: string;
  /** ISO time of the report (the injectable clock). */
  at: string;
  /** The wrong recipient is asked to delete and confirm (its mail had left): the link's digest and expiry (ISO). */
  deletion: { tokenDigest: string; expiresAt: string } | null;
}
