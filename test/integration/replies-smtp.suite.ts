/** Real SMTP delivery by the running outbox worker: a request filed over HTTP is acknowledged in Dutch. */
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestSmtp, file, messagesOf, waitUntil, type TestSmtp } from '../support/replies-smtp.js';

describe('delivery over SMTP (worker running)', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await createTestSmtp();
    await smtp.start();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200', PROCESSOR_NAME: 'Voorbeeld Software B.V.' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('a request filed over HTTP produces a Dutch acknowledgement at the SMTP server within seconds', async () => {
    const started = Date.now();
    const { id, reference } = await file(t, requestBody({ requester: { name: 'Jan Jansen', email: 'jan.jansen@example.nl' } }));
    const [mail] = await smtp.waitFor(1, 8000);
    expect(Date.now() - started).toBeLessThan(8000);
    const p = mail.parsed;
    const [stored] = await messagesOf(t, id);

    expect(mail.envelopeTo).toEqual(['jan.jansen@example.nl']);
    expect(p.from?.value).toEqual([{ name: 'Voorbeeld Software B.V.', address: 'privacy@voorbeeld-software.example' }]);
    expect(p.to && !Array.isArray(p.to) ? p.to.value[0].address : undefined).toBe('jan.jansen@example.nl');
    expect(p.subject).toBe(`Wij hebben uw AVG-verzoek ontvangen (${reference})`);
    expect(p.messageId).toBe(stored.message_id);
    expect(p.date).toBeInstanceOf(Date);
    expect(p.headers.get('content-language')).toBe('nl');
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(p.text).toContain(reference);
    expect(p.text).toContain('Geachte Jan Jansen,');
    expect(p.text).toContain('WAT ER NU GEBEURT');
    expect(p.text).toMatch(/uiterlijk op (maandag|dinsdag|woensdag|donderdag|vrijdag) \d{1,2} [a-z]+ 20\d\d/);
    expect(p.html).toContain(`<strong>${reference}</strong>`);
    expect(p.html).toContain('<html lang="nl">');

    await waitUntil(async () => (await messagesOf(t, id))[0].status === 'sent');
    const [sent] = await messagesOf(t, id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, subject: p.subject });
  });

  it('escapes a hostile requester name in the HTML part', async () => {
    const before = smtp.received.length;
    await file(t, requestBody({ requester: { name: '<script>alert(1)</script>', email: 'x@example.nl' } }));
    const mails = await smtp.waitFor(before + 1);
    const mail = mails[mails.length - 1].parsed;
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.text).toContain('<script>alert(1)</script>');
  });
});

