/**
 * The purge of idempotency_keys (owned by the idempotency store, src/commands/idempotency-store.ts):
 * records older than their 24 hours, for the store's hourly purge and for retention. Pure SQL
 * text; `now` is the caller's parameter or expression.
 */

/** An idempotency record answers retries for this long. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** How many records `purgeIdempotencyRecords` would drop (column `n`). */
export function countStaleIdempotencyRecords(now: string): string {
  return `SELECT count(*)::int AS n FROM idempotency_keys WHERE created_at < ${now}::timestamptz - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
}

/** Records older than 24 hours at `now` deleted. */
export function purgeIdempotencyRecords(now: string): string {
  return `DELETE FROM idempotency_keys WHERE created_at < ${now}::timestamptz - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
}
