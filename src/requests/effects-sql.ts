/**
 * A transition's writes as ONE statement: the request row (INSERT at intake, guarded UPDATE for
 * an event) in a CTE named `r`, and the audit events, outbox messages and notes inserted from
 * it. One statement is atomic without BEGIN/COMMIT round trips, and when the guarded UPDATE
 * matches no row (a stale version) nothing else is written either. The rows of tables other
 * modules own are written by those modules' fragments (transition-fragments.ts); this file
 * decides only their place and name in the statement.
 */
import { randomUUID } from 'node:crypto';
import { auditInsert, type AuditEventInput } from '../audit/audit.js';
import type { EffectPlan } from './request-effects.js';
import { webhookInsert } from '../webhooks/webhook-events.js';
import { REQUEST_COLUMNS } from './request-row.js';
import type { TransitionFragments } from './transition-fragments.js';

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
 * `f`: the owners' fragments (TRANSITION_FRAGMENTS).
 */
export function transitionStatement(w: TransitionWrite, f: TransitionFragments): { sql: string; params: unknown[]; guarded: number } {
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
      ${auditInsert(`SELECT r.id, (e.v->>'at')::timestamptz, e.v->>'actor', e.v->>'type', e.v->'data'
        FROM r, jsonb_array_elements(${param(JSON.stringify(events))}::jsonb) WITH ORDINALITY AS e(v, n)
       ORDER BY e.n`)})`);
  }
  // Forwardings before their mails (message_rows names them; the foreign key is checked at the statement's end).
  if (w.plan.forwardings?.length) {
    ctes.push(`forwarding_rows AS (${f.insertForwardings(param(JSON.stringify(w.plan.forwardings)))})`);
  }
  if (w.plan.forwardingUpdates?.length) {
    // Only when the request row was written (r not empty), and only the version the planner saw.
    ctes.push(`forwarding_updates AS (${f.updateForwardings(param(JSON.stringify(w.plan.forwardingUpdates)))})`);
    // A forwarding called off before its mail left: the mail never goes (like one sent in error).
    ctes.push(f.withholdUnsentMailCte('cancelled_mail', 'SELECT id FROM forwarding_updates WHERE cancelled', 'forwarding called off', param));
  }
  if (w.plan.processorTasks?.length) {
    ctes.push(`processor_task_rows AS (${f.insertProcessorTasks(param(JSON.stringify(w.plan.processorTasks)))})`);
  }
  if (w.plan.processorTaskUpdates?.length) {
    // Completion (or cancellation after a withdrawn instruction): only from the state the planner checked.
    ctes.push(`processor_task_updates AS (${f.updateProcessorTasks(param(JSON.stringify(w.plan.processorTaskUpdates)))})`);
    // A task that lapsed or was withdrawn offers its export no more: the file goes at once.
    ctes.push(`cancelled_exports AS (${f.deleteCancelledExports('processor_task_updates')})`);
  }
  if (w.plan.verificationSteps?.length) {
    // The identification letter (message_rows) and its step are written together or not at all.
    ctes.push(`verification_step_rows AS (${f.insertVerificationSteps(param(JSON.stringify(w.plan.verificationSteps)))})`);
  }
  if (w.plan.settlements?.length) ctes.push(f.settlementAppliedCte(w.plan.settlements, param));
  // A forwarding sent in error: link revoked, called off, incident recorded (art 33(2)).
  if (w.plan.misdirections?.length) ctes.push(...f.misdirectionCtes(w.plan.misdirections, param, w.actor));
  if (w.plan.messages.length) {
    const messages = w.plan.messages.map((m) => ({ ...m, messageId: `<${randomUUID()}@${w.messageIdDomain}>` }));
    ctes.push(`message_rows AS (
      ${f.messageInsert('request_id, recipient, template, data, message_id, forwarding_id', `SELECT r.id, e.v->>'recipient', e.v->>'template', jsonb_build_object('reference', r.reference) || (e.v->'data'), e.v->>'messageId',
             (e.v->>'forwardingId')::uuid
        FROM r, jsonb_array_elements(${param(JSON.stringify(messages))}::jsonb) WITH ORDINALITY AS e(v, n)
       ORDER BY e.n`)})`);
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
      ${webhookInsert(`SELECT r.api_client, r.id, e.v->>'event',
             jsonb_build_object('requestId', r.id, 'reference', r.reference, 'state', r.state, 'respondBy', r.respond_by,
             'dueDate', CASE WHEN r.extended THEN r.extended_respond_by ELSE r.respond_by END) || coalesce(e.v->'data', '{}'::jsonb)
        FROM r, jsonb_array_elements(${param(JSON.stringify(w.plan.webhooks))}::jsonb) WITH ORDINALITY AS e(v, n)
       WHERE r.api_client IS NOT NULL
       ORDER BY e.n`)})`);
  }
  const changed = [
    w.plan.forwardingUpdates?.length ? '(SELECT count(*) FROM forwarding_updates)' : '0',
    w.plan.misdirections?.length ? '(SELECT count(*) FROM misdirected_rows WHERE planned)' : '0',
  ];
  const stale = guarded ? `, ${guarded} - ${changed.join(' - ')} AS "staleForwardings"` : '';
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${REQUEST_COLUMNS}${stale} FROM r`, params, guarded };
}
