import { readMail, mimeDepth, UnreadableMail, MAX_MIME_DEPTH } from '../../../src/inbox/mail-reader.js';
import { autoReplySignal, bounceFormat, bouncedMessageIds, referenceIn, threadIds } from '../../../src/inbox/mail-signals.js';
import { deeplyNested, dsnBounce, exchangeNdr, newMessageId, outOfOffice, plainMail } from '../../support/mails.js';

const read = (raw: string) => readMail(Buffer.from(raw, 'utf8'));

describe('mail signals: bounce first, then automatic reply, else a person', () => {
  it('recognises an RFC 3464 DSN and finds the returned Message-ID (not its own)', async () => {
    const original = newMessageId();
    const mail = await read(dsnBounce(original));
    expect(bounceFormat(mail.facts)).toBe('dsn');
    expect(bouncedMessageIds(mail.facts)).toContain(original);
    expect(bouncedMessageIds(mail.facts)).not.toContain(mail.messageId);
    // It carries Auto-Submitted too: a caller that checked auto-replies first would drop it.
    expect(autoReplySignal(mail.facts)).toBe('auto-submitted');
  });

  it.each([
    ['postfix', 'Undelivered Mail Returned to Sender', 'MAILER-DAEMON@mx.example'],
    ['gmail-dsn', 'Delivery Status Notification (Failure)', 'mailer-daemon@googlemail.com'],
    ['exchange-ndr', 'Undeliverable: Verzoek', 'postmaster@outlook.com'],
    ['exchange-ndr', 'Onbestelbaar: Verzoek', 'postmaster@bedrijf.nl'],
    ['mailer-daemon', 'Mail delivery failed: returning message to sender', 'Mailer-Daemon@exim.example'],
  ])('recognises the non-standard bounce format %s ("%s")', async (format, subject, from) => {
    const original = newMessageId();
    const mail = await read(plainMail({ from, subject, text: `Your message could not be delivered.\n\nMessage-ID: ${original}\n` }));
    expect(bounceFormat(mail.facts)).toBe(format);
    expect(bouncedMessageIds(mail.facts)).toContain(original);
  });

  it('finds the original Message-ID in an Exchange NDR with the original headers', async () => {
    const original = newMessageId();
    const mail = await read(exchangeNdr(original));
    expect(bounceFormat(mail.facts)).toBe('exchange-ndr');
    expect(bouncedMessageIds(mail.facts)).toEqual([original]);
  });

  it('does not take a person writing "Undeliverable" from an ordinary address as a mailer daemon', async () => {
    const mail = await read(plainMail({ subject: 'Mail delivery failed?', text: 'Ik kreeg een foutmelding.' }));
    expect(bounceFormat(mail.facts)).toBeUndefined();
  });

  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, 'auto-submitted'],
    [{ 'Auto-Submitted': 'auto-generated; owner-email="x@y.z"' }, 'auto-submitted'],
    [{ 'X-Autoreply': 'yes' }, 'x-autoreply'],
    [{ 'X-Autorespond': 'Out of office' }, 'x-autorespond'],
    [{ Precedence: 'bulk' }, 'precedence'],
    [{ Precedence: 'auto_reply' }, 'precedence'],
    [{ Precedence: 'list' }, 'precedence'],
  ])('recognises the automatic reply %j', async (headers, signal) => {
    expect(autoReplySignal((await read(plainMail({ headers }))).facts)).toBe(signal);
  });

  it.each(['Afwezig: uw verzoek', 'Automatisch antwoord: Re: AVG-2026-000001', 'Out of Office: your request', 'Automatic reply: x', 'Réponse automatique : absent', 'Abwesenheitsnotiz: Ihre Anfrage', 'RE: Out of office'])(
    'recognises the out-of-office subject "%s"',
    async (subject) => {
      expect(autoReplySignal((await read(plainMail({ subject }))).facts)).toBe('subject');
    },
  );

  it('takes Auto-Submitted: no and an ordinary mail as written by a person', async () => {
    expect(autoReplySignal((await read(plainMail({ headers: { 'Auto-Submitted': 'no' } }))).facts)).toBeUndefined();
    expect(autoReplySignal((await read(outOfOffice(undefined, false))).facts)).toBe('subject');
    expect(autoReplySignal((await read(plainMail())).facts)).toBeUndefined();
  });

  it('reads the thread headers (In-Reply-To first) and a reference in the subject', async () => {
    const a = newMessageId();
    const b = newMessageId();
    const mail = await read(plainMail({ subject: 'Re: Uw verzoek avg-2026-000123', headers: { 'In-Reply-To': b, References: `${a} ${b}` } }));
    expect(threadIds(mail.facts)).toEqual([b, a]);
    expect(referenceIn(mail.subject)).toBe('AVG-2026-000123');
    expect(referenceIn('Geen kenmerk')).toBeUndefined();
  });
});

describe('readMail: within limits, never a crash', () => {
  it('reads sender, subject, text and Message-ID; a mail without one is claimed by its digest', async () => {
    const mail = await read(plainMail({ from: '"Jan Jansen" <Jan@Example.NL>' }));
    expect(mail.fromName).toBe('Jan Jansen');
    expect(mail.facts.fromAddress).toBe('jan@example.nl');
    expect(mail.facts.text).toContain('welke gegevens');
    expect(mail.claimKey).toBe(`mid:${mail.messageId}`);
    const a = await read(plainMail({ messageId: null, text: 'een' }));
    const b = await read(plainMail({ messageId: null, text: 'twee' }));
    expect(a.claimKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.claimKey).not.toBe(b.claimKey);
  });

  it('converts an HTML-only mail to text', async () => {
    const raw = plainMail({ text: '<p>Ik wil <b>inzage</b>.</p>' }).replace('text/plain', 'text/html');
    expect((await read(raw)).facts.text).toContain('Ik wil INZAGE.'.replace('INZAGE', 'inzage').slice(0, 7));
  });

  it('reads a mail in an unknown character set without failing', async () => {
    const raw = plainMail({ text: 'Inzage graag' }).replace('charset=utf-8', 'charset=x-klingon-42');
    expect((await read(raw)).facts.text).toContain('Inzage');
  });

  it('refuses a mail nested deeper than the limit, with the reason', async () => {
    expect(mimeDepth(deeplyNested(3))).toBe(3);
    await expect(read(deeplyNested(MAX_MIME_DEPTH + 5))).rejects.toThrow(UnreadableMail);
    await expect(read(deeplyNested(MAX_MIME_DEPTH + 5))).rejects.toThrow(/te diep genest/);
    await expect(read(deeplyNested(4))).resolves.toBeDefined();
  });

  it('refuses an empty file and one that is no mail', async () => {
    await expect(read('')).rejects.toThrow(/leeg/);
    await expect(read('\u0000\u0001\u0002 garbage without any header')).rejects.toThrow(UnreadableMail);
  });

  it('reads a 25 MB mail', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024, 'a').toString('base64').slice(0, 25 * 1024 * 1024).replace(/(.{76})/g, '$1\r\n');
    const raw = [
      'From: a@example.nl', 'Subject: groot', `Message-ID: ${newMessageId()}`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="x"', '',
      '--x', 'Content-Type: text/plain', '', 'Zie bijlage, ik wil inzage.', '--x', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="groot.bin"', '', big, '--x--', '',
    ].join('\r\n');
    const mail = await read(raw);
    expect(mail.facts.text).toContain('inzage');
    expect(mail.attachments).toHaveLength(1);
  });
});
