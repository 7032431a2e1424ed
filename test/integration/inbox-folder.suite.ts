/**
 * The folder source (the default): mails put in DATA_DIR/inbox become requests, replies are
 * threaded, bounces mark our messages, auto-replies are dropped, broken mails go to onleesbaar.
 */
import { existsSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { UiClient } from '../support/ui-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { messagesOf, waitUntil } from '../support/replies-smtp.js';
import { deeplyNested, dsnBounce, exchangeNdr, newMessageId, outOfOffice, plainMail } from '../support/mails.js';

describe('mail intake from the folder DATA_DIR/inbox', () => {
  let t: TestApp;
  let inbox: string;
  let n = 0;
  const db = () => t.service.app.get(DataSource);

  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '200' } });
    inbox = join(t.service.config.dataDir, 'inbox');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Puts a mail in the inbox as a mail server would: written under a hidden name, then renamed into place. */
  function deliver(raw: string, mtime?: Date): string {
    const name = `mail-${++n}.eml`;
    writeFileSync(join(inbox, `.${name}.tmp`), raw);
    if (mtime) utimesSync(join(inbox, `.${name}.tmp`), mtime, mtime);
    renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
    return name;
  }

  const processed = (name: string) => existsSync(join(inbox, 'verwerkt', name));
  const unreadable = (name: string) => existsSync(join(inbox, 'onleesbaar', name));
  async function requestsFrom(email: string): Promise<{ id: string; reference: string; channel: string; rights: string[]; received_at: Date; requester_name: string; message: string }[]> {
    return db().query(`SELECT id, reference, channel, rights, received_at, requester_name, message FROM requests WHERE requester_email = $1 ORDER BY created_at`, [email]);
  }
  async function timeline(id: string): Promise<{ type: string; description: string; data: Record<string, unknown> }[]> {
    const res = await t.api(`/api/v1/requests/${id}/timeline`);
    return ((await res.json()) as { items: { type: string; description: string; data: Record<string, unknown> }[] }).items;
  }

  it('creates the folders, and turns a mail into a request in triage (channel email) within 10 s, received when the mail arrived', async () => {
    expect(existsSync(join(inbox, 'verwerkt'))).toBe(true);
    expect(existsSync(join(inbox, 'onleesbaar'))).toBe(true);
    const arrived = new Date(Date.now() - 3 * 60_000);
    const name = deliver(plainMail({ from: 'Petra de Vries <petra@example.nl>', date: 'Mon, 1 Jan 2024 10:00:00 +0100' }), arrived);
    await waitUntil(() => processed(name), 10_000);
    const [request] = await requestsFrom('petra@example.nl');
    // The classifier's rights are a suggestion kept with the mail: the request has none until an agent confirms them.
    expect(request).toMatchObject({ channel: 'email', requester_name: 'Petra de Vries', rights: [] });
    const [suggested] = await db().query(`SELECT suggested_rights FROM inbox_mails WHERE request_id = $1`, [request!.id]);
    expect(suggested.suggested_rights).toEqual(['access']);
    expect(request!.message).toContain('welke gegevens');
    // The moment it arrived (the file's time), not the Date header the sender chose.
    expect(Math.abs(request!.received_at.getTime() - arrived.getTime())).toBeLessThan(1000);
    const res = await t.api(`/api/v1/requests/${request!.id}`);
    expect(((await res.json()) as { state: string }).state).toMatch(/^triage/);
    // Acknowledged like any intake, in the requester's thread: In-Reply-To and References to their mail, the reference in the subject.
    await waitUntil(async () => (await messagesOf(t, request!.id)).some((m) => m.status === 'sent'));
    const [ack] = await messagesOf(t, request!.id);
    const [first] = await db().query(`SELECT message_id FROM inbox_mails WHERE request_id = $1`, [request!.id]);
    const sent = await simpleParser(readFileSync(join(t.service.config.dataDir, 'outbox', `${ack!.message_id.slice(1, -1)}.eml`)));
    expect(sent.inReplyTo).toBe(first.message_id);
    expect(sent.references).toBe(first.message_id);
    expect(sent.subject).toContain(request!.reference);
  });

  it('takes a mail delivered twice (same Message-ID) in once', async () => {
    const raw = plainMail({ from: 'dubbel@example.nl', messageId: newMessageId() });
    const a = deliver(raw);
    const b = deliver(raw);
    await waitUntil(() => processed(a) && processed(b), 10_000);
    expect(await requestsFrom('dubbel@example.nl')).toHaveLength(1);
  });

  it('still makes a request of a mail that names no right (no rights; "Rechten vaststellen")', async () => {
    const name = deliver(plainMail({ from: 'vraag@example.nl', subject: 'Vraag', text: 'Hoe laat gaat de winkel open?' }));
    await waitUntil(() => processed(name), 10_000);
    const [request] = await requestsFrom('vraag@example.nl');
    expect(request!.rights).toEqual([]);
    const [mail] = await db().query(`SELECT suggested_rights FROM inbox_mails WHERE request_id = $1`, [request!.id]);
    expect(mail.suggested_rights).toEqual([]);
    const ui = new UiClient(t.baseUrl);
    await ui.login(t.credentials.agent.username, t.credentials.agent.password);
    const page = await (await ui.get(`/ui/requests/${request!.id}`)).text();
    expect(page).toContain('data-flag="rights-needed"');
    expect(page).toContain('Hoe laat gaat de winkel open?');
  });

  it('moves a mail it cannot read to onleesbaar, with a note saying why', async () => {
    const garbage = deliver('\u0000\u0001 dit is geen e-mail');
    const nested = deliver(deeplyNested(40));
    // The note follows the move by a moment; it appears whole (written under a temporary name, then renamed).
    await waitUntil(() => unreadable(`${garbage}.txt`) && unreadable(`${nested}.txt`), 10_000);
    expect(readFileSync(join(inbox, 'onleesbaar', `${garbage}.txt`), 'utf8')).toMatch(/Reden: Dit is geen e-mail/);
    expect(readFileSync(join(inbox, 'onleesbaar', `${nested}.txt`), 'utf8')).toMatch(/te diep genest/);
    expect(readdirSync(inbox).filter((f) => f.endsWith('.eml'))).toEqual([]);
  });

  it('drops an out-of-office reply: no request, no acknowledgement', async () => {
    const before: { n: number }[] = await db().query(`SELECT count(*)::int AS n FROM messages`);
    const name = deliver(outOfOffice().replace('petra@example.nl', 'afwezig@example.nl'));
    await waitUntil(() => processed(name), 10_000);
    expect(await requestsFrom('afwezig@example.nl')).toHaveLength(0);
    const after: { n: number }[] = await db().query(`SELECT count(*)::int AS n FROM messages`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('threads a reply to our letter onto its request (MAIL_RECEIVED), and flags another sender', async () => {
    const first = deliver(plainMail({ from: 'draad@example.nl' }));
    await waitUntil(() => processed(first), 10_000);
    const [request] = await requestsFrom('draad@example.nl');
    await waitUntil(async () => (await messagesOf(t, request!.id)).length > 0);
    const [ack] = await messagesOf(t, request!.id);
    const reply = deliver(plainMail({ from: 'draad@example.nl', subject: 'Re: Wij hebben uw AVG-verzoek ontvangen', text: 'Hierbij mijn klantnummer.', headers: { 'In-Reply-To': ack!.message_id } }));
    const other = deliver(plainMail({ from: 'iemand-anders@example.nl', subject: `Vraag over ${request!.reference}`, text: 'Ik schrijf namens mijn moeder.' }));
    await waitUntil(() => processed(reply) && processed(other), 10_000);
    expect(await requestsFrom('iemand-anders@example.nl')).toHaveLength(0);
    const entries = (await timeline(request!.id)).filter((e) => e.type === 'MAIL_RECEIVED');
    // Both were taken in at once: compare in a fixed order.
    entries.sort((a, b) => Number(b.data.fromRequester) - Number(a.data.fromRequester));
    expect(entries.map((e) => e.data.fromRequester)).toEqual([true, false]);
    expect(entries[0]!.description).toBe('E-mail van de verzoeker ontvangen.');
    expect(entries[1]!.description).toMatch(/ander adres/);
    // No content in the audit trail; the text is with the mail.
    expect(JSON.stringify(entries)).not.toContain('klantnummer');
    const mails: { kind: string; text: string; other_sender: boolean }[] = await db().query(
      `SELECT kind, text, other_sender FROM inbox_mails WHERE request_id = $1 ORDER BY kind = 'reply', other_sender`,
      [request!.id],
    );
    expect(mails.map((m) => [m.kind, m.other_sender])).toEqual([['request', false], ['reply', false], ['reply', true]]);
    expect(mails[1]!.text).toContain('klantnummer');

    // On the request page: both replies, new; the other sender flagged; "Gezien" clears "nieuw".
    const ui = new UiClient(t.baseUrl);
    await ui.login(t.credentials.agent.username, t.credentials.agent.password);
    let page = await (await ui.get(`/ui/requests/${request!.id}`)).text();
    expect(page).toContain('Hierbij mijn klantnummer.');
    expect(page).toContain('2 nieuw');
    expect(page).toContain('data-flag="other-sender"');
    expect(page).toContain('Voorgesteld op grond van de e-mail: inzage');
    const [firstReply] = await db().query(`SELECT id FROM inbox_mails WHERE request_id = $1 AND kind = 'reply' AND NOT other_sender`, [request!.id]);
    const res = await ui.post(`/ui/requests/${request!.id}/mails/${firstReply.id}/seen`, { _csrf: UiClient.csrfOf(page) });
    expect(res.status).toBe(303);
    page = await (await ui.get(`/ui/requests/${request!.id}`)).text();
    expect(page).toContain('1 nieuw');
  });

  it('marks our message bounced on a DSN or an Exchange NDR (MAIL_BOUNCED), and flags the request', async () => {
    const first = deliver(plainMail({ from: 'stuit@example.nl' }));
    await waitUntil(() => processed(first), 10_000);
    const [request] = await requestsFrom('stuit@example.nl');
    await waitUntil(async () => (await messagesOf(t, request!.id))[0]?.status === 'sent');
    const [ack] = await messagesOf(t, request!.id);
    const dsn = deliver(dsnBounce(ack!.message_id, 'stuit@example.nl'));
    await waitUntil(() => processed(dsn), 10_000);
    const again = deliver(exchangeNdr(ack!.message_id));
    await waitUntil(() => processed(again), 10_000);
    const [row] = await db().query(`SELECT bounced_at FROM messages WHERE id = $1`, [ack!.id]);
    expect(row.bounced_at).toBeInstanceOf(Date);
    const bounced = (await timeline(request!.id)).filter((e) => e.type === 'MAIL_BOUNCED');
    // Marked once, though two reports came back.
    expect(bounced).toHaveLength(1);
    expect(bounced[0]!.data).toMatchObject({ template: 'acknowledgement', format: 'dsn' });
    const res = await t.api(`/api/v1/requests/${request!.id}`);
    expect(((await res.json()) as { flags: { mailFailed: boolean } }).flags.mailFailed).toBe(true);
    // A bounce is no request.
    expect(await requestsFrom('mailer-daemon@mx.verwerker.example')).toHaveLength(0);
  });

  it('routes a mail like any intake; a bounce of the forwarding mail makes the forwarding bounced; a controller\'s reply is attached to its forwarding', async () => {
    const c = await t.api('/api/v1/controllers', {
      method: 'POST',
      json: { name: 'Bakkerij Korenbloem B.V.', country: 'NL', privacyContact: { name: 'Fatima El Amrani', email: 'privacy@korenbloem.example' }, tone: 'u' },
    });
    expect(c.status).toBe(201);
    const controller = (await c.json()) as { id: string };
    await t.api(`/api/v1/controllers/${controller.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: 'klant@example.nl' }] } });
    const first = deliver(plainMail({ from: 'Klaas Klant <klant@example.nl>', subject: 'Mijn gegevens', text: 'Verwijder al mijn gegevens.' }));
    await waitUntil(() => processed(first), 10_000);
    const [request] = await requestsFrom('klant@example.nl');
    // Routed by its identifiers at once; the rights wait for an agent (the forwarding says so).
    expect(request!.rights).toEqual([]);
    const forwardingMail = async () => (await messagesOf(t, request!.id)).find((m) => m.template === 'forwarding');
    await waitUntil(async () => (await forwardingMail())?.status === 'sent');
    const sent = (await forwardingMail())!;
    const [forwardingText] = await db().query(`SELECT text FROM messages WHERE id = $1`, [sent.id]);
    expect(forwardingText.text).toContain('hebben wij nog niet vastgesteld');
    const forwardings = async () => (await db().query(`SELECT id, state FROM forwardings WHERE request_id = $1`, [request!.id])) as { id: string; state: string }[];
    await waitUntil(async () => (await forwardings())[0]?.state === 'sent');

    const answer = deliver(plainMail({ from: 'privacy@korenbloem.example', subject: 'Re: Verzoek van een betrokkene', text: 'Wij nemen het over.', headers: { 'In-Reply-To': sent.message_id } }));
    await waitUntil(() => processed(answer), 10_000);
    const [fw] = await forwardings();
    const received = (await timeline(request!.id)).filter((e) => e.type === 'MAIL_RECEIVED');
    expect(received).toHaveLength(1);
    expect(received[0]!.data).toMatchObject({ forwardingId: fw!.id, otherSender: false });
    expect(received[0]!.description).toMatch(/besluit van de verwerkingsverantwoordelijke vast/);

    const bounce = deliver(dsnBounce(sent.message_id, 'privacy@korenbloem.example'));
    await waitUntil(() => processed(bounce), 10_000);
    await waitUntil(async () => (await forwardings())[0]?.state === 'bounced');
    const types = (await timeline(request!.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['MAIL_BOUNCED', 'FORWARDING_BOUNCED']));
  });

  it('keeps attachments encrypted for agents; destroys a possible identity document once the verification step is recorded', async () => {
    const pdf = Buffer.from('%PDF-1.4 paspoort van Anna Jansen, documentnummer XYZ123\n%%EOF');
    const note = Buffer.from('Mijn klantnummer is 4711.');
    const b = 'mixed-1';
    const raw = [
      'From: Anna Jansen <anna@example.nl>', 'To: privacy@verwerker.example', 'Subject: Inzageverzoek', `Message-ID: ${newMessageId()}`,
      'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${b}"`, '',
      `--${b}`, 'Content-Type: text/plain; charset=utf-8', '', 'Ik wil inzage. Mijn paspoort zit erbij.', '',
      `--${b}`, 'Content-Type: application/pdf; name="paspoort.pdf"', 'Content-Disposition: attachment; filename="paspoort.pdf"', 'Content-Transfer-Encoding: base64', '', pdf.toString('base64'), '',
      `--${b}`, 'Content-Type: text/plain; name="klant.txt"', 'Content-Disposition: attachment; filename="klant.txt"', 'Content-Transfer-Encoding: base64', '', note.toString('base64'), '',
      `--${b}--`, '',
    ].join('\r\n');
    const name = deliver(raw);
    await waitUntil(() => processed(name), 10_000);
    const [request] = await requestsFrom('anna@example.nl');
    const stored: { id: string; filename: string; possible_id_document: boolean; sealed: Buffer | null }[] = await db().query(
      `SELECT id, filename, possible_id_document, sealed FROM inbox_attachments WHERE request_id = $1 ORDER BY filename`,
      [request!.id],
    );
    expect(stored.map((a) => [a.filename, a.possible_id_document])).toEqual([['klant.txt', false], ['paspoort.pdf', true]]);
    // Encrypted at rest: the stored bytes do not hold the document's text.
    expect(stored[1]!.sealed!.includes(Buffer.from('documentnummer'))).toBe(false);

    const ui = new UiClient(t.baseUrl);
    await ui.login(t.credentials.agent.username, t.credentials.agent.password);
    let page = await (await ui.get(`/ui/requests/${request!.id}`)).text();
    expect(page).toContain('mogelijk identiteitsbewijs');
    const download = await ui.get(`/ui/requests/${request!.id}/attachments/${stored[1]!.id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

    // The agent records the verification step (here: straight in the table); the sweep destroys the document.
    await db().query(
      `INSERT INTO verification_steps (request_id, method, status, performed_by, decided_at, decided_by) VALUES ($1, 'callback', 'passed', 'agent:test', now(), 'agent:test')`,
      [request!.id],
    );
    await waitUntil(async () => (await timeline(request!.id)).some((e) => e.type === 'ATTACHMENT_DESTROYED'), 15_000);
    const after: { filename: string; sealed: Buffer | null; destroyed_at: Date | null }[] = await db().query(
      `SELECT filename, sealed, destroyed_at FROM inbox_attachments WHERE request_id = $1 ORDER BY filename`,
      [request!.id],
    );
    expect(after.map((a) => [a.filename, a.sealed === null, a.destroyed_at !== null])).toEqual([['klant.txt', false, false], ['paspoort.pdf', true, true]]);
    expect((await ui.get(`/ui/requests/${request!.id}/attachments/${stored[1]!.id}`)).status).toBe(404);
    page = await (await ui.get(`/ui/requests/${request!.id}`)).text();
    expect(page).toMatch(/paspoort\.pdf \([^)]*\) — vernietigd op/);
    expect((await timeline(request!.id)).find((e) => e.type === 'ATTACHMENT_DESTROYED')!.description).toMatch(/identiteitsbewijs is vernietigd/);
  });

  it('offers "Informatie ontvangen" with a reply while the request waits for the requester; one click moves it on', async () => {
    const first = deliver(plainMail({ from: 'wacht@example.nl' }));
    await waitUntil(() => processed(first), 10_000);
    const [request] = await requestsFrom('wacht@example.nl');
    const current = (await (await t.api(`/api/v1/requests/${request!.id}`)).json()) as { version: number };
    const asked = await t.api(`/api/v1/requests/${request!.id}/events`, {
      method: 'POST',
      headers: { 'if-match': `"${current.version}"` },
      json: { type: 'REQUEST_INFO', reason: 'Welk klantnummer heeft u?', forIdentification: false },
    });
    expect(asked.status).toBe(200);
    const reply = deliver(plainMail({ from: 'wacht@example.nl', subject: `Re: ${request!.reference}`, text: 'Mijn klantnummer is 12345.' }));
    await waitUntil(() => processed(reply), 10_000);
    const ui = new UiClient(t.baseUrl);
    await ui.login(t.credentials.agent.username, t.credentials.agent.password);
    const page = await (await ui.get(`/ui/requests/${request!.id}`)).text();
    const form = /<form method="post" action="\/ui\/requests\/[^"]+\/events" class="inline">[\s\S]*?name="version" value="(\d+)"[\s\S]*?data-event="INFO_RECEIVED">Informatie ontvangen/.exec(page);
    expect(form).not.toBeNull();
    const res = await ui.post(`/ui/requests/${request!.id}/events`, { _csrf: UiClient.csrfOf(page), version: form![1]!, type: 'INFO_RECEIVED' });
    expect(res.status).toBe(303);
    const after = (await (await t.api(`/api/v1/requests/${request!.id}`)).json()) as { state: string };
    expect(after.state).toBe('triage.open');
  });
});
