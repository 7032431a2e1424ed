/**
 * The purge of requests' personal data as one statement, composed of each table owner's purge
 * fragment (src/database/table-owners.ts): used by retention for its batches and, for one
 * request, right after an agent discards a mail that was no request (DISCARD, through the
 * request runner's TRANSITION_FRAGMENTS). Kept: the reference, dates, rights, states,
 * controllers, decisions and the audit trail (only appended to: PERSONAL_DATA_PURGED per request).
 */
import { auditInsert } from '../audit/audit.js';
import { purgeForwardings } from '../forwarding/forwarding-sql.js';
import { purgeInboxAttachments, purgeInboxMails } from '../inbox/inbox-sql.js';
import { purgeProcessorExports, purgeProcessorTasks } from '../processor-tasks/processor-task-sql.js';
import { purgeMessages } from '../replies/message-sql.js';
import { purgeRequestNotes, purgeRequests } from '../requests/request-sql.js';
import { purgeVerificationSteps } from '../verification/verification-sql.js';

/** What replaces free text that must stay non-null. */
export const PURGED_TEXT = '[verwijderd]';
export const REQUEST_PURGED_AUDIT_TYPE = 'PERSONAL_DATA_PURGED';

/**
 * One statement purging the requests `batch` selects (a SELECT of `id`s, locked by the caller as
 * it needs), at `now`, by `actor` (SQL parameters), with `auditData` (constant JSON, no personal
 * data) on each PERSONAL_DATA_PURGED event. Returns one row: how many requests, messages,
 * notes, forwardings and verification steps were purged.
 */
export function personalDataPurgeStatement(batch: string, now: string, actor: string, auditData = '{}'): string {
  return `WITH batch AS (${batch}),
       request_rows AS (${purgeRequests('batch', now, PURGED_TEXT)}),
       message_rows AS (${purgeMessages('batch', PURGED_TEXT)}),
       note_rows AS (${purgeRequestNotes('batch', PURGED_TEXT)}),
       forwarding_rows AS (${purgeForwardings('batch')}),
       task_rows AS (${purgeProcessorTasks('batch', PURGED_TEXT)}),
       export_rows AS (${purgeProcessorExports('batch')}),
       verification_rows AS (${purgeVerificationSteps('batch')}),
       inbox_rows AS (${purgeInboxMails('batch', PURGED_TEXT)}),
       inbox_attachment_rows AS (${purgeInboxAttachments('batch')}),
       audit_rows AS (
         ${auditInsert(`SELECT id, ${now}, ${actor}, '${REQUEST_PURGED_AUDIT_TYPE}', '${auditData}'::jsonb FROM request_rows
         RETURNING 1`)})
       SELECT (SELECT count(*)::int FROM request_rows) AS requests,
              (SELECT count(*)::int FROM message_rows) AS messages,
              (SELECT count(*)::int FROM note_rows) AS notes,
              (SELECT count(*)::int FROM forwarding_rows) AS forwardings,
              (SELECT count(*)::int FROM verification_rows) AS "verificationSteps",
              (SELECT count(*)::int FROM audit_rows) AS audited`;
}

/** After DISCARD ($1 request id, $2 now, $3 actor): that request purged now (unless under legal hold). */
export function discardedRequestPurge(): string {
  return personalDataPurgeStatement(`SELECT id FROM requests WHERE id = $1 AND purged_at IS NULL AND legal_hold_at IS NULL FOR UPDATE`, '$2', '$3', '{"discarded":true}');
}
