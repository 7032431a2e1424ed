/**
 * The rows a forwarding sent in error (art 33(2)) writes in the request transition's ONE statement
 * (effects-sql.ts): the forwarding's link is revoked and it is marked misdirected (and called off
 * when its state still takes CANCEL), and an incident is recorded for the privacy officer. Pure:
 * SQL text and data, no I/O. The forwarding and its mails are written by their owners' fragments.
 */
import { misdirectForwardings } from '../forwarding/forwarding-sql.js';
import { withholdForwardingMail } from '../replies/message-sql.js';
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
      INSERT INTO incidents (id, kind, request_id, forwarding_id, controller_id, description, reported_by, reported_at)
      SELECT (e.v->>'incidentId')::uuid, 'misdirected-forwarding', r.id, (e.v->>'forwardingId')::uuid, (e.v->>'controllerId')::uuid,
             e.v->>'description', ${param(actor)}, (e.v->>'at')::timestamptz
        FROM r, misdirected_rows m, jsonb_array_elements(${data}::jsonb) AS e(v)
       WHERE m.id = (e.v->>'forwardingId')::uuid)`,
  ];
}

/**
 * Retention: incidents of purged requests. An assessed one keeps its facts (who, when,
 * notifiable, whom told) and loses its free texts (replaced by `purged`); an open one keeps them
 * until the privacy officer has assessed it (a later run then clears them).
 */
export function purgeAssessedIncidents(purged: string): string {
  return `UPDATE incidents i SET description = '${purged}', assessment = '${purged}'
         FROM requests r
        WHERE r.id = i.request_id AND r.purged_at IS NOT NULL AND i.status = 'assessed' AND i.description <> '${purged}'`;
}
