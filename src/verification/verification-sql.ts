/**
 * Writes of verification_steps (this module owns it) that other modules compose into their own
 * statement: the request transition (src/requests/effects-sql.ts) records the steps an
 * identification letter asks for, retention (src/retention/) purges them. Pure SQL text: the
 * caller passes the parameters; the request CTE is named `r`.
 */

/** Steps of the request `r` from the jsonb array `data` (written with the identification letter, or not at all). */
export function insertVerificationSteps(data: string): string {
  return `INSERT INTO verification_steps (id, request_id, method, status, reason, performed_by, requested_at, document_type, note, late_warning)
      SELECT (e.v->>'id')::uuid, r.id, e.v->>'method', e.v->>'status', e.v->>'reason', e.v->>'performedBy',
             (e.v->>'requestedAt')::timestamptz, e.v->>'documentType', e.v->>'note', (e.v->>'lateWarning')::boolean
        FROM r, jsonb_array_elements(${data}::jsonb) AS e(v)`;
}

/** Retention: the free texts of the steps of the requests in CTE `batch`; a CTE body returning 1 per row. */
export function purgeVerificationSteps(batch: string): string {
  return `UPDATE verification_steps v SET reason = NULL, note = NULL
             FROM ${batch} b WHERE v.request_id = b.id
           RETURNING 1`;
}

/** Retention: how many expired verification link digests `purgeExpiredVerificationTokens` would drop (column `n`). */
export function countExpiredVerificationTokens(now: string): string {
  return `SELECT count(*)::int AS n FROM verification_steps WHERE token_digest IS NOT NULL AND token_expires_at < ${now}`;
}

/** Retention: expired verification link digests dropped. */
export function purgeExpiredVerificationTokens(now: string): string {
  return `UPDATE verification_steps SET token_digest = NULL WHERE token_digest IS NOT NULL AND token_expires_at < ${now}`;
}
