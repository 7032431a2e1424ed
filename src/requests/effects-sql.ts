/**
 * A transition's writes as ONE statement: the request row (INSERT at intake, guarded UPDATE for
 * an event) in a CTE named `r`, and the audit events, outbox messages and notes inserted from
 * it. One statement is atomic without BEGIN/COMMIT round trips, and when the guarded UPDATE
 * matches no row (a stale version) nothing else is written either.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEventInput } from '../audit/audit.js';
import type { EffectPlan } from './request-effects.js';
import { misdirectionCtes } from '../incidents/incident-sql.js';
import { withholdUnsentMailCte } from '../replies/outbox.js';
import { settlementAppliedCte } from '../forwarding/settlement-sql.js';
import { REQUEST_COLUMNS } from './request-row.js';

export interface TransitionWrite {
  /** `INSERT … RETURNING *` or `UPDATE … RETURNING *` on requests, using $1…$n. */
  requestSql: string;
  requestParams: unknown[];
  actor: string;
  /** Audit events; their requestId is taken from the written row. */
  audit: AuditEventInput[];
  plan: EffectPlan;
  /** Host name for stable Message-IDs (`<uuid@host>`). */
  messageIdDomain: string;
}

export function messageIdDomain(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).hostname || 'localhost';
}

/** How many forwardings the plan moves to a new state (each at the version the planner read). */
export function plannedForwardingChanges(plan: EffectPlan): number {
  return (plan.forwardingUpdates?.length ?? 0) + (plan.misdirections ?? []).filter((m) => m.state !== null).length;
}

/**
 * The statement and its parameters; it returns the request row (REQUEST_COLUMNS) or nothing.
 * When the plan moves forwardings to a new state (`guarded` > 0), the row also carries
 * `staleForwardings`: how many of them were no longer at the version planned (their mail just
 * handed to the transport, a controller's answer). runTransition then undoes the statement.
 */
export function transitionStatement(w: TransitionWrite): { sql: string; params: unknown[]; guarded: number } {
  const params = [...w.requestParams];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ctes = [`r AS (${w.requestSql})`];
  const guarded = plannedForwardingChanges(w.plan);
  const audit = [...w.audit, ...w.plan.audit];
  if (audit.length) {
    const events = audit.map((e) => ({ at: (e.at ?? new Date()).toISOString(), actor: e.actor, type: e.type, data: e.data ?? {} }));
    ctes.push(`audit_rows AS (
      INSERT INTO audit_events (request_id, at, actor, type, data)
      SELECT r.id, (e.v->>'at')::timestamptz, e.v->>'actor', e.v->>'type', e.v->'data'
        FROM r, jsonb_array_elements(${param(JSON.stringify(events))}::jsonb) WITH ORDINALITY AS e(v, n)
       ORDER BY e.n)`);
  }
  // Forwardings before their mails (message_rows names them; the foreign key is checked at the statement's end).
  if (w.plan.forwardings?.length) {
    ctes.push(`forwarding_rows AS (
      INSERT INTO forwardings (id, request_id, controller_id, state, snapshot, machine_version, matched_by, country, contact_email,
                               token_digest, token_expires_at, respond_by, forward_by, next_reminder_on, created_at, updated_at)
      SELECT (e.v->>'id')::uuid, r.id, (e.v->>'controllerId')::uuid, e.v->>'state', e.v->'snapshot', (e.v->>'machineVersion')::int,
             ARRAY(SELECT jsonb_array_elements_text(e.v->'matchedBy')), e.v->>'country', e.v->>'contactEmail',
             e.v->>'tokenDigest', (e.v->>'tokenExpiresAt')::timestamptz, (e.v->>'respondBy')::date, (e.v->>'forwardBy')::date,
             (e.v->>'nextReminderOn')::date, now(), now()
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.forwardings))}::jsonb) AS e(v))`);
  }
  if (w.plan.forwardingUpdates?.length) {
    // Only when the request row was written (r not empty), and only the version the planner saw.
    ctes.push(`forwarding_updates AS (
      UPDATE forwardings f SET state = e.v->>'state', snapshot = e.v->'snapshot', version = f.version + 1, updated_at = now(),
             next_reminder_on = CASE WHEN e.v->>'state' IN ('sent', 'acknowledged') THEN f.next_reminder_on ELSE NULL END,
             cancelled_at = CASE WHEN (e.v->>'cancelled')::boolean THEN now() ELSE f.cancelled_at END,
             token_revoked_at = CASE WHEN (e.v->>'cancelled')::boolean THEN coalesce(f.token_revoked_at, now()) ELSE f.token_revoked_at END
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.forwardingUpdates))}::jsonb) AS e(v)
       WHERE f.id = (e.v->>'id')::uuid AND f.request_id = r.id AND f.version = (e.v->>'version')::int
      RETURNING f.id, (e.v->>'cancelled')::boolean AS cancelled)`);
    // A forwarding called off before its mail left: the mail never goes (like one sent in error).
    ctes.push(withholdUnsentMailCte('cancelled_mail', 'SELECT id FROM forwarding_updates WHERE cancelled', 'forwarding called off', param));
  }
  if (w.plan.processorTasks?.length) {
    ctes.push(`processor_task_rows AS (
      INSERT INTO processor_tasks (request_id, forwarding_id, controller_id, instruction)
      SELECT r.id, (e.v->>'forwardingId')::uuid, (e.v->>'controllerId')::uuid, e.v->>'instruction'
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.processorTasks))}::jsonb) AS e(v))`);
  }
  if (w.plan.processorTaskUpdates?.length) {
    // Completion (or cancellation after a withdrawn instruction): only from the state the planner checked.
    ctes.push(`processor_task_updates AS (
      UPDATE processor_tasks t SET state = e.v->>'state', outcome = e.v->>'outcome', recipients_notified = e.v->'recipientsNotified',
             done_at = r.updated_at, done_by = e.v->>'doneBy',
             cancelled_at = CASE WHEN e.v->>'state' = 'cancelled' THEN r.updated_at ELSE t.cancelled_at END,
             concern_resolution = coalesce(e.v->>'concernResolution', t.concern_resolution),
             concern_note = coalesce(e.v->>'concernNote', t.concern_note),
             concern_resolved_at = CASE WHEN e.v ? 'concernResolution' THEN r.updated_at ELSE t.concern_resolved_at END,
             concern_resolved_by = CASE WHEN e.v ? 'concernResolution' THEN e.v->>'doneBy' ELSE t.concern_resolved_by END
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.processorTaskUpdates))}::jsonb) AS e(v)
       WHERE t.id = (e.v->>'id')::uuid AND t.request_id = r.id AND t.state = e.v->>'fromState'
      RETURNING t.id, t.state)`);
    // A task that lapsed or was withdrawn offers its export no more: the file goes at once.
    ctes.push(`cancelled_exports AS (
      DELETE FROM processor_exports x USING processor_task_updates u WHERE x.task_id = u.id AND u.state = 'cancelled')`);
  }
  if (w.plan.verificationSteps?.length) {
    // The identification letter (message_rows) and its step are written together or not at all.
    ctes.push(`verification_step_rows AS (
      INSERT INTO verification_steps (id, request_id, method, status, reason, performed_by, requested_at, document_type, note, late_warning)
      SELECT (e.v->>'id')::uuid, r.id, e.v->>'method', e.v->>'status', e.v->>'reason', e.v->>'performedBy',
             (e.v->>'requestedAt')::timestamptz, e.v->>'documentType', e.v->>'note', (e.v->>'lateWarning')::boolean
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.verificationSteps))}::jsonb) AS e(v))`);
  }
  if (w.plan.settlements?.length) ctes.push(settlementAppliedCte(w.plan.settlements, param));
  // A forwarding sent in error: link revoked, called off, incident recorded (art 33(2)).
  if (w.plan.misdirections?.length) ctes.push(...misdirectionCtes(w.plan.misdirections, param, w.actor));
  if (w.plan.messages.length) {
    const messages = w.plan.messages.map((m) => ({ ...m, messageId: `<${randomUUID()}@${w.messageIdDomain}>` }));
    ctes.push(`message_rows AS (
      INSERT INTO messages (request_id, recipient, template, data, message_id, forwarding_id)
      SELECT r.id, e.v->>'recipient', e.v->>'template', jsonb_build_object('reference', r.reference) || (e.v->'data'), e.v->>'messageId',
             (e.v->>'forwardingId')::uuid
        FROM r, jsonb_array_elements(${param(JSON.stringify(messages))}::jsonb) WITH ORDINALITY AS e(v, n)
       ORDER BY e.n)`);
  }
  if (w.plan.notes.length) {
    ctes.push(`note_rows AS (
      INSERT INTO request_notes (request_id, author, text)
      SELECT r.id, ${param(w.actor)}, e.v->>'text'
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.notes))}::jsonb) AS e(v))`);
  }
  if (w.plan.webhooks.length) {
    // Webhook outbox: only requests an API client filed have someone to tell; ids, reference and state only.
    ctes.push(`webhook_rows AS (
      INSERT INTO webhook_events (api_client, request_id, type, data)
      SELECT r.api_client, r.id, e.v->>'event',
             jsonb_build_object('requestId', r.id, 'reference', r.reference, 'state', r.state, 'respondBy', r.respond_by)
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.webhooks))}::jsonb) WITH ORDINALITY AS e(v, n)
       WHERE r.api_client IS NOT NULL
       ORDER BY e.n)`);
  }
  const changed = [
    w.plan.forwardingUpdates?.length ? '(SELECT count(*) FROM forwarding_updates)' : '0',
    w.plan.misdirections?.length ? '(SELECT count(*) FROM misdirected_rows WHERE planned)' : '0',
  ];
  const stale = guarded ? `, ${guarded} - ${changed.join(' - ')} AS "staleForwardings"` : '';
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${REQUEST_COLUMNS}${stale} FROM r`, params, guarded };
}
