/** Without SMTP_URL every message becomes one RFC 5322 .eml file in DATA_DIR/outbox. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { startTestApp, type TestApp } from '../support/app.js';
import { file, messagesOf, waitUntil } from '../support/replies-smtp.js';

describe('without SMTP_URL: .eml files in DATA_DIR/outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '200', PROCESSOR_TONE: 'je' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes one RFC 5322 file per message, named after its Message-ID', async () => {
    const { id, reference } = await file(t);
    const dir = join(t.service.config.dataDir, 'outbox');
    await waitUntil(() => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.eml')));
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(files.filter((f) => !f.endsWith('.eml'))).toEqual([]);
    const raw = readFileSync(join(dir, files[0]));
    const mail = await simpleParser(raw);
    const [stored] = await messagesOf(t, id);
    expect(files[0]).toBe(`${stored.message_id.slice(1, -1)}.eml`);
    expect(mail.messageId).toBe(stored.message_id);
    expect(mail.subject).toBe(`Wij hebben je AVG-verzoek ontvangen (${reference})`);
    expect(mail.headers.get('content-language')).toBe('nl');
    expect(raw.toString()).toMatch(/multipart\/alternative/);
    expect(mail.text).toContain('Beste Jan Jansen,');
    expect(mail.html).toContain(reference);
    await waitUntil(async () => (await messagesOf(t, id))[0].status === 'sent');
  });
});
