/**
 * The IMAP source (IMAP_URL, e.g. imaps://user:password@host:993/INBOX): reads the mailbox with
 * imapflow, takes every message in (InboxService) and moves it to IMAP_DONE_FOLDER (default
 * `Verwerkt`); a message that cannot be read goes to the folder `Onleesbaar` with a short note
 * beside it saying why (in Dutch; a message of its own, threaded to the original by its Message-ID). New mail is noticed through IDLE (the server's EXISTS), with a scan every INBOX_POLL_MS as
 * the fallback; a lost connection is opened again on the next scan. Two nodes on one mailbox: one
 * reads it at a time (a lease in the database, renewed each scan; the other takes over when it
 * runs out), because two IMAP sessions moving the same message would each copy it; the claim
 * still takes each message in once should a lease run out mid-scan.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Logger } from 'pino';
import { describeError } from '../common/error-text.js';
import { PollLoop } from '../jobs/poll-loop.js';
import { permanentReason, unreadableText, type FolderTaker } from './folder-source.js';

export const UNREADABLE_FOLDER = 'Onleesbaar';

/** What the IMAP server tells of an unreadable message (its envelope), to name it in the note. */
export interface UnreadableOriginal {
  subject?: string;
  messageId?: string;
  from?: string;
}

/**
 * The note put beside an unreadable message in `Onleesbaar`: a small Dutch mail naming the
 * original (subject, sender, Message-ID; In-Reply-To so that mail programs show them together),
 * the reason and what to do (the same text as the folder source's `.txt`). Marked Auto-Submitted:
 * were it ever moved back to the inbox, it would be dropped as an automatic message.
 */
export async function unreadableImapNote(original: UnreadableOriginal, reason: string, at: Date): Promise<Buffer> {
  const subject = original.subject?.trim() || '(zonder onderwerp)';
  const which = `De e-mail "${subject}"${original.from ? ` van ${original.from}` : ''} ${original.messageId ? `(Message-ID ${original.messageId})` : '(zonder Message-ID)'}`;
  const text = unreadableText(which, reason, at);
  return new MailComposer({
    from: 'Verzoekrouter <verzoekrouter@localhost>',
    subject: `Niet verwerkt: ${subject}`,
    date: at,
    text,
    ...(original.messageId ? { inReplyTo: original.messageId, references: [original.messageId] } : {}),
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
    .compile()
    .build();
}

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/** imaps://user:password@host:993/INBOX → the connection settings (user and password URL-decoded). */
export function imapSettings(url: string): ImapSettings {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  const mailbox = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    mailbox,
  };
}

/** What the IMAP source needs of the intake: taking a mail in, and the lease on the mailbox. */
export interface ImapTaker extends FolderTaker {
  lease(source: string, holder: string, ms: number): Promise<boolean>;
  releaseLease(source: string, holder: string): Promise<void>;
}

export interface ImapRound {
  taken: number;
  unreadable: number;
  waiting: number;
}

export class ImapSource {
  private readonly loop: PollLoop<ImapRound>;
  private client?: ImapFlow;
  private readonly settings: ImapSettings;
  /** This node, for the lease on the mailbox. */
  private readonly holder = randomUUID();
  private readonly leaseMs: number;
  private readonly leaseKey: string;

  constructor(
    url: string,
    private readonly doneFolder: string,
    private readonly taker: ImapTaker,
    private readonly logger: Logger,
    pollMs: number,
    /** The TLS options (tests: a self-signed certificate). */
    private readonly tls: { rejectUnauthorized?: boolean } = {},
  ) {
    this.settings = imapSettings(url);
    this.leaseMs = Math.max(30_000, pollMs * 5);
    this.leaseKey = `imap:${this.settings.user}@${this.settings.host}:${this.settings.port}/${this.settings.mailbox}`;
    this.loop = new PollLoop({ name: 'inbox-imap', intervalMs: pollMs, logger, round: () => this.round(), busy: () => false });
  }

  start(): void {
    this.loop.start();
  }

  runOnce(): Promise<ImapRound> {
    return this.loop.runOnce();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    const client = this.client;
    this.client = undefined;
    if (client) await client.logout().catch(() => client.close());
    await this.taker.releaseLease(this.leaseKey, this.holder).catch(() => undefined);
  }

  /** An open connection with the mailbox selected; a new one after a lost connection. */
  private async connection(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.client?.close();
    const s = this.settings;
    const client = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: { user: s.user, pass: s.password },
      logger: false,
      tls: this.tls,
      // IDLE starts soon after each scan: the server's EXISTS brings the next mail at once.
      autoIdleDelay: 1000,
    });
    client.on('error', (err: unknown) => this.logger.warn({ err: describeError(err) }, 'IMAP connection error; reconnecting on the next scan'));
    client.on('exists', () => {
      if (!this.loop.stopped) void this.loop.runOnce().catch(() => undefined);
    });
    await client.connect();
    for (const folder of [this.doneFolder, UNREADABLE_FOLDER]) {
      await client.mailboxCreate(folder).catch(() => undefined); // exists already
    }
    await client.mailboxOpen(s.mailbox);
    this.client = client;
    this.logger.info({ host: s.host, mailbox: s.mailbox }, 'IMAP mailbox opened');
    return client;
  }

  private async round(): Promise<ImapRound> {
    const result: ImapRound = { taken: 0, unreadable: 0, waiting: 0 };
    if (this.loop.stopped) return result;
    // Another node reads the mailbox now: this one stands by (and takes over when that lease runs out).
    if (!(await this.taker.lease(this.leaseKey, this.holder, this.leaseMs))) return result;
    const client = await this.connection();
    const uids = (await client.search({ all: true }, { uid: true })) || [];
    for (const uid of uids) {
      if (this.loop.stopped) break;
      const message = await client.fetchOne(String(uid), { source: true, internalDate: true, envelope: true }, { uid: true });
      if (!message || !message.source) continue; // moved by another node meanwhile
      const arrived = message.internalDate instanceof Date ? message.internalDate : new Date(message.internalDate ?? Date.now());
      try {
        const outcome = await this.taker.take(message.source, { receivedAt: arrived, source: 'imap' });
        await client.messageMove(String(uid), this.doneFolder, { uid: true });
        this.logger.info({ kind: outcome.kind, signal: outcome.signal, requestId: outcome.requestId }, 'inbox mail taken in');
        result.taken += 1;
      } catch (err) {
        const reason = permanentReason(err);
        if (reason === undefined) {
          this.logger.warn({ err: describeError(err) }, 'IMAP message not taken in yet; retrying on the next scan');
          result.waiting += 1;
          continue;
        }
        await client.messageMove(String(uid), UNREADABLE_FOLDER, { uid: true });
        const envelope = message.envelope;
        const original = { subject: envelope?.subject, messageId: envelope?.messageId, from: envelope?.from?.[0]?.address };
        await client
          .append(UNREADABLE_FOLDER, await unreadableImapNote(original, reason, new Date()))
          .catch((err: unknown) => this.logger.warn({ err: describeError(err) }, 'note beside an unreadable IMAP message not written'));
        this.logger.warn({ reason }, `IMAP message unreadable; moved to ${UNREADABLE_FOLDER}`);
        result.unreadable += 1;
      }
    }
    return result;
  }
}
