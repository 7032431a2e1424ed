/** A forwarding as stored, and how it appears in the request resource. */
import type { Country } from '../deadlines/countries.js';
import type { Forwarding } from '../requests/request-row.js';
import type { PersistedForwardingSnapshot } from './forwarding.machine.js';
import type { SettlementState } from './settlement-sql.js';

export interface ForwardingRow {
  id: string;
  requestId: string;
  controllerId: string;
  controllerName: string;
  state: string;
  snapshot: PersistedForwardingSnapshot;
  version: number;
  matchedBy: string[];
  country: Country;
  contactEmail: string;
  tokenDigest: string | null;
  tokenExpiresAt: Date | null;
  tokenRevokedAt: Date | null;
  sentAt: Date | null;
  firstViewedAt: Date | null;
  acknowledgedAt: Date | null;
  decidedAt: Date | null;
  decision: string | null;
  instruction: string | null;
  instructionDetails: string | null;
  note: string | null;
  decidedBy: string | null;
  settledAt: Date | null;
  /** The decision's way to the request: pending until applied (FORWARDING_SETTLED) or refused; null before a decision. */
  settlement: SettlementState | null;
  reminderCount: number;
  nextReminderOn: string | null;
  decisionRemindedAt: Date | null;
  escalated: boolean;
  respondBy: string;
  forwardBy: string;
  cancelledAt: Date | null;
  /** Marked as sent to the wrong controller (art 33(2)). */
  misdirectedAt: Date | null;
  /** Past the controller's respondBy without a decision (set once by the reminder sweep). */
  overdueAt: Date | null;
  createdAt: Date;
}

/** SELECT list over `forwardings f JOIN data_controllers c` giving a ForwardingRow. */
export const FORWARDING_COLUMNS = `
  f.id, f.request_id AS "requestId", f.controller_id AS "controllerId", c.name AS "controllerName", f.state, f.snapshot,
  f.version, f.matched_by AS "matchedBy", f.country, f.contact_email AS "contactEmail", f.token_digest AS "tokenDigest",
  f.token_expires_at AS "tokenExpiresAt", f.token_revoked_at AS "tokenRevokedAt", f.sent_at AS "sentAt",
  f.first_viewed_at AS "firstViewedAt", f.acknowledged_at AS "acknowledgedAt", f.decided_at AS "decidedAt", f.decision,
  f.instruction, f.instruction_details AS "instructionDetails", f.note, f.decided_by AS "decidedBy", f.settled_at AS "settledAt", f.settlement,
  f.reminder_count AS "reminderCount", to_char(f.next_reminder_on, 'YYYY-MM-DD') AS "nextReminderOn",
  f.decision_reminded_at AS "decisionRemindedAt", f.escalated, to_char(f.respond_by, 'YYYY-MM-DD') AS "respondBy",
  to_char(f.forward_by, 'YYYY-MM-DD') AS "forwardBy", f.cancelled_at AS "cancelledAt", f.created_at AS "createdAt",
  f.misdirected_at AS "misdirectedAt", f.overdue_at AS "overdueAt"`;

export const FORWARDING_FROM = `forwardings f JOIN data_controllers c ON c.id = f.controller_id`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The forwarding object of the request resource (API and agent UI). */
export function toForwardingResource(row: ForwardingRow): Forwarding {
  return {
    id: row.id,
    controllerId: row.controllerId,
    controllerName: row.controllerName,
    state: row.state,
    decision: row.decision,
    instruction: row.instruction,
    instructionDetails: row.instructionDetails,
    note: row.note,
    flags: {
      reminded: row.reminderCount > 0 || row.decisionRemindedAt !== null,
      escalated: row.escalated,
      linkRevoked: row.tokenRevokedAt !== null,
      overdue: row.overdueAt !== null,
      sentInError: row.misdirectedAt !== null,
    },
    overdueAt: iso(row.overdueAt),
    sentInErrorAt: iso(row.misdirectedAt),
    reminderCount: row.reminderCount,
    respondBy: row.respondBy,
    forwardBy: row.forwardBy,
    sentAt: iso(row.sentAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    decidedAt: iso(row.decidedAt),
    linkExpiresAt: iso(row.tokenExpiresAt),
    createdAt: row.createdAt.toISOString(),
  };
}
