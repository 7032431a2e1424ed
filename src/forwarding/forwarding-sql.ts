/**
 * Writes of the forwardings table (this module owns it) that other modules compose into their
 * own statement: the request transition (src/requests/effects-sql.ts) creates and moves
 * forwardings, a report of a forwarding sent in error (src/incidents/incident-sql.ts) marks one,
 * retention (src/retention/) purges them. Pure SQL text: the caller passes the parameters; the
 * request CTE is named `r`.
 */

/** Forwardings of the request `r` from the jsonb array `data` (the planner's new forwardings). */
export function insertForwardings(data: string): string {
  return `INSERT INTO forwardings (id, request_id, controller_id, state, snapshot, machine_version, matched_by, country, contact_email,
                               token_digest, token_expires_at, respond_by, forward_by, next_reminder_on, created_at, updated_at)
      SELECT (e.v->>'id')::uuid, r.id, (e.v->>'controllerId')::uuid, e.v->>'state', e.v->'snapshot', (e.v->>'machineVersion')::int,
             ARRAY(SELECT jsonb_array_elements_text(e.v->'matchedBy')), e.v->>'country', e.v->>'contactEmail',
             e.v->>'tokenDigest', (e.v->>'tokenExpiresAt')::timestamptz, (e.v->>'respondBy')::date, (e.v->>'forwardBy')::date,
             (e.v->>'nextReminderOn')::date, now(), now()
        FROM r, jsonb_array_elements(${data}::jsonb) AS e(v)`;
}

/**
 * The planner's forwarding state changes (jsonb array `data`): only when the request row was
 * written (r not empty), and only at the version the planner saw. Carries out the machine's
 * callOff (`cancelled`: called off, link revoked, reminders stopped; forwarding-planner.service.ts
 * forwardingUpdate checks that a transition names nothing else). Returns the ids changed and whether each was called off.
 */
export function updateForwardings(data: string): string {
  return `UPDATE forwardings f SET state = e.v->>'state', snapshot = e.v->'snapshot', version = f.version + 1, updated_at = now(),
             next_reminder_on = CASE WHEN e.v->>'state' IN ('sent', 'acknowledged') THEN f.next_reminder_on ELSE NULL END,
             cancelled_at = CASE WHEN (e.v->>'cancelled')::boolean THEN now() ELSE f.cancelled_at END,
             token_revoked_at = CASE WHEN (e.v->>'cancelled')::boolean THEN coalesce(f.token_revoked_at, now()) ELSE f.token_revoked_at END
        FROM r, jsonb_array_elements(${data}::jsonb) AS e(v)
       WHERE f.id = (e.v->>'id')::uuid AND f.request_id = r.id AND f.version = (e.v->>'version')::int
      RETURNING f.id, (e.v->>'cancelled')::boolean AS cancelled`;
}

/**
 * Forwardings sent in error (jsonb array `data` of MisdirectionWrite, src/incidents/incident-sql.ts):
 * link revoked, marked misdirected, and called off when its state changes at the planned version.
 * Returns id and `planned`: the state changed as the planner meant (RETURNING sees the new version).
 */
export function misdirectForwardings(data: string): string {
  const same = `f.version = (e.v->>'version')::int AND e.v->>'state' IS NOT NULL`;
  return `UPDATE forwardings f SET
             token_revoked_at = coalesce(f.token_revoked_at, (e.v->>'at')::timestamptz),
             misdirected_at = (e.v->>'at')::timestamptz,
             next_reminder_on = NULL,
             state = CASE WHEN ${same} THEN e.v->>'state' ELSE f.state END,
             snapshot = CASE WHEN ${same} THEN e.v->'snapshot' ELSE f.snapshot END,
             cancelled_at = CASE WHEN ${same} AND e.v->>'state' = 'done' THEN coalesce(f.cancelled_at, (e.v->>'at')::timestamptz) ELSE f.cancelled_at END,
             version = f.version + 1, updated_at = (e.v->>'at')::timestamptz
        FROM r, jsonb_array_elements(${data}::jsonb) AS e(v)
       WHERE f.id = (e.v->>'forwardingId')::uuid AND f.request_id = r.id AND f.misdirected_at IS NULL
      RETURNING f.id, (e.v->>'state' IS NOT NULL AND f.version = (e.v->>'version')::int + 1) AS planned`;
}

/** Retention: the free texts and link digest of the forwardings of the requests in CTE `batch`; a CTE body returning 1 per row. */
export function purgeForwardings(batch: string): string {
  return `UPDATE forwardings f SET instruction_details = NULL, note = NULL, token_digest = NULL
           FROM ${batch} b WHERE f.request_id = b.id
         RETURNING 1`;
}

/** Where a controller link's digest may go: expired or revoked more than `graceDays` before `now`. */
function staleLink(now: string, graceDays: number): string {
  return `token_digest IS NOT NULL
          AND (token_expires_at < ${now}::timestamptz - make_interval(days => ${graceDays})
               OR token_revoked_at < ${now}::timestamptz - make_interval(days => ${graceDays}))`;
}

/** Retention: how many controller link digests `purgeStaleLinkDigests` would drop (column `n`). */
export function countStaleLinkDigests(now: string, graceDays: number): string {
  return `SELECT count(*)::int AS n FROM forwardings WHERE ${staleLink(now, graceDays)}`;
}

/** Retention: controller link digests dropped (the link then answers "unknown"), expired or revoked more than `graceDays` ago. */
export function purgeStaleLinkDigests(now: string, graceDays: number): string {
  return `UPDATE forwardings SET token_digest = NULL
        WHERE ${staleLink(now, graceDays)}`;
}
