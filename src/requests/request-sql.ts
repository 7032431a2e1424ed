/**
 * Writes of the requests and request_notes tables (this module owns them) for steps that are not
 * a machine transition: the WorkflowRunner writes a transition itself (effects-sql.ts); the
 * steps below change the row next to it without changing its state (a processor task's concern,
 * a forwarding sent in error, the assignee, a failed mail's flag, a legal hold, the retention
 * purge). Pure SQL text: the caller composes it into its own statement and passes the parameters.
 */

/**
 * Bumps the version of the request of each row of CTE `from` (which returns request_id), so
 * readers holding the old ETag see the change; a CTE body returning `returning`.
 */
export function bumpRequestVersion(from: string, at: string, returning: string): string {
  return `UPDATE requests SET version = version + 1, updated_at = ${at} FROM ${from} WHERE requests.id = ${from}.request_id RETURNING ${returning}`;
}

/**
 * Request rows locked as a transition locks one (`id`), in id order: `ids` is a parameter or a
 * subquery of request ids. For another module's statement or transaction that changes rows of a
 * request (a processor task, a message) and then the request itself: taken first, it keeps the
 * order every transition keeps, request row then the request's other rows; the other way round
 * the two deadlock.
 */
export function lockRequests(ids: string): string {
  return `SELECT id FROM requests WHERE id IN (${ids}) ORDER BY id FOR NO KEY UPDATE`;
}

/** The request row's version bumped where `where` holds (the row returned whole): a transition's `requestSql`. */
export function guardedRequestVersionBump(at: string, where: string): string {
  return `UPDATE requests SET version = version + 1, updated_at = ${at}
                    WHERE ${where}
                    RETURNING *`;
}

/** $1 request id, $2 agent id or null: the assignee of an open request, when it changes. */
export const ASSIGN_REQUEST_SQL = `UPDATE requests SET assignee_id = $2 WHERE id = $1 AND closed_at IS NULL AND assignee_id IS DISTINCT FROM $2::uuid`;

/** $1 request id, $2 time: a mail to the requester failed for good (the agents' queue shows it). */
export const FLAG_MAIL_FAILED_SQL = `UPDATE requests SET flag_mail_failed = true, updated_at = $2 WHERE id = $1`;

/** $1 request id, $2 reason, $3 time, $4 actor: a legal hold set (or its reason replaced) on a request not purged. */
export function setLegalHold(returning: string): string {
  return `UPDATE requests SET legal_hold_reason = $2, legal_hold_at = coalesce(legal_hold_at, $3), legal_hold_by = $4, updated_at = $3
          WHERE id = $1 AND purged_at IS NULL
         RETURNING ${returning}`;
}

/** $1 request id, $2 time: a legal hold lifted. */
export function clearLegalHold(returning: string): string {
  return `UPDATE requests SET legal_hold_reason = NULL, legal_hold_at = NULL, legal_hold_by = NULL, updated_at = $2
          WHERE id = $1 AND legal_hold_at IS NOT NULL
         RETURNING ${returning}`;
}

/**
 * Free text in a request's machine snapshot (agents' reasons for an extension, a refusal or a
 * question to the requester) replaced by `purged`; codes, dates and decisions stay.
 */
const SCRUB_SNAPSHOT = (col: string, purged: string) => `
  CASE WHEN ${col} #> '{context,pauses}' IS NOT NULL AND jsonb_typeof(${col} #> '{context,pauses}') = 'array'
       THEN jsonb_set(${col}, '{context,pauses}', coalesce((
              SELECT jsonb_agg(CASE WHEN p ? 'reason' THEN jsonb_set(p, '{reason}', to_jsonb('${purged}'::text)) ELSE p END ORDER BY n)
                FROM jsonb_array_elements(${col} #> '{context,pauses}') WITH ORDINALITY AS x(p, n)), '[]'::jsonb))
       ELSE ${col} END`;

function scrubPath(expr: string, path: string, purged: string): string {
  return `CASE WHEN jsonb_typeof(${expr} #> '${path}') = 'string' THEN jsonb_set(${expr}, '${path}', to_jsonb('${purged}'::text)) ELSE ${expr} END`;
}

function scrubbedSnapshot(col: string, purged: string): string {
  let expr = SCRUB_SNAPSHOT(col, purged);
  for (const path of ['{context,extended,reason}', '{context,refusal,reason}', '{context,infoRequest,reason}']) expr = scrubPath(`(${expr})`, path, purged);
  return expr;
}

/**
 * Retention: the requester's personal data of the requests in CTE `batch` (returning id) cleared
 * and the snapshot's free text replaced by `purged`, marked purged at `at` (a new version). A CTE
 * body returning the ids.
 */
export function purgeRequests(batch: string, at: string, purged: string): string {
  return `UPDATE requests r SET
                requester_name = NULL, requester_email = NULL, requester_phone = NULL,
                requester_customer_ref = NULL, requester_address = NULL, requester_country = NULL, message = NULL,
                snapshot = ${scrubbedSnapshot('r.snapshot', purged)},
                purged_at = ${at}, version = r.version + 1, updated_at = ${at}
           FROM ${batch} b WHERE r.id = b.id
         RETURNING r.id`;
}

/** Retention: the notes of the requests in CTE `batch` replaced by `purged`; a CTE body returning 1 per note. */
export function purgeRequestNotes(batch: string, purged: string): string {
  return `UPDATE request_notes n SET text = '${purged}'
           FROM ${batch} b WHERE n.request_id = b.id
         RETURNING 1`;
}
