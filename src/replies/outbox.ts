/**
 * The outbox as a durable queue (`messages`): claiming with a lease, retries with exponential
 * backoff, and the final failure. Pure decisions plus the SQL, on any `query()`-able handle.
 */
import { appendAuditEvents, auditInsert } from '../audit/audit.js';
import { appendRequestWebhook } from '../webhooks/webhook-events.js';
import { REDACTED_TOKEN, tokenOfLink } from '../common/links.js';
import { FLAG_MAIL_FAILED_SQL, lockRequests } from '../requests/request-sql.js';

export type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

/** First retry after 30 s, then doubling, at most one hour apart. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 60 * 60_000;
/**
 * How long a claim holds: longer than one SMTP conversation (transport.ts: connect 10 s, greeting
 * 10 s, 20 s without an answer), short enough that a message claimed by a node that died goes out
 * within a minute (lease + OUTBOX_POLL_MS).
 */
export const LEASE_MS = 50_000;

/** After the transport accepted a mail, recording `sent` is retried after these pauses (well within the lease). */
export const MARK_SENT_RETRY_MS = [200, 1000, 3000];

/** Audit event: a mail whose earlier attempt may have reached the recipient was sent again (same Message-ID). */
export const MAIL_RESENT_UNCONFIRMED = 'MAIL_RESENT_UNCONFIRMED';

/** Delay before the next attempt after `attempts` failed attempts (1 → 30 s, 2 → 60 s, …). */
export function backoffMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 20));
}

export type FailureDecision = { status: 'queued'; nextAttemptAt: Date } | { status: 'failed' };

/** After a failed attempt: try again later, or give up (last attempt, or a permanent error). */
export function afterFailure(attempts: number, maxAttempts: number, now: Date, permanent: boolean): FailureDecision {
  if (permanent || attempts >= maxAttempts) return { status: 'failed' };
  return { status: 'queued', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) };
}

/** An SMTP answer that will not change on retry (5xx: unknown mailbox, rejected). */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}


export interface ClaimedMessage {
  id: string;
  requestId: string | null;
  recipient: string;
  template: string;
  data: Record<string, unknown>;
  attempts: number;
  messageId: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  createdAt: Date;
  /**
   * Set when an earlier attempt was handed to the transport and its result was never recorded
   * (the node died, or the database failed right after the mail server accepted it): the
   * recipient may already have the mail.
   */
  attemptedAt: Date | null;
}

const CLAIMED_COLUMNS = `id, request_id AS "requestId", recipient, template, data, attempts, message_id AS "messageId",
  subject, html, text, created_at AS "createdAt", attempted_at AS "attemptedAt"`;

/**
 * Claims up to `limit` due messages in one statement (safe across app nodes): queued ones whose
 * time has come, and ones whose claim expired (a worker died while sending).
 */
export async function claimMessages(db: Queryable, now: Date, limit: number, leaseMs = LEASE_MS): Promise<ClaimedMessage[]> {
  const [rows]: [ClaimedMessage[], number] = await db.query(
    `UPDATE messages SET status = 'sending', locked_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000),
            attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM messages
         WHERE (status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND locked_until < $1)
         ORDER BY next_attempt_at, created_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
      RETURNING ${CLAIMED_COLUMNS}`,
    [now, leaseMs, limit],
  );
  return rows;
}

/** Stores the rendering once; a rendering stored earlier (by an earlier attempt) wins. */
export async function storeRendering(
  db: Queryable,
  id: string,
  mail: { subject: string; html: string; text: string },
): Promise<{ subject: string; html: string; text: string }> {
  const [rows]: [{ subject: string; html: string; text: string }[], number] = await db.query(
    `UPDATE messages SET subject = coalesce(subject, $2), html = coalesce(html, $3), text = coalesce(text, $4)
      WHERE id = $1 RETURNING subject, html, text`,
    [id, mail.subject, mail.html, mail.text],
  );
  return rows[0] ?? mail;
}

/**
 * Records the attempt just before the message is handed to the transport, in one statement:
 * `attempted_at`, and for a resend after an attempt whose result is unknown the mark
 * `possibly_duplicate` and a MAIL_RESENT_UNCONFIRMED audit event (template and Message-ID only).
 * Fenced by the claim's attempt count: false when the claim is no longer this worker's (its lease
 * ran out and another worker claimed the message), and then the message must not be sent.
 */
export async function recordAttempt(db: Queryable, message: Pick<ClaimedMessage, 'id' | 'attempts' | 'attemptedAt'>, now: Date): Promise<boolean> {
  const resend = message.attemptedAt !== null;
  const rows: unknown[] = await db.query(
    `WITH m AS (
       UPDATE messages SET attempted_at = $3, possibly_duplicate = possibly_duplicate OR $4
        WHERE id = $1 AND status = 'sending' AND attempts = $2
        RETURNING id, request_id, template, message_id),
     a AS (${auditInsert(`SELECT request_id, $3::timestamptz, 'system', '${MAIL_RESENT_UNCONFIRMED}', jsonb_build_object('template', template, 'messageId', message_id)
              FROM m WHERE $4 AND request_id IS NOT NULL`)})
     SELECT id FROM m`,
    [message.id, message.attempts, now, resend],
  );
  return rows.length > 0;
}

/**
 * Marks a message sent and, in the same statement, scrubs the clear token of its personal link
 * (see {@link scrubSentLink}): a crash can no longer leave a sent mail holding a live token.
 */
export async function markSent(db: Queryable, id: string, now: Date, message?: Pick<ClaimedMessage, 'data'>): Promise<void> {
  const token = message ? scrubbableToken(message) : undefined;
  if (!token) {
    await db.query(`UPDATE messages SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL WHERE id = $1 AND status = 'sending'`, [id, now]);
    return;
  }
  await db.query(
    `UPDATE messages SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL,
            data = data || jsonb_build_object('link', replace(data->>'link', $3, $4)),
            subject = replace(subject, $3, $4), html = replace(html, $3, $4), text = replace(text, $3, $4)
      WHERE id = $1 AND status = 'sending'`,
    [id, now, token, REDACTED_TOKEN],
  );
}

/** The clear token this module scrubs from a message (not a forwarding's: the forwarding module does those). */
export function scrubbableToken(message: Pick<ClaimedMessage, 'data'>): string | undefined {
  if (typeof message.data?.forwardingId === 'string') return undefined;
  return tokenOfLink(message.data?.link);
}

/**
 * Removes the clear token of a personal link (`data.link`, e.g. an e-mail confirmation /v/<token>)
 * from a sent or failed message and its rendering: no live token stays in the database. Messages
 * of a forwarding are left to the forwarding module's hook (it also repairs a crash in between).
 */
export async function scrubSentLink(db: Queryable, message: Pick<ClaimedMessage, 'id' | 'data'>): Promise<void> {
  const token = scrubbableToken(message);
  if (!token) return;
  await db.query(
    `UPDATE messages SET data = data || jsonb_build_object('link', replace(data->>'link', $2, $3)),
            subject = replace(subject, $2, $3), html = replace(html, $2, $3), text = replace(text, $2, $3)
      WHERE id = $1 AND status IN ('sent', 'failed')`,
    [message.id, token, REDACTED_TOKEN],
  );
}

/** What withholding does to a mail that has not left: final, the rendering and the clear link dropped. */
const WITHHOLD_SET = `status = 'withheld', locked_until = NULL, subject = NULL, html = NULL, text = NULL,
             data = CASE WHEN m.data ? 'link' THEN m.data || jsonb_build_object('link', regexp_replace(m.data->>'link', '[^/]+$', '${REDACTED_TOKEN}')) ELSE m.data END`;

/**
 * A CTE named `name` for a transition's one statement: the mails of the forwardings `forwardingIds`
 * (a sub-select) that have not left yet (queued, or waiting for a retry) never will. One being
 * handed to the transport right now goes; the worker's hook then leaves its forwarding alone.
 */
export function withholdUnsentMailCte(name: string, forwardingIds: string, reason: string, param: (value: unknown) => string): string {
  return `${name} AS (
      UPDATE messages m SET ${WITHHOLD_SET}, last_error = ${param(reason)}
       WHERE m.forwarding_id IN (${forwardingIds}) AND m.status = 'queued')`;
}

/** The worker withholds a claimed mail a module's hook says must not go (its forwarding called off). */
export async function markWithheld(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE messages m SET ${WITHHOLD_SET}, last_error = $2 WHERE m.id = $1 AND m.status = 'sending'`, [id, reason]);
}

export async function markRetry(db: Queryable, id: string, nextAttemptAt: Date, error: string): Promise<void> {
  await db.query(
    `UPDATE messages SET status = 'queued', next_attempt_at = $2, locked_until = NULL, last_error = $3, attempted_at = NULL WHERE id = $1 AND status = 'sending'`,
    [id, nextAttemptAt, error],
  );
}

/**
 * Gives up on a message: `failed`, the request flagged for an agent and a MAIL_FAILED audit event
 * (template and Message-ID only), in one transaction on the caller's handle.
 */
export async function markFailed(tx: Queryable, message: Pick<ClaimedMessage, 'id' | 'requestId' | 'template' | 'messageId'>, now: Date, error: string): Promise<void> {
  // The request before its message, in a transition's order (lockRequests).
  if (message.requestId) await tx.query(lockRequests('$1'), [message.requestId]);
  const [rows]: [unknown[], number] = await tx.query(
    `UPDATE messages SET status = 'failed', locked_until = NULL, last_error = $2 WHERE id = $1 AND status = 'sending' RETURNING id`,
    [message.id, error],
  );
  if (!rows.length || !message.requestId) return;
  await tx.query(FLAG_MAIL_FAILED_SQL, [message.requestId, now]);
  await appendAuditEvents(tx, [
    { requestId: message.requestId, actor: 'system', type: 'MAIL_FAILED', at: now, data: { template: message.template, messageId: message.messageId } },
  ]);
  await appendRequestWebhook(tx, message.requestId, 'message.failed', { template: message.template });
}

/**
 * The Message-ID of the mail a requester filed the request with, when this message goes to that
 * same address (a letter to the requester): its In-Reply-To and References. Reads the mail
 * intake's table (src/inbox owns it; read only here).
 */
export async function threadRootOf(db: Queryable, message: Pick<ClaimedMessage, 'requestId' | 'recipient'>): Promise<string | undefined> {
  if (!message.requestId) return undefined;
  const rows: { messageId: string }[] = await db.query(
    `SELECT message_id AS "messageId" FROM inbox_mails
      WHERE request_id = $1 AND kind = 'request' AND message_id IS NOT NULL AND lower(from_address) = lower($2)
      ORDER BY created_at LIMIT 1`,
    [message.requestId, message.recipient],
  );
  return rows[0]?.messageId;
}

/** Audit event: a bounce came back for one of our messages (template, Message-ID and the bounce format only). */
export const MAIL_BOUNCED = 'MAIL_BOUNCED';

/**
 * A bounce came back for the messages with these Message-IDs (ours only; each marked once):
 * `bounced_at`, the request flagged for an agent (like a failed mail), a MAIL_BOUNCED audit event
 * and the `message.failed` webhook, on the caller's transaction. Returns the messages marked, for
 * the outbox hooks (a forwarding whose mail bounced).
 */
export async function markBounced(tx: Queryable, messageIds: readonly string[], now: Date, format: string): Promise<ClaimedMessage[]> {
  if (messageIds.length === 0) return [];
  // The requests before their messages, in a transition's order (lockRequests).
  await tx.query(lockRequests(`SELECT request_id FROM messages WHERE message_id = ANY($1::text[]) AND bounced_at IS NULL`), [messageIds]);
  const [rows]: [ClaimedMessage[], number] = await tx.query(
    `UPDATE messages SET bounced_at = $2 WHERE message_id = ANY($1::text[]) AND bounced_at IS NULL RETURNING ${CLAIMED_COLUMNS}`,
    [messageIds, now],
  );
  for (const message of rows) {
    if (!message.requestId) continue;
    await tx.query(FLAG_MAIL_FAILED_SQL, [message.requestId, now]);
    await appendAuditEvents(tx, [
      { requestId: message.requestId, actor: 'system', type: MAIL_BOUNCED, at: now, data: { template: message.template, messageId: message.messageId, format } },
    ]);
    await appendRequestWebhook(tx, message.requestId, 'message.failed', { template: message.template });
  }
  return rows;
}

/** Of these Message-IDs, the ones that are ours (the outbox sent or queued them), with their request and forwarding. */
export async function ownMessages(db: Queryable, messageIds: readonly string[]): Promise<{ messageId: string; requestId: string | null; forwardingId: string | null; template: string; recipient: string }[]> {
  if (messageIds.length === 0) return [];
  return db.query(
    `SELECT message_id AS "messageId", request_id AS "requestId", forwarding_id AS "forwardingId", template, recipient
       FROM messages WHERE message_id = ANY($1::text[])`,
    [messageIds],
  );
}

/**
 * Sent or failed messages that still hold a clear token this module scrubs (a crash between the
 * send and the scrub, before markSent scrubbed in its own statement): for the repair sweep.
 */
export async function unscrubbedLinks(db: Queryable, limit = 200): Promise<Pick<ClaimedMessage, 'id' | 'data'>[]> {
  const rows: Pick<ClaimedMessage, 'id' | 'data'>[] = await db.query(
    `SELECT id, data FROM messages
      WHERE status IN ('sent', 'failed') AND forwarding_id IS NULL AND data ? 'link'
        AND data->>'link' ~ '/[cvd]/[A-Za-z0-9_-]{43}$'
      ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows.filter((m) => scrubbableToken(m) !== undefined);
}
