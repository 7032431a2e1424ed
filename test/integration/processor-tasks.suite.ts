/**
 * Processor tasks from instruction to confirmation, against a real database with mail captured by
 * a real SMTP server: the controller instructs through its link, an agent raises a concern (art
 * 28(3)), completion is refused until the concern is resolved and every art 19 recipient is marked
 * notified, then the controller (and, where allowed, the requester) gets a confirmation and the
 * request closes. The export flow: upload, download by POST only, expiry, purge.
 */
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { LinkRateLimiter } from '../../src/common/link-rate-limiter.js';
import { ProcessorTasksService } from '../../src/processor-tasks/processor-tasks.service.js';
import { RetentionService } from '../../src/retention/retention.service.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { needsRealPostgres, stepAgainstTransition } from '../support/db.js';
import { createTestSmtp, waitUntil, type ReceivedMail, type TestSmtp, firstMailTo, controllerTokenIn } from '../support/replies-smtp.js';
import { UiClient } from '../support/ui-client.js';

describe('processor-tasks', () => {
  type Json = Record<string, any>;
  const RECIPIENTS = ['Hosting Noord B.V.', 'Mailservice Zuid B.V.'];
  /** Real time plus an offset: the outbox keeps working (its rows are stamped by the database), and a test can jump ahead. */
  class OffsetClock extends Clock {
    private offset = 0;
    override now(): Date {
      return new Date(Date.now() + this.offset);
    }
    advance(ms: number): void {
      this.offset += ms;
    }
  }
  const clock = new OffsetClock();
  let smtp: TestSmtp;
  let t: TestApp;
  let agent: UiClient;
  let seq = 0;

  beforeAll(async () => {
    smtp = await createTestSmtp();
    await smtp.start();
    t = await startTestApp({
      clock,
      env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200', ART19_RECIPIENTS: ` ${RECIPIENTS[0]} ;${RECIPIENTS[1]}; `, EXPORT_MAX_MB: '1', EXPORT_LINK_DAYS: '14' },
    });
    agent = new UiClient(t.baseUrl);
    expect((await agent.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  beforeEach(() => t.service.app.get(LinkRateLimiter).reset());

  const db = () => t.service.app.get(DataSource);

  async function routedRequest(controllerOverrides: Json, rights: string[]): Promise<{ c: Json; request: Json; email: string }> {
    seq++;
    const cRes = await t.api('/api/v1/controllers', {
      method: 'POST',
      json: { name: `Fietsenwinkel Spaak ${seq} B.V.`, country: 'NL', privacyContact: { name: 'Sanne de Vries', email: `privacy${seq}@spaak.example` }, tone: 'u', ...controllerOverrides },
    });
    expect(cRes.status).toBe(201);
    const c = (await cRes.json()) as Json;
    const email = `klant${seq}.${Date.now()}@example.nl`;
    expect((await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } })).status).toBe(200);
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Jan Jansen', email }, rights, message: 'Graag actie op mijn gegevens.' }) });
    expect(res.status).toBe(201);
    return { c, request: (await res.json()) as Json, email };
  }

  const mailTo = (address: string, subjectPart?: string) => firstMailTo(smtp, address, subjectPart);

  const tokenIn = controllerTokenIn;

  const page = async (token: string) => (await fetch(`${t.baseUrl}/c/${token}`)).text();
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });

  /** The controller's page after "Gegevens tonen" (a POST with the page's _csrf). */
  const revealed = async (token: string) => (await postForm(`/c/${token}/details`, { _csrf: csrfOf(await page(token)) })).text();

  async function getRequest(id: string): Promise<Json> {
    return (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
  }

  /** Forwarded → the controller instructs through its link (with the second confirmation). */
  async function instructed(controller: Json, rights: string[], instruction: string, details: string) {
    const { c, request, email } = await routedRequest(controller, rights);
    const token = tokenIn(await mailTo(c.privacyContact.email, request.reference));
    const csrf = csrfOf(await page(token));
    const decided = await postForm(`/c/${token}/decision`, { _csrf: csrf, decision: 'instruct', instruction, details, confirm: 'ja' });
    expect(decided.status).toBe(303);
    const resource = await getRequest(request.id);
    expect(resource.state).toBe('forwarded.instructed');
    expect(resource.processorTasks).toHaveLength(1);
    expect(resource.processorTasks[0]).toMatchObject({ controllerId: c.id, instruction, state: 'open', outcome: null, recipientsNotified: [], concern: null, doneAt: null });
    return { c, request, email, token, csrf, task: resource.processorTasks[0] as Json };
  }

  async function instructionDone(id: string, body: Json): Promise<Response> {
    const etag = (await t.api(`/api/v1/requests/${id}`)).headers.get('etag')!;
    return t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': etag }, json: { type: 'INSTRUCTION_DONE', ...body } });
  }

  async function uiPost(path: string, fields: Record<string, string | string[]>): Promise<Response> {
    return agent.post(path, { _csrf: await agent.csrf(), ...fields });
  }

  describe('processor task: erase with a concern and art 19 recipients', () => {
    it('concern → refused → confirmed → refused without every recipient (422 naming them) → done, confirmed to controller and requester, closed', async () => {
      const details = 'Klantaccount en bestelhistorie wissen; facturen bewaren.';
      const { c, request, email, token, task } = await instructed({}, ['erasure'], 'erase', details);

      // The agent's page: the panel with the verbatim instruction; the generic INSTRUCTION_DONE form is gone.
      const detail = await (await agent.get(`/ui/requests/${request.id}`)).text();
      expect(detail).toContain('Verwerkersopdrachten');
      expect(detail).toContain(details);
      expect(detail).not.toContain('data-event="INSTRUCTION_DONE"');
      for (const name of RECIPIENTS) expect(detail).toContain(`value="${name}"`);

      // A concern: the task waits, the controller is told why (Dutch, in its tone) and its page shows it.
      const reason = 'De facturen moeten volgens de fiscale bewaarplicht zeven jaar bewaard blijven; wissen zou die plicht schenden.';
      expect((await uiPost(`/ui/requests/${request.id}/tasks/${task.id}/concern`, { reason: 'te kort' })).status).toBe(400);
      const raised = await uiPost(`/ui/requests/${request.id}/tasks/${task.id}/concern`, { reason });
      expect(raised.status).toBe(303);
      // Back on the request page, which says what happened.
      const after = await (await agent.get(raised.headers.get('location')!)).text();
      expect(after).toContain('Het bezwaar is vastgelegd en per e-mail aan de verwerkingsverantwoordelijke voorgelegd.');
      expect((await getRequest(request.id)).processorTasks[0]).toMatchObject({ state: 'concern', concern: { reason, resolution: null } });
      const concernMail = await mailTo(c.privacyContact.email, 'nog niet uit');
      expect(concernMail.parsed.text).toContain('Geachte Sanne de Vries,');
      expect(concernMail.parsed.text).toContain(reason);
      expect(concernMail.parsed.text).toContain('art. 28 lid 3');
      // Adjust, withdraw, or uphold with written reasons; never a promise to carry out a confirmed instruction (art 28(3), 29).
      expect(concernMail.parsed.text).toMatch(/aanpassen[\s\S]*intrekken[\s\S]*handhaven: leg ons dan schriftelijk uit/);
      expect(concernMail.parsed.text).not.toMatch(/voeren haar dan uit/);
      // The concern shows on the page; its text only after "Gegevens tonen" (no free text for a link scanner's GET).
      expect(await page(token)).toContain('Wij voeren deze instructie nog niet uit');
      expect(await page(token)).not.toContain(reason);
      const concernPage = await revealed(token);
      expect(concernPage).toContain('Wij voeren deze instructie nog niet uit');
      expect(concernPage).toContain(reason);

      // While the concern is open, completion is refused (API and UI alike).
      const whileConcern = await instructionDone(request.id, { controllerId: c.id, outcome: 'Gewist.', recipientsNotified: RECIPIENTS });
      expect(whileConcern.status).toBe(422);
      expect((await whileConcern.json()) as Json).toMatchObject({ code: 'instruction-not-completable', reason: 'concern-open' });

      // The controller confirms; the agent records the answer.
      expect((await uiPost(`/ui/requests/${request.id}/tasks/${task.id}/resolve`, { resolution: 'confirmed', note: 'Bevestigd per mail: facturen zijn elders bewaard.' })).status).toBe(303);
      expect((await getRequest(request.id)).processorTasks[0]).toMatchObject({ state: 'open', concern: { resolution: 'confirmed', note: 'Bevestigd per mail: facturen zijn elders bewaard.' } });

      // Art 19: without every recipient marked notified, completion is refused and names the missing ones.
      const partial = await instructionDone(request.id, { controllerId: c.id, outcome: 'Gewist.', recipientsNotified: [RECIPIENTS[0]] });
      expect(partial.status).toBe(422);
      expect(partial.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await partial.json()) as Json;
      expect(problem).toMatchObject({ code: 'instruction-not-completable', reason: 'recipients-missing', missingRecipients: [RECIPIENTS[1]] });
      expect(problem.detail).toContain(RECIPIENTS[1]);
      const noOutcome = await instructionDone(request.id, { controllerId: c.id, recipientsNotified: RECIPIENTS });
      expect(noOutcome.status).toBe(400);
      const uiRefused = await uiPost(`/ui/requests/${request.id}/tasks/${task.id}/complete`, {
        version: String((await getRequest(request.id)).version),
        outcome: 'Gewist.',
      });
      expect(uiRefused.status).toBe(422);
      const refusedHtml = await uiRefused.text();
      expect(refusedHtml).toContain('Nog niet alle ontvangers zijn geïnformeerd (art. 19 AVG)');
      expect(refusedHtml).toContain(RECIPIENTS[0]);
      expect(refusedHtml).toContain(RECIPIENTS[1]);
      expect((await getRequest(request.id)).state).toBe('forwarded.instructed');

      // With every recipient: done.
      const outcome = 'Klantaccount en bestelhistorie gewist in alle systemen; facturen blijven bewaard tot einde bewaartermijn.';
      const done = await uiPost(`/ui/requests/${request.id}/tasks/${task.id}/complete`, {
        version: String((await getRequest(request.id)).version),
        outcome,
        recipientsNotified: RECIPIENTS,
      });
      expect(done.status).toBe(303);
      const closed = await getRequest(request.id);
      expect(closed.state).toBe('closed.completed');
      expect(closed.forwardings[0].state).toBe('done');
      expect(closed.processorTasks[0]).toMatchObject({ state: 'done', outcome });
      expect(closed.processorTasks[0].recipientsNotified.map((r: Json) => r.name)).toEqual(RECIPIENTS);
      expect(closed.processorTasks[0].doneAt).toEqual(expect.any(String));
      const [row] = await db().query(`SELECT state, outcome, done_by, done_at, recipients_notified FROM processor_tasks WHERE id = $1`, [task.id]);
      expect(row).toMatchObject({ state: 'done', outcome, done_by: `agent:${t.credentials.agent.username}` });
      expect(row.done_at).toBeInstanceOf(Date);
      expect(row.recipients_notified).toEqual(RECIPIENTS.map((name) => ({ name, notifiedAt: expect.any(String) })));

      // The controller's confirmation: Dutch, what was instructed and done, which recipients were told.
      const confirmation = await mailTo(c.privacyContact.email, 'Instructie uitgevoerd');
      const text = confirmation.parsed.text ?? '';
      expect(confirmation.parsed.subject).toContain(request.reference);
      expect(text).toContain('Geachte Sanne de Vries,');
      expect(text).toContain('de instructie: gegevens wissen');
      expect(text).toContain(details);
      expect(text).toContain(outcome);
      expect(text).toContain('ONTVANGERS (ART. 19 AVG)');
      for (const name of RECIPIENTS) expect(text).toMatch(new RegExp(`- ${name.replace(/\./g, '\\.')}, op (maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) `));

      // The requester (matched by their own address, agreement allows it): a short notice, this controller only.
      const notice = await mailTo(email, 'uitgevoerd');
      expect(notice.parsed.subject).toContain(c.name);
      expect(notice.parsed.text).not.toContain(outcome);

      // The controller page shows what was done; the audit trail has the steps, without the free text.
      expect(await page(token)).toContain('Uitgevoerd op');
      const audit: Json[] = await db().query(`SELECT type, data FROM audit_events WHERE request_id = $1 ORDER BY id`, [request.id]);
      expect(audit.map((a) => a.type)).toEqual(expect.arrayContaining(['PROCESSOR_TASK_CONCERN_RAISED', 'PROCESSOR_TASK_CONCERN_RESOLVED', 'INSTRUCTION_DONE', 'PROCESSOR_TASK_DONE']));
      const auditText = JSON.stringify(audit);
      expect(auditText).not.toContain(reason);
      expect(auditText).not.toContain(outcome);
      expect(auditText).not.toContain('facturen zijn elders');
    });

    it('a withdrawn instruction cancels the task, tells the controller nothing was done, and closes the request; no notice to the requester', async () => {
      const { c, request, email, task } = await instructed({}, ['restriction'], 'restrict', 'Verwerking van het klantprofiel beperken.');
      expect((await uiPost(`/ui/requests/${request.id}/tasks/${task.id}/concern`, { reason: 'Het profiel is nodig voor een lopende incassoprocedure van de klant zelf.' })).status).toBe(303);
      expect((await uiPost(`/ui/requests/${request.id}/tasks/${task.id}/resolve`, { resolution: 'withdrawn', note: 'Ingetrokken: wij handelen het zelf af.' })).status).toBe(303);
      const closed = await getRequest(request.id);
      expect(closed.state).toBe('closed.completed');
      expect(closed.forwardings[0].state).toBe('done');
      expect(closed.processorTasks[0]).toMatchObject({ state: 'cancelled', recipientsNotified: [], concern: { resolution: 'withdrawn', note: 'Ingetrokken: wij handelen het zelf af.' } });
      const mail = await mailTo(c.privacyContact.email, 'Instructie ingetrokken');
      expect(mail.parsed.text).toContain('niets uitgevoerd');
      const templates: Json[] = await db().query(`SELECT template FROM messages WHERE request_id = $1`, [request.id]);
      expect(templates.map((m) => m.template)).not.toContain('instruction-completed-notice');
      expect(smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed.subject)).not.toContainEqual(expect.stringContaining('uitgevoerd'));
    });
  });

  describe('processor task: a concern while the request workflow holds the request', () => {
    const concurrent = needsRealPostgres('a concern racing the request workflow on one task') ? it : it.skip;
    concurrent('waits for the request, then records the concern: no deadlock with a step that takes the request, then the task', async () => {
      const { request, task } = await instructed({}, ['erasure'], 'erase', 'Klantaccount wissen; facturen bewaren.');
      // Another session in the workflow runner's order: the request row first (as any transition
      // does), then the task (as completing, withdrawing or lapsing an instruction does).
      const concern = () =>
        t.service.app.get(ProcessorTasksService).raiseConcern(request.id, task.id, 'De facturen vallen onder de fiscale bewaarplicht van zeven jaar.', 'agent:test');
      const outcome = await stepAgainstTransition(
        db(),
        [`SELECT 1 FROM requests WHERE id = $1 FOR NO KEY UPDATE`, [request.id]],
        concern,
        'processor_tasks',
        [`SELECT 1 FROM processor_tasks WHERE id = $1 FOR UPDATE`, [task.id]],
      );
      expect(outcome).toBe('done');
      expect((await getRequest(request.id)).processorTasks[0]).toMatchObject({ id: task.id, state: 'concern' });
    });
  });

  describe('processor task: the request closes first', () => {
    it('a request withdrawn by the requester leaves no task open: it lapses with the forwarding, and cannot be completed', async () => {
      const { c, request } = await instructed({}, ['rectification'], 'rectify', 'Huisnummer 12 wordt 12A.');
      const etag = (await t.api(`/api/v1/requests/${request.id}`)).headers.get('etag')!;
      expect((await t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': etag }, json: { type: 'WITHDRAW' } })).status).toBe(200);
      const closed = await getRequest(request.id);
      expect(closed.state).toBe('closed.withdrawn');
      expect(closed.processorTasks[0]).toMatchObject({ state: 'cancelled', outcome: 'Vervallen: de verzoeker heeft het verzoek ingetrokken.' });
      expect((await instructionDone(request.id, { controllerId: c.id, outcome: 'Toch gedaan.', recipientsNotified: RECIPIENTS })).status).toBe(422);
      const detail = await (await agent.get(`/ui/requests/${request.id}`)).text();
      expect(detail).not.toContain('Instructie uitgevoerd</button>');
    });
  });

  describe('processor task: export for the controller', () => {
    it('refuses completion without an upload; upload; download only by POST (bytes equal); expired → 410; purged; no requester notice', async () => {
      const { c, request, email, token, task } = await instructed({ mayInformRequester: false }, ['access'], 'export', 'Alle bestellingen en adressen als CSV.');

      const refused = await instructionDone(request.id, { controllerId: c.id, outcome: 'Export gemaakt.' });
      expect(refused.status).toBe(422);
      expect((await refused.json()) as Json).toMatchObject({ reason: 'export-missing' });

      const bytes = Buffer.from('bestelling,datum\n1001,2026-01-05\n1002,2026-02-11\n', 'utf8');
      const upload = async (fields: Record<string, string>, content: Buffer) => {
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.append(k, v);
        form.append('file', new Blob([content], { type: 'text/csv' }), 'export-bestellingen.csv');
        return fetch(`${t.baseUrl}/ui/requests/${request.id}/tasks/${task.id}/export`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: agent.cookieHeader() } });
      };
      const csrf = await agent.csrf();
      expect((await upload({}, bytes)).status).toBe(403); // no _csrf
      const tooBig = await upload({ _csrf: csrf }, Buffer.alloc(1024 * 1024 + 1, 65));
      expect(tooBig.status).toBe(413);
      expect(await tooBig.text()).toContain('groter dan 1 MB');
      expect((await upload({ _csrf: csrf }, bytes)).status).toBe(303);
      const [uploaded] = (await getRequest(request.id)).processorTasks[0].exports as Json[];
      expect(uploaded).toMatchObject({ filename: 'export-bestellingen.csv', sizeBytes: bytes.length, firstDownloadedAt: null });

      // The controller's page says an export is ready and lists it after "Gegevens tonen"; a GET of the download URL serves nothing.
      expect(await page(token)).toContain('Er staat een export voor u klaar');
      expect(await page(token)).not.toContain('export-bestellingen.csv');
      const html = await revealed(token);
      expect(html).toContain('export-bestellingen.csv');
      expect(html).toContain(`/c/${token}/exports/${uploaded.id}`);
      const viaGet = await fetch(`${t.baseUrl}/c/${token}/exports/${uploaded.id}`, { redirect: 'manual' });
      expect(viaGet.status).toBe(303);
      expect(Buffer.from(await viaGet.arrayBuffer()).includes(bytes)).toBe(false);
      expect((await postForm(`/c/${token}/exports/${uploaded.id}`, { _csrf: 'verkeerd' })).status).toBe(403);

      const download = await postForm(`/c/${token}/exports/${uploaded.id}`, { _csrf: csrfOf(html) });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="export-bestellingen\.csv"/);
      expect(download.headers.get('cache-control')).toBe('no-store');
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
      const downloads: Json[] = await db().query(`SELECT actor FROM audit_events WHERE request_id = $1 AND type = 'PROCESSOR_EXPORT_DOWNLOADED'`, [request.id]);
      expect(downloads).toHaveLength(1);

      // Now the task can be completed; the confirmation points to the download, the requester hears nothing.
      expect((await instructionDone(request.id, { controllerId: c.id, outcome: 'Export van bestellingen en adressen gemaakt.' })).status).toBe(200);
      expect((await getRequest(request.id)).state).toBe('closed.completed');
      const confirmation = await mailTo(c.privacyContact.email, 'Instructie uitgevoerd');
      expect(confirmation.parsed.text).toContain('DE EXPORT');
      expect(confirmation.parsed.text).not.toContain('ONTVANGERS');
      const templates: Json[] = await db().query(`SELECT template, recipient FROM messages WHERE request_id = $1`, [request.id]);
      expect(templates.filter((m) => m.recipient === email).map((m) => m.template)).toEqual(['acknowledgement']);

      // Past EXPORT_LINK_DAYS: the 410 page; the retention purge deletes the file.
      clock.advance(15 * 86_400_000);
      const expired = await postForm(`/c/${token}/exports/${uploaded.id}`, { _csrf: csrfOf(html) });
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('Deze download is verlopen');
      expect((await t.service.app.get(RetentionService).purge()).exports).toBeGreaterThanOrEqual(1);
      expect(await db().query(`SELECT id FROM processor_exports WHERE id = $1`, [uploaded.id])).toEqual([]);
    });
  });

  describe('processor task: which exports are stored (issue 19)', () => {
    it('keeps UTF-8 names from the workspace, drops format characters, stores the type found in the content, refuses other types and a sixth export', async () => {
      const { request, task } = await instructed({}, ['access'], 'export', 'Alle gegevens als bestand.');
      const agent = new UiClient(t.baseUrl); // the test before moved the clock past the first session's end
      expect((await agent.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
      const csrf = await agent.csrf();
      const upload = (name: string, content: Buffer, type: string) => {
        const form = new FormData();
        form.append('_csrf', csrf);
        form.append('file', new Blob([content], { type }), name);
        return fetch(`${t.baseUrl}/ui/requests/${request.id}/tasks/${task.id}/export`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: agent.cookieHeader() } });
      };
      const stored = async () => db().query(`SELECT filename, content_type AS "contentType" FROM processor_exports WHERE task_id = $1 ORDER BY created_at`, [task.id]) as Promise<Json[]>;

      expect((await upload('overzicht-café-Łódź.csv', Buffer.from('naam,plaats\nJan,Łódź\n'), 'text/csv')).status).toBe(303);
      expect((await upload('export\u202Ecod.txt', Buffer.from('Naam: Jan Jansen\n'), 'text/plain')).status).toBe(303);
      expect((await upload('bijlage.bin', Buffer.from('%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n'), 'application/octet-stream')).status).toBe(303);
      expect(await stored()).toEqual([
        { filename: 'overzicht-café-Łódź.csv', contentType: 'text/csv' },
        { filename: 'exportcod.txt', contentType: 'text/plain' },
        { filename: 'bijlage.bin', contentType: 'application/pdf' },
      ]);

      const program = await upload('gegevens.csv', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(200, 0)]), 'text/csv');
      expect(program.status).toBe(415);
      expect(await program.text()).toContain('ZIP, PDF, JSON, CSV, XML of platte tekst');
      const page = await upload('pagina.txt', Buffer.from('<html><script>alert(1)</script></html>'), 'text/plain');
      expect(page.status).toBe(415);

      expect((await upload('vier.json', Buffer.from('{"a":1}'), 'application/json')).status).toBe(303);
      expect((await upload('vijf.xml', Buffer.from('<?xml version="1.0"?><a/>'), 'application/xml')).status).toBe(303);
      const sixth = await upload('zes.txt', Buffer.from('nog een\n'), 'text/plain');
      expect(sixth.status).toBe(409);
      expect(await sixth.text()).toContain('al 5 exports');
      expect(await stored()).toHaveLength(5);
    });
  });
});
