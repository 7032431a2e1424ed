/**
 * The IMAP source against a real Dovecot (started by the test with a throwaway configuration):
 * mails appended to INBOX become requests and are moved to the done folder; a reply threads, an
 * out-of-office reply and a bounce make no request, a malformed mail goes to Onleesbaar with a note beside it saying why, a message
 * delivered twice is taken in once, and two nodes reading the mailbox take each message in once.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, needsRealPostgres, type TestDatabase } from '../support/db.js';
import { DOVECOT_BIN, startDovecot, type TestDovecot } from '../support/dovecot.js';
import { messagesOf, waitUntil } from '../support/replies-smtp.js';
import { dsnBounce, newMessageId, outOfOffice, plainMail } from '../support/mails.js';

const run = DOVECOT_BIN ? describe : describe.skip;
if (!DOVECOT_BIN) console.warn('inbox-imap: skipped, dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)');

async function imap(server: TestDovecot): Promise<ImapFlow> {
  const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false });
  await client.connect();
  return client;
}

async function count(client: ImapFlow, folder: string): Promise<number> {
  const status = await client.status(folder, { messages: true }).catch(() => false as const);
  return (status && status.messages) || 0;
}

run('mail intake from IMAP (a real Dovecot)', () => {
  let server: TestDovecot;
  let t: TestApp;
  let client: ImapFlow;
  const db = () => t.service.app.get(DataSource);
  const requestsFrom = (email: string): Promise<{ id: string; reference: string; channel: string; received_at: Date }[]> =>
    db().query(`SELECT id, reference, channel, received_at FROM requests WHERE requester_email = $1`, [email]);

  beforeAll(async () => {
    server = await startDovecot();
    t = await startTestApp({ env: { IMAP_URL: server.url, INBOX_POLL_MS: '300', OUTBOX_POLL_MS: '200' } });
    client = await imap(server);
  }, 60_000);
  afterAll(async () => {
    await client?.logout().catch(() => undefined);
    await t?.close();
    await server?.stop();
  });

  it('turns a new mail into a request (received at INTERNALDATE) and moves it to Verwerkt', async () => {
    const arrived = new Date(Date.now() - 10 * 60_000);
    await client.append('INBOX', plainMail({ from: 'Imke <imke@example.nl>' }), [], arrived);
    await waitUntil(async () => (await requestsFrom('imke@example.nl')).length === 1, 10_000);
    const [request] = await requestsFrom('imke@example.nl');
    expect(request!.channel).toBe('email');
    expect(Math.abs(request!.received_at.getTime() - arrived.getTime())).toBeLessThan(1000);
    await waitUntil(async () => (await count(client, 'INBOX')) === 0, 10_000);
    expect(await count(client, 'Verwerkt')).toBe(1);
  });

  it('threads a reply, drops an out-of-office reply, marks a bounce, refuses a malformed mail, takes a duplicate once', async () => {
    await client.append('INBOX', plainMail({ from: 'ruud@example.nl' }));
    await waitUntil(async () => (await requestsFrom('ruud@example.nl')).length === 1, 10_000);
    const [request] = await requestsFrom('ruud@example.nl');
    await waitUntil(async () => (await messagesOf(t, request!.id))[0]?.status === 'sent');
    const [ack] = await messagesOf(t, request!.id);
    const duplicateId = newMessageId();
    const before = await count(client, 'Verwerkt');
    await client.append('INBOX', plainMail({ from: 'ruud@example.nl', subject: 'Re: uw verzoek', text: 'Aanvulling.', headers: { 'In-Reply-To': ack!.message_id } }));
    await client.append('INBOX', outOfOffice(ack!.message_id).replace(/petra@example.nl/g, 'ruud@example.nl'));
    await client.append('INBOX', dsnBounce(ack!.message_id, 'ruud@example.nl'));
    await client.append('INBOX', 'Dit is geen e-mail\r\n');
    await client.append('INBOX', plainMail({ from: 'dubbel-imap@example.nl', messageId: duplicateId }));
    await client.append('INBOX', plainMail({ from: 'dubbel-imap@example.nl', messageId: duplicateId }));
    await waitUntil(async () => (await count(client, 'INBOX')) === 0, 15_000);
    expect(await count(client, 'Verwerkt')).toBe(before + 5);
    // The unreadable message and, beside it, a note saying why (in Dutch), naming the original.
    expect(await count(client, 'Onleesbaar')).toBe(2);
    const lock = await client.getMailboxLock('Onleesbaar');
    const sources: string[] = [];
    try {
      for await (const m of client.fetch('1:*', { source: true })) sources.push(m.source!.toString('utf8'));
    } finally {
      lock.release();
    }
    expect(sources.filter((s) => s.startsWith('Dit is geen e-mail'))).toHaveLength(1);
    const notes = (await Promise.all(sources.map((s) => simpleParser(s)))).filter((m) => m.subject?.startsWith('Niet verwerkt:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(notes[0]!.text).toContain('Reden: Dit is geen e-mail');
    expect(notes[0]!.text).toContain('Nieuw verzoek');
    expect(await requestsFrom('ruud@example.nl')).toHaveLength(1);
    expect(await requestsFrom('dubbel-imap@example.nl')).toHaveLength(1);
    const types: string[] = (await db().query(`SELECT type FROM audit_events WHERE request_id = $1`, [request!.id])).map((r: { type: string }) => r.type);
    expect(types.filter((x) => x === 'MAIL_RECEIVED')).toHaveLength(1);
    expect(types.filter((x) => x === 'MAIL_BOUNCED')).toHaveLength(1);
    // No acknowledgement of the out-of-office reply: still the one letter.
    expect((await messagesOf(t, request!.id)).map((m) => m.template)).toEqual(['acknowledgement']);
  });
});

const runTwo = DOVECOT_BIN && needsRealPostgres('two app instances sharing one database') ? describe : describe.skip;

runTwo('two nodes reading one IMAP mailbox', () => {
  let server: TestDovecot;
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    server = await startDovecot();
    database = await createTestDatabase();
    const env = { IMAP_URL: server.url, INBOX_POLL_MS: '200', OUTBOX_WORKER: 'false' };
    a = await startTestApp({ database, env });
    b = await startTestApp({ database, env });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
    await server?.stop();
  });

  it('takes each of 20 messages in exactly once', async () => {
    const client = await imap(server);
    for (let i = 0; i < 20; i++) await client.append('INBOX', plainMail({ from: `imap-twee-${i}@example.nl` }));
    await waitUntil(async () => (await count(client, 'INBOX')) === 0, 20_000);
    expect(await count(client, 'Verwerkt')).toBe(20);
    await client.logout();
    const [row]: { n: number; d: number }[] = await a.service.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n, count(DISTINCT requester_email)::int AS d FROM requests WHERE requester_email LIKE 'imap-twee-%'`);
    expect(row).toEqual({ n: 20, d: 20 });
  });
});
