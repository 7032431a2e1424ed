/**
 * Writes of processor_tasks and processor_exports (this module owns them) that other modules
 * compose into their own statement: the request transition (src/requests/effects-sql.ts) creates
 * and settles tasks, retention (src/retention/) purges them. Pure SQL text: the caller passes the
 * parameters; the request CTE is named `r`.
 */
import { auditInsert } from '../audit/audit.js';

/** Tasks of the request `r` from the jsonb array `data` (a controller's instruction). */
export function insertProcessorTasks(data: string): string {
  return `INSERT INTO processor_tasks (request_id, forwarding_id, controller_id, instruction)
      SELECT r.id, (e.v->>'forwardingId')::uuid, (e.v->>'controllerId')::uuid, e.v->>'instruction'
        FROM r, jsonb_array_elements(${data}::jsonb) AS e(v)`;
}

/**
 * Completion (or cancellation after a withdrawn instruction) from the jsonb array `data`: only
 * from the state the planner checked. Returns id and state.
 */
export function updateProcessorTasks(data: string): string {
  return `UPDATE processor_tasks t SET state = e.v->>'state', outcome = e.v->>'outcome', recipients_notified = e.v->'recipientsNotified',
             done_at = r.updated_at, done_by = e.v->>'doneBy',
             cancelled_at = CASE WHEN e.v->>'state' = 'cancelled' THEN r.updated_at ELSE t.cancelled_at END,
             concern_resolution = coalesce(e.v->>'concernResolution', t.concern_resolution),
             concern_note = coalesce(e.v->>'concernNote', t.concern_note),
             concern_resolved_at = CASE WHEN e.v ? 'concernResolution' THEN r.updated_at ELSE t.concern_resolved_at END,
             concern_resolved_by = CASE WHEN e.v ? 'concernResolution' THEN e.v->>'doneBy' ELSE t.concern_resolved_by END
        FROM r, jsonb_array_elements(${data}::jsonb) AS e(v)
       WHERE t.id = (e.v->>'id')::uuid AND t.request_id = r.id AND t.state = e.v->>'fromState'
      RETURNING t.id, t.state`;
}

/** A task of CTE `updates` (id, state) that lapsed or was withdrawn offers its export no more: the file goes at once. */
export function deleteCancelledExports(updates: string): string {
  return `DELETE FROM processor_exports x USING ${updates} u WHERE x.task_id = u.id AND u.state = 'cancelled'`;
}

/** Retention: the free texts of the tasks of the requests in CTE `batch`, replaced by `purged`; a CTE body returning 1 per row. */
export function purgeProcessorTasks(batch: string, purged: string): string {
  return `UPDATE processor_tasks t SET outcome = CASE WHEN t.outcome IS NULL THEN NULL ELSE '${purged}' END,
                concern_reason = CASE WHEN t.concern_reason IS NULL THEN NULL ELSE '${purged}' END,
                concern_note = CASE WHEN t.concern_note IS NULL THEN NULL ELSE '${purged}' END
           FROM ${batch} b WHERE t.request_id = b.id
         RETURNING 1`;
}

/** Retention: the exports of the requests in CTE `batch` deleted with their content; a CTE body returning 1 per row. */
export function purgeProcessorExports(batch: string): string {
  return `DELETE FROM processor_exports x USING ${batch} b WHERE x.request_id = b.id
         RETURNING 1`;
}

/** Retention: how many exports have expired at `now` (column `n`). */
export function countExpiredExports(now: string): string {
  return `SELECT count(*)::int AS n FROM processor_exports WHERE expires_at <= ${now}`;
}

/**
 * Retention: exports for controllers are offered only until they expire; then the file goes,
 * audited per request (ids only) at `now` by `actor`. One statement returning their number (`n`).
 */
export function purgeExpiredExports(now: string, actor: string): string {
  return `WITH d AS (DELETE FROM processor_exports WHERE expires_at <= ${now} RETURNING id, request_id, task_id),
       a AS (${auditInsert(`SELECT request_id, ${now}, ${actor}, 'PROCESSOR_EXPORT_DELETED', jsonb_build_object('exportId', id, 'taskId', task_id) FROM d`)})
       SELECT count(*)::int AS n FROM d`;
}
