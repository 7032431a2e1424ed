/**
 * The intake of one mail, whatever its source (the folder DATA_DIR/inbox, or IMAP): read it, then
 * in this order
 *   1. a bounce (checked first: bounces carry Auto-Submitted too) → our message marked bounced
 *      (MAIL_BOUNCED), a forwarding whose mail bounced → `bounced` (through the forwarding's
 *      runner), the request flagged for an agent;
 *   2. an automatic reply → nothing (no request, no acknowledgement: no mail loops);
 *   3. a reply to one of our letters (In-Reply-To/References) or to the requester's first mail, or
 *      a subject with a request's reference → attached to that request (MAIL_RECEIVED);
 *   4. anything else → a new request in triage, channel email, through RequestCommands.
 * Each outcome writes the mail's claim (inbox-sql.ts) in the same transaction as its effect, so a
 * mail is taken in exactly once across nodes and restarts.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { appendAuditEvents } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { AttachmentBox } from './attachment-box.js';
import { ForwardingStore } from '../forwarding/forwarding.store.js';
import { markBounced, ownMessages } from '../replies/outbox.js';
import { RequestCommands } from '../requests/request-commands.js';
import { AlreadyClaimed, destroyVerifiedIdDocuments, discardedCount, insertAttachments, insertClaim, isClaimed, markHandled, releaseLease, takeLease, type SealedAttachment, type InboxKind, type InboxSource } from './inbox-sql.js';
import { readMail, UnreadableMail, type ReadMail } from './mail-reader.js';
import { autoReplySignal, bounceFormat, bouncedMessageIds, referenceIn, threadIds } from './mail-signals.js';
import { mailLanguage } from './mail-language.js';
import { suggestRights } from './rights-classifier.js';

/** Audit event: a mail was attached to a request (ids and flags only, no content). */
export const MAIL_RECEIVED = 'MAIL_RECEIVED';

/** A request's message holds at most 20,000 characters (createRequestSchema); the full text stays with the mail. */
const MESSAGE_MAX = 20_000;
/** The most text kept of one mail. */
const TEXT_MAX = 1_000_000;

export interface Arrival {
  /** When the mail arrived (file mtime, IMAP INTERNALDATE): the request's time of receipt. */
  receivedAt: Date;
  source: InboxSource;
}

export interface TakeOutcome {
  kind: InboxKind | 'duplicate';
  requestId?: string;
  /** The bounce format or auto-reply signal recognised. */
  signal?: string;
}

export interface RequestMail {
  id: string;
  kind: 'request' | 'reply';
  forwardingId: string | null;
  fromName: string | null;
  fromAddress: string | null;
  otherSender: boolean;
  subject: string | null;
  text: string | null;
  suggestedRights: string[];
  receivedAt: Date;
  handledAt: Date | null;
}

export interface RequestAttachment {
  id: string;
  mailId: string;
  filename: string | null;
  contentType: string;
  size: number;
  possibleIdDocument: boolean;
  destroyedAt: Date | null;
}

interface Thread {
  requestId: string;
  requesterEmail: string | null;
  forwardingId: string | null;
}

@Injectable()
export class InboxService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly commands: RequestCommands,
    private readonly forwardings: ForwardingStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.box = new AttachmentBox(config.identifierKey);
  }

  private readonly box: AttachmentBox;

  /** A mail's attachments, sealed for storage. */
  private sealed(mail: ReadMail): SealedAttachment[] {
    return mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, sealed: this.box.seal(a.content) }));
  }

  /** The attachments of a request (without their content), oldest first. */
  attachmentsOf(requestId: string): Promise<RequestAttachment[]> {
    return this.db.query(
      `SELECT id, mail_id AS "mailId", filename, content_type AS "contentType", size, possible_id_document AS "possibleIdDocument", destroyed_at AS "destroyedAt"
         FROM inbox_attachments WHERE request_id = $1 ORDER BY created_at, filename`,
      [requestId],
    );
  }

  /** One attachment's content, opened; undefined when unknown, destroyed or purged. */
  async openAttachment(requestId: string, id: string): Promise<{ filename: string; contentType: string; content: Buffer } | undefined> {
    const rows: { filename: string | null; contentType: string; sealed: Buffer | null }[] = await this.db.query(
      `SELECT filename, content_type AS "contentType", sealed FROM inbox_attachments WHERE id = $1 AND request_id = $2`,
      [id, requestId],
    );
    const row = rows[0];
    if (!row?.sealed) return undefined;
    return { filename: row.filename ?? 'bijlage', contentType: row.contentType, content: this.box.open(row.sealed) };
  }

  /** Destroys possible identity documents of requests whose verification step was recorded (ATTACHMENT_DESTROYED). */
  destroyIdDocuments(): Promise<number> {
    return destroyVerifiedIdDocuments(this.db, this.clock.now());
  }

  /** The mails of a request (the one it was filed with, replies), oldest first. */
  async mailsOf(requestId: string): Promise<RequestMail[]> {
    return this.db.query(
      `SELECT id, kind, forwarding_id AS "forwardingId", from_name AS "fromName", from_address AS "fromAddress", other_sender AS "otherSender",
              subject, text, suggested_rights AS "suggestedRights", received_at AS "receivedAt", handled_at AS "handledAt"
         FROM inbox_mails WHERE request_id = $1 AND kind IN ('request', 'reply') ORDER BY received_at, created_at`,
      [requestId],
    );
  }

  /** How many mails agents discarded as no request (only this count is kept of them). */
  discardedCount(): Promise<number> {
    return discardedCount(this.db);
  }

  /** An agent has seen a reply (it no longer shows as new). False when it was marked already or is not this request's. */
  markSeen(requestId: string, mailId: string, actor: string): Promise<boolean> {
    return markHandled(this.db, mailId, requestId, actor, this.clock.now());
  }

  /** Takes or renews this node's lease on a mail source for `ms` (see takeLease). */
  lease(source: string, holder: string, ms: number): Promise<boolean> {
    return takeLease(this.db, source, holder, this.clock.now(), ms);
  }

  releaseLease(source: string, holder: string): Promise<void> {
    return releaseLease(this.db, source, holder);
  }

  /** Takes in one raw mail. Throws UnreadableMail (with a Dutch reason) when it cannot be read. */
  async take(raw: Buffer, arrival: Arrival): Promise<TakeOutcome> {
    const mail = await readMail(raw);
    if (await isClaimed(this.db, mail.claimKey)) return { kind: 'duplicate' };
    // Never a time in the future (a file's mtime can be): the request's receipt is not after now.
    const now = this.clock.now();
    const receivedAt = arrival.receivedAt.getTime() > now.getTime() ? now : arrival.receivedAt;
    try {
      const format = bounceFormat(mail.facts);
      if (format) return await this.takeBounce(mail, format, receivedAt, arrival.source);
      const signal = autoReplySignal(mail.facts);
      if (signal) {
        await insertClaim(this.db, { claimKey: mail.claimKey, kind: 'auto-reply', source: arrival.source, receivedAt, signal });
        return { kind: 'auto-reply', signal };
      }
      if (!mail.facts.fromAddress || !/^[^@\s]+@[^@\s]+$/.test(mail.facts.fromAddress)) {
        throw new UnreadableMail('De e-mail heeft geen bruikbaar afzenderadres (From).');
      }
      const thread = await this.threadOf(mail);
      if (thread) return await this.attach(mail, thread, receivedAt, arrival.source);
      return await this.newRequest(mail, receivedAt, arrival.source);
    } catch (err) {
      if (err instanceof AlreadyClaimed) return { kind: 'duplicate' };
      throw err;
    }
  }

  private async takeBounce(mail: ReadMail, format: string, receivedAt: Date, source: InboxSource): Promise<TakeOutcome> {
    const ours = (await ownMessages(this.db, bouncedMessageIds(mail.facts))).map((m) => m.messageId);
    const marked = await this.db.transaction(async (tx) => {
      await insertClaim(tx, { claimKey: mail.claimKey, kind: ours.length ? 'bounce' : 'unmatched-bounce', source, receivedAt, signal: format });
      return markBounced(tx, ours, this.clock.now(), format);
    });
    if (!ours.length) {
      this.logger.warn({ format }, 'bounce for none of our messages; ignored');
      return { kind: 'unmatched-bounce', signal: format };
    }
    // A forwarding whose mail bounced becomes `bounced`, through its own runner (the outbox's hook).
    for (const message of marked) {
      if (typeof message.data?.forwardingId === 'string') await this.forwardings.afterFailed(message);
    }
    this.logger.info({ format, messages: marked.length }, 'bounce taken in');
    return { kind: 'bounce', requestId: marked[0]?.requestId ?? undefined, signal: format };
  }

  /** The request (and forwarding) this mail answers, by its thread headers or a reference in its subject. */
  private async threadOf(mail: ReadMail): Promise<Thread | undefined> {
    const ids = threadIds(mail.facts);
    if (ids.length) {
      const ours = (await ownMessages(this.db, ids)).filter((m) => m.requestId);
      // In the order the mail names them (In-Reply-To first).
      ours.sort((a, b) => ids.indexOf(a.messageId) - ids.indexOf(b.messageId));
      const hit = ours[0];
      if (hit) return this.threadFor(hit.requestId!, hit.forwardingId);
      const firsts: { requestId: string }[] = await this.db.query(
        `SELECT request_id AS "requestId" FROM inbox_mails WHERE message_id = ANY($1::text[]) AND request_id IS NOT NULL ORDER BY created_at LIMIT 1`,
        [ids],
      );
      if (firsts[0]) return this.threadFor(firsts[0].requestId, null);
    }
    const reference = referenceIn(mail.subject);
    if (reference) {
      const rows: { id: string }[] = await this.db.query(`SELECT id FROM requests WHERE reference = $1`, [reference]);
      if (rows[0]) return this.threadFor(rows[0].id, null);
    }
    return undefined;
  }

  private async threadFor(requestId: string, forwardingId: string | null): Promise<Thread | undefined> {
    const rows: { requesterEmail: string | null }[] = await this.db.query(
      `SELECT requester_email AS "requesterEmail" FROM requests WHERE id = $1 AND purged_at IS NULL`,
      [requestId],
    );
    return rows[0] ? { requestId, requesterEmail: rows[0].requesterEmail, forwardingId } : undefined;
  }

  /** A reply: attached to its request (and forwarding), on the timeline, for an agent to see. */
  private async attach(mail: ReadMail, thread: Thread, receivedAt: Date, source: InboxSource): Promise<TakeOutcome> {
    const from = mail.facts.fromAddress;
    const fromRequester = Boolean(thread.requesterEmail) && thread.requesterEmail!.toLowerCase() === from;
    const otherSender = !fromRequester && !thread.forwardingId;
    const attachments = this.sealed(mail);
    await this.db.transaction(async (tx) => {
      const mailId = await insertClaim(tx, {
        claimKey: mail.claimKey,
        kind: 'reply',
        source,
        receivedAt,
        requestId: thread.requestId,
        forwardingId: thread.forwardingId,
        messageId: mail.messageId ?? null,
        fromName: mail.fromName || null,
        fromAddress: from,
        otherSender,
        subject: mail.subject.slice(0, 1000),
        text: mail.facts.text.slice(0, TEXT_MAX),
      });
      await insertAttachments(tx, mailId, thread.requestId, attachments);
      await appendAuditEvents(tx, [
        {
          requestId: thread.requestId,
          actor: 'system:inbox',
          type: MAIL_RECEIVED,
          at: this.clock.now(),
          data: { mailId, fromRequester, otherSender, ...(thread.forwardingId ? { forwardingId: thread.forwardingId } : {}), attachments: mail.attachments.length },
        },
      ]);
    });
    return { kind: 'reply', requestId: thread.requestId };
  }

  /** A new request in triage, channel email, through the intake command; the claim in its transaction. */
  private async newRequest(mail: ReadMail, receivedAt: Date, source: InboxSource): Promise<TakeOutcome> {
    const text = mail.facts.text;
    const subject = mail.subject.trim();
    // Only a suggestion, kept with the mail: the request's rights are set when an agent confirms them.
    const rights = suggestRights(subject, text);
    // The requester's letters follow the language the mail is written in (else the processor's).
    const language = mailLanguage(subject, text);
    const body = {
      channel: 'email',
      receivedAt: receivedAt.toISOString(),
      requester: { name: requesterName(mail.fromName, mail.facts.fromAddress), email: mail.facts.fromAddress, ...(language ? { language } : {}) },
      rights: [],
      message: requestMessage(subject, text),
    };
    const attachments = this.sealed(mail);
    const row = await this.commands.fileFromMailbox(body, async (created, tx) => {
      const mailId = await insertClaim(tx, {
        claimKey: mail.claimKey,
        kind: 'request',
        source,
        receivedAt,
        requestId: created.id,
        messageId: mail.messageId ?? null,
        fromName: mail.fromName || null,
        fromAddress: mail.facts.fromAddress,
        subject: subject.slice(0, 1000),
        text: text.slice(0, TEXT_MAX),
        suggestedRights: rights,
      });
      await insertAttachments(tx, mailId, created.id, attachments);
    });
    return { kind: 'request', requestId: row.id };
  }
}

/** The name the mail gives, else the address's local part (a request needs a name). */
export function requesterName(fromName: string, address: string): string {
  const name = fromName.replace(/["<>]/g, '').trim();
  return (name || address.split('@')[0] || address).slice(0, 200);
}

/** The request's message: subject and text, cut to what a request holds (the full text stays with the mail). */
export function requestMessage(subject: string, text: string): string {
  const full = [subject ? `Onderwerp: ${subject}` : '', text || '(De e-mail bevat geen tekst.)'].filter(Boolean).join('\n\n');
  if (full.length <= MESSAGE_MAX) return full;
  const note = '\n\n[… ingekort; de volledige tekst staat bij de e-mail op de verzoekpagina]';
  return full.slice(0, MESSAGE_MAX - note.length) + note;
}
