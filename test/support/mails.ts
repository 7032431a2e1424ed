/** Raw test mails (RFC 5322, CRLF) for the mail intake: plain, replies, bounces, auto-replies, broken ones. */
import { randomUUID } from 'node:crypto';

export interface PlainMail {
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  messageId?: string | null;
  headers?: Record<string, string>;
  date?: string;
}

export function newMessageId(): string {
  return `<${randomUUID()}@mail.example.net>`;
}

export function plainMail(m: PlainMail = {}): string {
  const lines = [
    `From: ${m.from ?? 'Petra de Vries <petra@example.nl>'}`,
    `To: ${m.to ?? 'privacy@verwerker.example'}`,
    `Subject: ${m.subject ?? 'Inzage in mijn gegevens'}`,
    `Date: ${m.date ?? 'Mon, 1 Jan 2024 10:00:00 +0100'}`,
    ...(m.messageId === null ? [] : [`Message-ID: ${m.messageId ?? newMessageId()}`]),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    '',
    m.text ?? 'Beste heer, mevrouw,\n\nIk wil graag weten welke gegevens u van mij verwerkt. Graag een kopie.\n\nMet vriendelijke groet,\nPetra de Vries',
  ];
  return lines.join('\r\n').replace(/(?<!\r)\n/g, '\r\n') + '\r\n';
}

/** An RFC 3464 delivery status notification returning the message with `originalId`. */
export function dsnBounce(originalId: string, recipient = 'oud@controller.example'): string {
  const b = 'dsn-boundary-1';
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.verwerker.example>',
    'To: privacy@verwerker.example',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: ${newMessageId()}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.verwerker.example. Your message could not be delivered.',
    '',
    `--${b}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.verwerker.example',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    '',
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    'From: Verwerker <privacy@verwerker.example>',
    `To: ${recipient}`,
    'Subject: Verzoek van een betrokkene',
    `Message-ID: ${originalId}`,
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
}

/** An Exchange-style non-delivery report: plain text, the original headers quoted in the body. */
export function exchangeNdr(originalId: string): string {
  return plainMail({
    from: 'Microsoft Outlook <postmaster@controller.example>',
    subject: 'Undeliverable: Verzoek van een betrokkene',
    messageId: newMessageId(),
    text: [
      'Delivery has failed to these recipients or groups:',
      '',
      'privacy@controller.example',
      "The email address you entered couldn't be found.",
      '',
      'Original message headers:',
      '',
      'From: Verwerker <privacy@verwerker.example>',
      `Message-ID: ${originalId}`,
      'Subject: Verzoek van een betrokkene',
    ].join('\n'),
  });
}

/** An out-of-office reply (Auto-Submitted and a Dutch subject). */
export function outOfOffice(inReplyTo?: string, withHeader = true): string {
  return plainMail({
    from: 'Petra de Vries <petra@example.nl>',
    subject: 'Automatisch antwoord: Wij hebben uw AVG-verzoek ontvangen',
    text: 'Ik ben afwezig tot en met 12 januari. Ik wil niet dat u mijn gegevens verwijdert zonder overleg.',
    headers: { ...(withHeader ? { 'Auto-Submitted': 'auto-replied' } : {}), ...(inReplyTo ? { 'In-Reply-To': inReplyTo } : {}) },
  });
}

/** A mail with `depth` nested multiparts. */
export function deeplyNested(depth: number): string {
  const head = [`From: a@example.nl`, 'Subject: genest', `Message-ID: ${newMessageId()}`, 'MIME-Version: 1.0'];
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < depth; i++) {
    open.push(`Content-Type: multipart/mixed; boundary="b${i}"`, '', `--b${i}`);
    close.unshift(`--b${i}--`);
  }
  return [...head, ...open, 'Content-Type: text/plain', '', 'tekst', ...close, ''].join('\r\n');
}
