/**
 * Mail transports: SMTP (nodemailer) when SMTP_URL is set, else one RFC 5322 `.eml` file per
 * message in DATA_DIR/outbox, written under a temporary name and renamed, so a reader never sees
 * half a file. The file name comes from the Message-ID: a resend replaces the same file.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { writeFileWhole } from '../common/files.js';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<uuid@host>`, stable across attempts. */
  messageId: string;
  date: Date;
  /** A letter to a requester who wrote in by e-mail: their first mail's Message-ID, so both sides see one thread. */
  inReplyTo?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'eml';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** nodemailer options: text + html make multipart/alternative; the headers the issue asks for. */
export function mailOptions(mail: OutgoingMail): SendMailOptions {
  return {
    from: { name: mail.from.name, address: mail.from.address },
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    headers: { 'Content-Language': 'nl' },
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
  };
}

/** `<0f3…@host>` → `0f3…@host.eml` (only safe characters). */
export function emlFileName(messageId: string): string {
  const core = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
  if (!core) throw new Error('A message needs a Message-ID');
  return `${core}.eml`;
}

export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(url: string) {
    this.transporter = nodemailer.createTransport(url, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      // Together within the outbox lease (outbox.ts LEASE_MS).
      socketTimeout: 20_000,
    } as never);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(mailOptions(mail));
  }

  close(): void {
    this.transporter.close();
  }
}

export class EmlTransport implements MailTransport {
  readonly kind = 'eml' as const;
  private readonly builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(readonly dir: string) {}

  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.builder.sendMail(mailOptions(mail))) as { message: Buffer };
    await mkdir(this.dir, { recursive: true });
    const name = emlFileName(mail.messageId);
    await writeFileWhole(join(this.dir, name), info.message);
  }

  close(): void {
    this.builder.close();
  }
}

export function createTransport(smtpUrl: string | undefined, dataDir: string): MailTransport {
  return smtpUrl ? new SmtpTransport(smtpUrl) : new EmlTransport(join(dataDir, 'outbox'));
}
