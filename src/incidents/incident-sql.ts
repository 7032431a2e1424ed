/**
 * The rows a forwarding sent in error (art 33(2)) writes in the request transition's ONE statement
 * (effects-sql.ts): the forwarding's link is revoked and it is marked misdirected (and called off
 * when its state still takes CANCEL), and an incident is recorded for the privacy officer. Pure:
 * SQL text and data, no I/O. The forwarding and its mails are written by their owners' fragments.
 */
import { misdirectForwardings } from '../forwarding/forwarding-sql.js';
import { auditInsert } from '../audit/audit.js';
import { messageInsert, withholdForwardingMail } from '../replies/message-sql.js';
import type { MisdirectionWrite } from '../requests/forwarding-writes.js';

// The shape the forwarding planner prepares lives with the request transition that carries it.
export type { MisdirectionWrite };

export const INCIDENT_KINDS = ['misdirected-forwarding'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * CTEs for the transition statement (they need the request CTE `r`). A forwarding whose state
 * does not change (decided already) has its link revoked whatever happened to it meanwhile; one
 * whose state changes only at the planned version: `planned` is false otherwise, and runTransition
 * undoes the statement so that it is planned again (effects-sql.ts). `misdirected_at IS NULL`
 * makes a second report of the same forwarding write nothing there (the machine refuses it
 * anyway, and the unique index guards the incident).
 */
export function misdirectionCtes(items: readonly MisdirectionWrite[], param: (value: unknown) => string, actor: string): string[] {
  if (!items.length) return [];
  const data = param(JSON.stringify(items));
  return [
    `misdirected_rows AS (${misdirectForwardings(data)})`,
    // Its mails that have not left yet (queued, or waiting for a retry) never will: withheld, the
    // clear link and any rendered body dropped. One being handed to the transport right now goes.
    `withheld_mail AS (${withholdForwardingMail(data)})`,
    // Only for a forwarding this statement marked: a second report of it records no second incident.
    `incident_rows AS (
      INSERT INTO incidents (id, kind, request_id, forwarding_id, controller_id, description, reported_by, reported_at,
                             deletion_state, deletion_token_digest, deletion_token_expires_at, deletion_requested_at)
      SELECT (e.v->>'incidentId')::uuid, 'misdirected-forwarding', r.id, (e.v->>'forwardingId')::uuid, (e.v->>'controllerId')::uuid,
             e.v->>'description', ${param(actor)}, (e.v->>'at')::timestamptz,
             -- sendDeletionRequest (REQUEST_DELETION: none → requested); its mail is in the transition's messages.
             CASE WHEN jsonb_typeof(e.v->'deletion') = 'object' THEN 'requested' ELSE 'none' END,
             e.v->'deletion'->>'tokenDigest', (e.v->'deletion'->>'expiresAt')::timestamptz,
             CASE WHEN jsonb_typeof(e.v->'deletion') = 'object' THEN (e.v->>'at')::timestamptz END
        FROM r, misdirected_rows m, jsonb_array_elements(${data}::jsonb) AS e(v)
       WHERE m.id = (e.v->>'forwardingId')::uuid)`,
  ];
}

/**
 * Retention: incidents of purged requests. An assessed one keeps its facts (who, when,
 * notifiable, whom told, deletion confirmed when) and loses its free texts and the confirming name
 * (replaced by `purged`) and its deletion link; an open one keeps them until the privacy officer
 * has assessed it (a later run then clears them).
 */
export function purgeAssessedIncidents(purged: string): string {
  return `UPDATE incidents i SET description = '${purged}', assessment = '${purged}',
                deletion_confirmed_by = CASE WHEN i.deletion_confirmed_by IS NULL THEN NULL ELSE '${purged}' END,
                deletion_token_digest = NULL
         FROM requests r
        WHERE r.id = i.request_id AND r.purged_at IS NOT NULL AND i.status = 'assessed' AND i.description <> '${purged}'`;
}

/**
 * The assessment (ASSESS: open → assessed), one statement: the guarded UPDATE (of two assessments
 * at once one wins), its audit event (no free text) and — for `sendBreachNotice` — the breach
 * notice in the outbox. Parameters: $1 id, $2 notifiable, $3 reasoning, $4 notified controller,
 * $5 notified at, $6 actor, $7 now, $8 processor is controller, $9 authority country, $10 authority
 * notified at, $11 the breach notice (jsonb: recipient, data, messageId) or null. Returns the id.
 */
export function assessIncident(): string {
  return `WITH u AS (
     UPDATE incidents SET status = 'assessed', notifiable = $2, assessment = $3, notified_controller_id = $4, notified_at = $5,
            assessed_by = $6, assessed_at = $7, processor_is_controller = $8, authority_country = $9, authority_notified_at = $10
      WHERE id = $1 AND status = 'open'
     RETURNING id, request_id, forwarding_id, controller_id)
   , a AS (${auditInsert(`SELECT u.request_id, $7, $6, 'INCIDENT_ASSESSED',
                  jsonb_build_object('incidentId', u.id, 'forwardingId', u.forwarding_id, 'controllerId', u.controller_id,
                                     'notifiable', $2::boolean, 'notifiedControllerId', $4::uuid, 'processorIsController', $8::boolean,
                                     'authorityCountry', $9::text, 'breachNoticeQueued', $11::jsonb IS NOT NULL, 'reasoningGiven', true) FROM u`)})
   , m AS (${messageInsert(
     'request_id, recipient, template, data, message_id',
     `SELECT u.request_id, $11::jsonb->>'recipient', 'breach-notice', jsonb_build_object('reference', q.reference) || ($11::jsonb->'data'), $11::jsonb->>'messageId'
        FROM u JOIN requests q ON q.id = u.request_id WHERE $11::jsonb IS NOT NULL`,
   )} RETURNING 1)
   SELECT id FROM u`;
}

/**
 * The wrong recipient confirms the deletion (CONFIRM_DELETION: requested → confirmed): guarded by
 * the state read, with its audit event. $1 incident id, $2 now, $3 the name given (or null).
 * Returns the id when this call recorded it (a double click records once).
 */
export function confirmDeletion(): string {
  return `WITH u AS (
     UPDATE incidents SET deletion_state = 'confirmed', deletion_confirmed_at = $2, deletion_confirmed_by = $3
      WHERE id = $1 AND deletion_state = 'requested'
     RETURNING id, request_id, forwarding_id, controller_id)
   , a AS (${auditInsert(`SELECT u.request_id, $2, 'controller:' || u.controller_id, 'INCIDENT_DELETION_CONFIRMED',
                  jsonb_build_object('incidentId', u.id, 'forwardingId', u.forwarding_id, 'controllerId', u.controller_id, 'nameGiven', $3::text IS NOT NULL) FROM u`)})
   SELECT id FROM u`;
}
