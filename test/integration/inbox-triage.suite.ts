/**
 * An agent's triage of a request taken in from the mailbox: the classifier's rights are a
 * suggestion the agent confirms (or changes) in one click; a mail that is no request (spam, a
 * newsletter) is discarded: closed, its personal data, mail and attachments purged at once, only a
 * count kept (on the dashboard). The acknowledgement before confirmation names no rights.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { UiClient } from '../support/ui-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { messagesOf, waitUntil } from '../support/replies-smtp.js';
import { newMessageId, plainMail } from '../support/mails.js';

describe('triage of a mail request: confirming the suggested rights, discarding a mail that is no request', () => {
  let t: TestApp;
  let inbox: string;
  let ui: UiClient;
  let n = 0;
  const db = () => t.service.app.get(DataSource);

  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '200' } });
    inbox = join(t.service.config.dataDir, 'inbox');
    ui = new UiClient(t.baseUrl);
    await ui.login(t.credentials.agent.username, t.credentials.agent.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function requestFrom(raw: string, email: string): Promise<{ id: string; version: number; rights: string[] }> {
    const name = `triage-${++n}.eml`;
    writeFileSync(join(inbox, `.${name}.tmp`), raw);
    renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
    await waitUntil(() => existsSync(join(inbox, 'verwerkt', name)), 10_000);
    const [row] = await db().query(`SELECT id, version, rights FROM requests WHERE requester_email = $1`, [email]);
    return row;
  }
  const version = (page: string) => /name="version" value="(\d+)"/.exec(page)![1]!;
  async function timeline(id: string): Promise<{ type: string; description: string; data: Record<string, unknown> }[]> {
    const res = await t.api(`/api/v1/requests/${id}/timeline`);
    return ((await res.json()) as { items: { type: string; description: string; data: Record<string, unknown> }[] }).items;
  }
  async function discarded(): Promise<number> {
    const rows: { value: string }[] = await db().query(`SELECT value FROM inbox_counters WHERE name = 'discarded'`);
    return Number(rows[0]?.value ?? 0);
  }

  it('shows the suggested rights with "Rechten bevestigen"; the request gets them only then, with a timeline entry', async () => {
    const request = await requestFrom(plainMail({ from: 'Bram <bram@example.nl>', subject: 'Verwijder mijn gegevens', text: 'Wis alles wat u van mij hebt.' }), 'bram@example.nl');
    expect(request.rights).toEqual([]);
    // The acknowledgement goes as for any intake, and names no rights (none are confirmed yet).
    await waitUntil(async () => (await messagesOf(t, request.id)).some((m) => m.status === 'sent'));
    const [ack] = await db().query(`SELECT template, text FROM messages WHERE request_id = $1`, [request.id]);
    expect(ack.template).toBe('acknowledgement');
    expect(ack.text).not.toMatch(/vraagt om/);
    let page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    expect(page).toContain('data-suggested-rights');
    expect(page).toMatch(/<input[^>]*name="rights" value="erasure"[^>]*checked/);
    expect(page).toContain('Rechten bevestigen');
    const res = await ui.post(`/ui/requests/${request.id}/events`, { _csrf: UiClient.csrfOf(page), version: version(page), type: 'CONFIRM_RIGHTS', rights: ['erasure'] });
    expect(res.status).toBe(303);
    const [after] = await db().query(`SELECT rights FROM requests WHERE id = $1`, [request.id]);
    expect(after.rights).toEqual(['erasure']);
    const entry = (await timeline(request.id)).find((e) => e.type === 'CONFIRM_RIGHTS');
    expect(entry?.description).toBe('Rechten bevestigd: wissing.');
    page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    expect(page).not.toContain('Rechten bevestigen');
    expect(page).not.toContain('data-event="DISCARD"');
  });

  it('lets the agent change the suggestion before confirming, and asks for rights when none were found', async () => {
    const request = await requestFrom(plainMail({ from: 'vraag2@example.nl', subject: 'Vraag', text: 'Hoe laat gaat de winkel open?' }), 'vraag2@example.nl');
    const page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    expect(page).toContain('data-flag="rights-needed"');
    const empty = await ui.post(`/ui/requests/${request.id}/events`, { _csrf: UiClient.csrfOf(page), version: version(page), type: 'CONFIRM_RIGHTS' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Kies minstens één recht');
    await ui.post(`/ui/requests/${request.id}/events`, { _csrf: UiClient.csrfOf(page), version: version(page), type: 'CONFIRM_RIGHTS', rights: ['access', 'rectification'] });
    const [after] = await db().query(`SELECT rights FROM requests WHERE id = $1`, [request.id]);
    expect(after.rights).toEqual(['access', 'rectification']);
  });

  it('discards a mail that is no request once the agent answers the question: closed, personal data, mail and attachments purged, counted once (a double click changes nothing)', async () => {
    const b = 'spam-1';
    const raw = [
      'From: Aanbieding <deals@spam.example>', 'To: privacy@verwerker.example', 'Subject: Nu 50% korting', `Message-ID: ${newMessageId()}`,
      'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${b}"`, '',
      `--${b}`, 'Content-Type: text/plain; charset=utf-8', '', 'Alleen vandaag: alles de helft.', '',
      `--${b}`, 'Content-Type: application/pdf; name="folder.pdf"', 'Content-Disposition: attachment; filename="folder.pdf"', 'Content-Transfer-Encoding: base64', '', Buffer.from('%PDF-1.4 folder').toString('base64'), '',
      `--${b}--`, '',
    ].join('\r\n');
    const request = await requestFrom(raw, 'deals@spam.example');
    const before = await discarded();
    const page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    expect(page).toContain('data-event="DISCARD"');
    const form = { _csrf: UiClient.csrfOf(page), version: version(page), type: 'DISCARD' };
    // First the question (closing cannot be undone).
    const ask = await ui.post(`/ui/requests/${request.id}/events`, form);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Ja, verwijderen');
    expect(await discarded()).toBe(before);
    const done = await ui.post(`/ui/requests/${request.id}/events`, { ...form, confirmed: 'ja' });
    expect(done.status).toBe(303);
    // A double click (or a second agent with the old page): refused, nothing counted twice.
    const again = await ui.post(`/ui/requests/${request.id}/events`, { ...form, confirmed: 'ja' });
    expect(again.status).toBe(409);
    expect(await discarded()).toBe(before + 1);

    const [row] = await db().query(`SELECT state, requester_name, requester_email, message, purged_at, closed_at FROM requests WHERE id = $1`, [request.id]);
    expect(row).toMatchObject({ state: 'closed.discarded', requester_name: null, requester_email: null, message: null });
    expect(row.purged_at).not.toBeNull();
    const [mail] = await db().query(`SELECT from_address, subject, text FROM inbox_mails WHERE request_id = $1`, [request.id]);
    expect(mail).toEqual({ from_address: '[verwijderd]', subject: null, text: null });
    expect(await db().query(`SELECT 1 FROM inbox_attachments WHERE request_id = $1`, [request.id])).toHaveLength(0);
    const types = (await timeline(request.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['DISCARD', 'PERSONAL_DATA_PURGED']));

    // The count on the dashboard.
    const dashboard = await (await ui.get('/ui/dashboard')).text();
    expect(dashboard).toMatch(new RegExp(`data-discarded-mails[^>]*>${before + 1}<`));
  });

  it('refuses to discard a request whose rights were confirmed', async () => {
    const request = await requestFrom(plainMail({ from: 'echt@example.nl' }), 'echt@example.nl');
    let page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    await ui.post(`/ui/requests/${request.id}/events`, { _csrf: UiClient.csrfOf(page), version: version(page), type: 'CONFIRM_RIGHTS', rights: ['access'] });
    page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    const res = await ui.post(`/ui/requests/${request.id}/events`, { _csrf: UiClient.csrfOf(page), version: version(page), type: 'DISCARD', confirmed: 'ja' });
    expect(res.status).toBe(422);
    const [row] = await db().query(`SELECT state, requester_email FROM requests WHERE id = $1`, [request.id]);
    expect(row).toEqual({ state: 'triage.open', requester_email: 'echt@example.nl' });
  });

  it('flags "Nieuwe mail" and "Rechten vaststellen" in the queue, and filters on them', async () => {
    const request = await requestFrom(plainMail({ from: 'wachtrij@example.nl', subject: 'Inzage', text: 'Graag inzage.' }), 'wachtrij@example.nl');
    const [{ reference }] = await db().query(`SELECT reference FROM requests WHERE id = $1`, [request.id]);
    const row = (page: string) => new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${reference}(?:(?!</tr>)[\\s\\S])*</tr>`).exec(page)?.[0];
    let queue = await (await ui.get('/ui?weergave=rechten-vaststellen')).text();
    expect(row(queue)).toContain('Rechten vaststellen');
    expect(await (await ui.get('/ui?weergave=nieuwe-mail')).text()).not.toContain(reference);

    // A reply (the reference in its subject) is new mail until an agent has seen it.
    const name = `triage-${++n}.eml`;
    writeFileSync(join(inbox, `.${name}.tmp`), plainMail({ from: 'wachtrij@example.nl', subject: `Re: ${reference}`, text: 'Nog een vraag.' }));
    renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
    await waitUntil(() => existsSync(join(inbox, 'verwerkt', name)), 10_000);
    queue = await (await ui.get('/ui?weergave=nieuwe-mail')).text();
    expect(row(queue)).toContain('Nieuwe mail');
    const [reply] = await db().query(`SELECT id FROM inbox_mails WHERE request_id = $1 AND kind = 'reply'`, [request.id]);
    let page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    await ui.post(`/ui/requests/${request.id}/mails/${reply.id}/seen`, { _csrf: UiClient.csrfOf(page) });
    expect(await (await ui.get('/ui?weergave=nieuwe-mail')).text()).not.toContain(reference);

    // Confirmed rights: no longer to establish.
    page = await (await ui.get(`/ui/requests/${request.id}`)).text();
    await ui.post(`/ui/requests/${request.id}/events`, { _csrf: UiClient.csrfOf(page), version: version(page), type: 'CONFIRM_RIGHTS', rights: ['access'] });
    queue = await (await ui.get('/ui?weergave=rechten-vaststellen')).text();
    expect(queue).not.toContain(reference);
    expect(row(await (await ui.get('/ui')).text())).not.toContain('Rechten vaststellen');
  });

  it('takes CONFIRM_RIGHTS and DISCARD through the API too; the stored answer to a retry holds no personal data', async () => {
    const request = await requestFrom(plainMail({ from: 'Spam Verzender <api-spam@spam.example>', subject: 'Win een prijs', text: 'Klik hier.' }), 'api-spam@spam.example');
    const res = await t.api(`/api/v1/requests/${request.id}`);
    const resource = (await res.json()) as { version: number; allowedEvents: string[] };
    expect(resource.allowedEvents).toEqual(expect.arrayContaining(['CONFIRM_RIGHTS', 'DISCARD']));
    const send = () =>
      t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': `"${resource.version}"`, 'idempotency-key': 'discard-api-spam-1' }, json: { type: 'DISCARD' } });
    const first = await send();
    expect(first.status).toBe(200);
    const body = (await first.json()) as { state: string; requester: { name: string | null; email: string | null } };
    expect(body.state).toBe('closed.discarded');
    expect(body.requester).toMatchObject({ name: null, email: null });
    // A retry replays the stored answer: the purged request, not the data it had.
    const again = await send();
    expect(again.status).toBe(200);
    expect(await again.text()).not.toContain('api-spam@spam.example');
    const [row] = await db().query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND type = 'DISCARD'`, [request.id]);
    expect(row.n).toBe(1);
  });
});

