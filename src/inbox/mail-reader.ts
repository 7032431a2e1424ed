/**
 * Reads one raw mail (RFC 5322) with mailparser into what the intake needs, within limits: a mail
 * too large, nested too deep, with too many parts or that the parser gives up on is "unreadable"
 * with a Dutch reason (the folder source writes it beside the file), never a crash.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { MailFacts } from './mail-signals.js';

/** The largest mail taken in (a 25 MB mail with its encoding overhead fits). */
export const MAX_MAIL_BYTES = 40 * 1024 * 1024;
/** The deepest nesting of multipart parts taken in. */
export const MAX_MIME_DEPTH = 12;
/** The most MIME parts taken in. */
export const MAX_MIME_PARTS = 500;
/** The longest text kept from the body (a request's message holds at most 20,000 characters). */
const MAX_REPORT_PART_CHARS = 200_000;

export class UnreadableMail extends Error {
  /** `reason`: Dutch, for the note beside the file. */
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface ReadMail {
  facts: MailFacts;
  /** The Message-ID as sent (`<…>`), if any. */
  messageId: string | undefined;
  /** What makes a mail taken in once: its Message-ID, or a digest of its bytes when it has none. */
  claimKey: string;
  fromName: string;
  subject: string;
  attachments: MailAttachment[];
}

/**
 * The deepest multipart nesting in the raw source, following its boundary lines: a `boundary=`
 * parameter opens a level; a `--boundary` line of an enclosing level closes the deeper ones; its
 * `--boundary--` line closes its own. Counted before parsing, so a mail over the limit is refused
 * without being parsed.
 */
export function mimeDepth(raw: string): number {
  const stack: string[] = [];
  let deepest = 0;
  for (const m of raw.matchAll(/^(?:--([^\r\n]*)|[^\r\n]*?boundary\s*=\s*(?:"([^"\r\n]+)"|([^;\s]+))[^\r\n]*)$/gim)) {
    if (m[1] !== undefined) {
      const line = m[1].trimEnd();
      const at = stack.findIndex((b) => line === b || line === `${b}--`);
      if (at >= 0) stack.length = line.endsWith('--') && line === `${stack[at]}--` ? at : at + 1;
      continue;
    }
    const boundary = (m[2] ?? m[3])!.trim();
    stack.push(boundary);
    deepest = Math.max(deepest, stack.length);
  }
  return deepest;
}

function headerMap(parsed: ParsedMail): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, line } of parsed.headerLines ?? []) {
    if (!/^[!-9;-~]+$/.test(key) || map.has(key.toLowerCase())) continue;
    const colon = line.indexOf(':');
    map.set(key.toLowerCase(), line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return map;
}

/** A mail has at least one of these; a file with none is no mail. */
const KNOWN_HEADERS = ['from', 'to', 'subject', 'date', 'message-id', 'received', 'return-path', 'sender'];

const REPORT_TYPES = /^(message\/(delivery-status|global-delivery-status|rfc822|global|global-headers|rfc822-headers)|text\/rfc822-headers)$/i;

/** Parses a raw mail; throws UnreadableMail with a Dutch reason when it cannot or may not be read. */
export async function readMail(raw: Buffer): Promise<ReadMail> {
  if (raw.length === 0) throw new UnreadableMail('Het bestand is leeg.');
  if (raw.length > MAX_MAIL_BYTES) {
    throw new UnreadableMail(`De e-mail is te groot (${Math.round(raw.length / 1024 / 1024)} MB; de grens is ${MAX_MAIL_BYTES / 1024 / 1024} MB).`);
  }
  const latin = raw.toString('latin1');
  const depth = mimeDepth(latin);
  if (depth > MAX_MIME_DEPTH) throw new UnreadableMail(`De e-mail is te diep genest (${depth} lagen; de grens is ${MAX_MIME_DEPTH}).`);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, {
      keepDeliveryStatus: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
      maxHtmlLengthToParse: 5_000_000,
      maxChildNodes: MAX_MIME_PARTS,
      checksumAlgo: false,
    });
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 200) : 'onbekende fout';
    throw new UnreadableMail(`De e-mail kon niet worden gelezen (${detail}).`);
  }
  const headers = headerMap(parsed);
  if (!KNOWN_HEADERS.some((h) => headers.has(h))) throw new UnreadableMail('Dit is geen e-mail: er staan geen kopregels (headers) in.');
  const from = parsed.from?.value?.[0];
  const messageId = /^<[^<>\s]+>$/.test(parsed.messageId ?? '') ? parsed.messageId : undefined;
  const attachments: MailAttachment[] = [];
  const reportParts: string[] = [];
  for (const a of parsed.attachments ?? []) {
    if (REPORT_TYPES.test(a.contentType)) reportParts.push(a.content.toString('utf8', 0, Math.min(a.content.length, MAX_REPORT_PART_CHARS)));
    else attachments.push({ filename: a.filename ?? 'bijlage', contentType: a.contentType, size: a.size ?? a.content.length, content: a.content });
  }
  const text = (parsed.text ?? '').replace(/\r\n/g, '\n').trim();
  return {
    facts: {
      headers,
      contentType: headers.get('content-type') ?? 'text/plain',
      subject: parsed.subject ?? '',
      fromAddress: (from?.address ?? '').toLowerCase(),
      text,
      reportParts,
      rawHead: latin.slice(0, 256 * 1024),
    },
    messageId,
    claimKey: messageId ? `mid:${messageId}` : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    fromName: (from?.name ?? '').trim(),
    subject: parsed.subject ?? '',
    attachments,
  };
}
