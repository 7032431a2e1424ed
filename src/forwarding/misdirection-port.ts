/**
 * The seam between the forwarding planner and the incidents module: when a request transition
 * reports a forwarding sent in error (`reportMisdirection`, art 33(2)), the planner asks the
 * MISDIRECTION_PLANNER for what that writes — the forwarding called off and its link revoked, the
 * incident, the mail to the privacy address, the audit events — and adds it to the transition's
 * one statement. Incidents depend on forwarding (its machine, rows and SQL), never the reverse:
 * the implementation (src/incidents/misdirection-plan.ts) is handed in by the composition root
 * (src/workflow-wiring.module.ts).
 */
import type { AuditEventInput } from '../audit/audit.js';
import type { Language } from '../vocabulary/language.js';
import type { MisdirectionWrite } from '../requests/forwarding-writes.js';
import type { MessageInsert } from '../requests/request-effects.js';
import type { ForwardingRow } from './forwarding-row.js';

export const MISDIRECTION_PLANNER = Symbol('MISDIRECTION_PLANNER');

export interface MisdirectionEffects {
  misdirection: MisdirectionWrite;
  /** The mail to the processor's privacy address, and the deletion request to the wrong recipient when its mail had left. */
  messages: MessageInsert[];
  audit: AuditEventInput[];
}

/** The wrong recipient as the deletion request addresses it. */
export interface MisdirectedController {
  tone: 'u' | 'je';
  /** The language of the deletion request (the wrong recipient's). */
  language?: Language;
  contactName: string | null;
}

export interface MisdirectionPlanner {
  /** Pure: what marking this forwarding as sent in error writes (`request.id` null only at intake). */
  plan(row: ForwardingRow, description: string, request: { id: string | null; now: Date }, controller: MisdirectedController): MisdirectionEffects;
}
