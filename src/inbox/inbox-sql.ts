/**
 * Every write of the inbox tables (this module owns `inbox_mails` and `inbox_counters`), and the
 * purge fragment retention composes. A claim is inserted with ON CONFLICT DO NOTHING: no row back
 * means another node (or an earlier run) took the mail in already.
 */
import { auditInsert } from '../audit/audit.js';
import type { Right } from '../vocabulary/vocabulary.js';

type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

export type InboxKind = 'request' | 'reply' | 'bounce' | 'auto-reply' | 'unmatched-bounce';
export type InboxSource = 'folder' | 'imap';

export interface InboxClaim {
  claimKey: string;
  kind: InboxKind;
  source: InboxSource;
  receivedAt: Date;
  requestId?: string | null;
  forwardingId?: string | null;
  messageId?: string | null;
  fromName?: string | null;
  fromAddress?: string | null;
  otherSender?: boolean;
  subject?: string | null;
  text?: string | null;
  suggestedRights?: readonly Right[];
  /** The bounce format or auto-reply signal recognised. */
  signal?: string | null;
}

/** Thrown inside a transaction when the claim was taken already: rolls back what the transaction wrote. */
export class AlreadyClaimed extends Error {
  constructor() {
    super('mail taken in already');
  }
}

/** Inserts the claim; throws AlreadyClaimed when another run has it. Returns the row's id. */
export async function insertClaim(tx: Queryable, c: InboxClaim): Promise<string> {
  const rows: { id: string }[] = await tx.query(
    `INSERT INTO inbox_mails (claim_key, kind, source, received_at, request_id, forwarding_id, message_id,
                              from_name, from_address, other_sender, subject, text, suggested_rights, signal)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[], $14)
     ON CONFLICT (claim_key) DO NOTHING RETURNING id`,
    [
      c.claimKey, c.kind, c.source, c.receivedAt, c.requestId ?? null, c.forwardingId ?? null, c.messageId ?? null,
      c.fromName ?? null, c.fromAddress ?? null, c.otherSender ?? false, c.subject ?? null, c.text ?? null,
      [...(c.suggestedRights ?? [])], c.signal ?? null,
    ],
  );
  if (!rows.length) throw new AlreadyClaimed();
  return rows[0]!.id;
}

/** Whether a mail with this claim was taken in already (a cheap check before parsing further). */
export async function isClaimed(db: Queryable, claimKey: string): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM inbox_mails WHERE claim_key = $1`, [claimKey]);
  return rows.length > 0;
}

/** An agent has seen a mail attached to a request (and acted on it). */
export async function markHandled(db: Queryable, mailId: string, requestId: string, actor: string, now: Date): Promise<boolean> {
  const [rows]: [unknown[], number] = await db.query(
    `UPDATE inbox_mails SET handled_at = $3, handled_by = $4 WHERE id = $1 AND request_id = $2 AND handled_at IS NULL RETURNING id`,
    [mailId, requestId, now, actor],
  );
  return rows.length > 0;
}

/**
 * Takes or renews the lease on a mail source (one node at a time reads an IMAP mailbox: two
 * sessions moving the same message would each copy it). True when `holder` has it until now + ms.
 */
export async function takeLease(db: Queryable, source: string, holder: string, now: Date, ms: number): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `INSERT INTO inbox_leases (source, holder, until) VALUES ($1, $2, $3::timestamptz + make_interval(secs => $4::double precision / 1000))
     ON CONFLICT (source) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
      WHERE inbox_leases.holder = EXCLUDED.holder OR inbox_leases.until < $3
     RETURNING 1`,
    [source, holder, now, ms],
  );
  return rows.length > 0;
}

/** Gives the lease up (on shutdown): another node takes over at once. */
export async function releaseLease(db: Queryable, source: string, holder: string): Promise<void> {
  await db.query(`DELETE FROM inbox_leases WHERE source = $1 AND holder = $2`, [source, holder]);
}

/** The counter of mails discarded by agents as no request (only the count is kept). */
export const DISCARDED_COUNTER = 'discarded';

/** One more mail discarded by an agent as no request (nothing of it is kept: only the count). */
export function countDiscardedStatement(): string {
  return `INSERT INTO inbox_counters (name, value) VALUES ('${DISCARDED_COUNTER}', 1)
     ON CONFLICT (name) DO UPDATE SET value = inbox_counters.value + 1`;
}

/** How many mails agents discarded as no request. */
export async function discardedCount(db: Queryable): Promise<number> {
  const rows: { value: string }[] = await db.query(`SELECT value FROM inbox_counters WHERE name = '${DISCARDED_COUNTER}'`);
  return Number(rows[0]?.value ?? 0);
}

export interface SealedAttachment {
  filename: string;
  contentType: string;
  size: number;
  sealed: Buffer;
}

/** Audit event: a possible identity document was destroyed once the verification step was recorded. */
export const ATTACHMENT_DESTROYED = 'ATTACHMENT_DESTROYED';

/**
 * Stores a mail's attachments (sealed). An image or PDF on a request whose identity is not yet
 * established (no verification step passed) is marked as a possible identity document.
 */
export async function insertAttachments(tx: Queryable, mailId: string, requestId: string, items: readonly SealedAttachment[]): Promise<void> {
  for (const a of items) {
    await tx.query(
      `INSERT INTO inbox_attachments (mail_id, request_id, filename, content_type, size, sealed, possible_id_document)
       VALUES ($1, $2, $3, $4, $5, $6,
               ($4 ~* '^(image/|application/pdf)') AND NOT EXISTS (SELECT 1 FROM verification_steps s WHERE s.request_id = $2 AND s.status = 'passed'))`,
      [mailId, requestId, a.filename.slice(0, 255), a.contentType.slice(0, 200), a.size, a.sealed],
    );
  }
}

/**
 * Destroys the possible identity documents of requests whose verification step was recorded
 * (passed or failed): the sealed bytes dropped, `destroyed_at` set, an ATTACHMENT_DESTROYED audit
 * event per attachment. Returns how many.
 */
export async function destroyVerifiedIdDocuments(db: Queryable, now: Date): Promise<number> {
  const rows: unknown[] = await db.query(
    `WITH d AS (
       UPDATE inbox_attachments a SET sealed = NULL, destroyed_at = $1
        WHERE a.possible_id_document AND a.destroyed_at IS NULL
          AND EXISTS (SELECT 1 FROM verification_steps s WHERE s.request_id = a.request_id AND s.status IN ('passed', 'failed'))
       RETURNING a.id, a.request_id, a.content_type)
     ${auditInsert(`SELECT request_id, $1, 'system:inbox', '${ATTACHMENT_DESTROYED}', jsonb_build_object('attachmentId', id, 'contentType', content_type) FROM d RETURNING 1`)}`,
    [now],
  );
  return rows.length;
}

/** Retention: the attachments of the requests in CTE `batch` deleted. A CTE body returning 1 per attachment. */
export function purgeInboxAttachments(batch: string): string {
  return `DELETE FROM inbox_attachments a USING ${batch} b WHERE a.request_id = b.id RETURNING 1`;
}

/**
 * Retention: the mails of the requests in CTE `batch` (returning id) lose sender, subject and
 * text. A CTE body returning 1 per mail.
 */
export function purgeInboxMails(batch: string, purged: string): string {
  return `UPDATE inbox_mails i SET from_name = NULL, from_address = '${purged}', subject = NULL, text = NULL, suggested_rights = '{}'
           FROM ${batch} b WHERE i.request_id = b.id
         RETURNING 1`;
}
