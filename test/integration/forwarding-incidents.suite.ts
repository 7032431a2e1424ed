/**
 * A forwarding sent in error (art 33(2)), against a real database with mail captured by a real
 * SMTP server: the link stops working at once, the forwarding is called off, the request returns
 * to triage (only when it was the only open forwarding), an incident is recorded and the privacy
 * officer is mailed without the requester's personal data; the privacy officer assesses it.
 */
import { DataSource } from 'typeorm';
import { OutboxWorker } from '../../src/replies/outbox.worker.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestSmtp, waitUntil, type ReceivedMail, type TestSmtp, firstMailTo, controllerTokenIn } from '../support/replies-smtp.js';
import { LinkRateLimiter } from '../../src/common/link-rate-limiter.js';
import { UiClient } from '../support/ui-client.js';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { INCIDENT_SCHEMA } from '../../src/incidents/incidents.docs.js';

describe('forwarding-incidents', () => {
  // The incident resource as the OpenAPI document declares it (CJS default interop).
  const Ajv2020 = Ajv2020Module.default;
  const addFormats = addFormatsModule.default;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validIncident = ajv.compile(INCIDENT_SCHEMA);
  function declared(incident: unknown): Record<string, any> {
    expect([validIncident(incident), validIncident.errors ?? null]).toEqual([true, null]);
    return incident as Record<string, any>;
  }

  type Json = Record<string, any>;
  let smtp: TestSmtp;
  let t: TestApp;
  let ui: UiClient;
  let seq = 0;

  beforeAll(async () => {
    smtp = await createTestSmtp();
    await smtp.start();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' } });
    ui = new UiClient(t.baseUrl);
    expect((await ui.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  beforeEach(() => t.service.app.get(LinkRateLimiter).reset());

  async function controller(): Promise<Json> {
    seq++;
    const res = await t.api('/api/v1/controllers', {
      method: 'POST',
      json: { name: `Kapsalon Knip ${seq} B.V.`, country: 'NL', privacyContact: { name: 'Sanne de Vries', email: `privacy${seq}@knip.example` }, tone: 'u' },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  }

  /** A request from a requester whose e-mail address every given controller knows. */
  async function routedTo(controllers: Json[]): Promise<{ request: Json; email: string }> {
    const email = `klant${seq}.${Date.now()}@example.nl`;
    for (const c of controllers) {
      const res = await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } });
      expect(res.status).toBe(200);
    }
    const res = await t.api('/api/v1/requests', {
      method: 'POST',
      json: requestBody({ requester: { name: 'Anouk Verbeek', email }, rights: ['access'], message: 'Welke gegevens hebben jullie over mij?' }),
    });
    expect(res.status).toBe(201);
    return { request: (await res.json()) as Json, email };
  }

  const mailTo = (address: string, subjectPart?: string) => firstMailTo(smtp, address, subjectPart);

  const tokenIn = controllerTokenIn;

  async function getRequest(id: string): Promise<Json> {
    return (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
  }

  async function pageStatus(token: string): Promise<number> {
    return (await fetch(`${t.baseUrl}/c/${token}`)).status;
  }

  async function forwardingOf(requestId: string, controllerId: string): Promise<Json> {
    const r = await getRequest(requestId);
    return r.forwardings.find((f: Json) => f.controllerId === controllerId);
  }

  /** The controller's decision through its link (the page's CSRF token). */
  async function decide(token: string, form: Record<string, string>): Promise<Response> {
    const page = await (await fetch(`${t.baseUrl}/c/${token}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    return fetch(`${t.baseUrl}/c/${token}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      redirect: 'manual',
    });
  }

  describe('a forwarding sent in error (art 33(2))', () => {
    it('the only forwarding: link 404 at once, forwarding called off, request back in triage, incident, privacy mail without the requester', async () => {
      const c = await controller();
      const { request, email } = await routedTo([c]);
      expect(request.state).toBe('forwarded.awaitingControllers');
      const token = tokenIn(await mailTo(c.privacyContact.email));
      expect(await pageStatus(token)).toBe(200);
      const forwarding = await forwardingOf(request.id, c.id);

      const detail = await (await ui.get(`/ui/requests/${request.id}`)).text();
      expect(detail).toContain('Verkeerd verstuurd');
      const csrf = UiClient.csrfOf(detail);

      // A description is required.
      const empty = await ui.post(`/ui/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, { _csrf: csrf, description: ' ' });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('Beschrijf in een paar woorden');
      expect(await pageStatus(token)).toBe(200);
      // Without the CSRF token nothing happens.
      expect((await ui.post(`/ui/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, { description: 'Verkeerde klant' })).status).toBe(403);

      const done = await ui.post(`/ui/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, {
        _csrf: csrf,
        description: 'Verkeerde kapsalon gekozen: de namen lijken op elkaar.',
      });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toContain(`/ui/requests/${request.id}`);

      // The link answers 404 from now on.
      expect(await pageStatus(token)).toBe(404);
      const after = await getRequest(request.id);
      expect(after.state).toBe('triage.open');
      expect(after.flags.misdirected).toBe(true);
      const f = after.forwardings.find((x: Json) => x.id === forwarding.id);
      expect(f.state).toBe('done');
      expect(f.flags).toMatchObject({ linkRevoked: true, sentInError: true });
      expect(f.sentInErrorAt).toEqual(expect.any(String));

      // The incident, for the privacy officer.
      const list = (await (await t.api('/api/v1/incidents?status=open')).json()) as Json;
      const incident = list.items.find((i: Json) => i.forwardingId === forwarding.id);
      expect(incident).toMatchObject({
        kind: 'misdirected-forwarding',
        requestId: request.id,
        reference: request.reference,
        controllerId: c.id,
        controllerName: c.name,
        description: 'Verkeerde kapsalon gekozen: de namen lijken op elkaar.',
        reportedBy: `agent:${t.credentials.agent.username}`,
        status: 'open',
        assessment: null,
      });
      expect(incident.exposure).toMatchObject({ linkOpened: true, detailsViewed: false, decided: false });

      // The mail to the processor's privacy address: reference and controller, no personal data of the requester.
      const privacy = await mailTo(t.service.config.processor.privacyEmail, request.reference);
      expect(privacy.parsed.subject).toContain(c.name);
      expect(privacy.parsed.text).toContain('art. 33 lid 2 AVG');
      expect(privacy.parsed.text).toContain('/ui/incidents');
      for (const part of [privacy.parsed.subject ?? '', privacy.parsed.text ?? '', String(privacy.parsed.html ?? '')]) {
        expect(part).not.toContain('Anouk');
        expect(part).not.toContain('Verbeek');
        expect(part).not.toContain(email);
        expect(part).not.toContain('Verkeerde kapsalon gekozen'); // the agent's free text stays in the incident
      }

      // The queue shows why the request is back; the timeline has each step; the audit has no free text.
      const queue = await (await ui.get('/ui')).text();
      expect(queue).toContain('Verkeerd doorgestuurd: opnieuw beoordelen');
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: Json[] };
      const types = timeline.items.map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['FORWARDING_MISDIRECTED', 'CONTROLLER_LINK_REVOKED', 'FORWARDING_CANCELLED', 'INCIDENT_RECORDED']));
      expect(JSON.stringify(timeline.items)).not.toContain('Verkeerde kapsalon');

      // Reporting it again is refused; the incident stays one.
      const again = await t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, { method: 'POST', json: { description: 'Nog een keer' } });
      expect(again.status).toBe(409);
      expect(((await again.json()) as Json).code).toBe('already-reported');
      expect(((await (await t.api('/api/v1/incidents')).json()) as Json).items.filter((i: Json) => i.forwardingId === forwarding.id)).toHaveLength(1);
    });

    it('two controllers, one wrong: only the wrong forwarding is called off and the request stays forwarded (API)', async () => {
      const right = await controller();
      const wrong = await controller();
      const { request } = await routedTo([right, wrong]);
      expect(request.state).toBe('forwarded.awaitingControllers');
      const rightToken = tokenIn(await mailTo(right.privacyContact.email));
      const wrongToken = tokenIn(await mailTo(wrong.privacyContact.email));
      const wrongForwarding = await forwardingOf(request.id, wrong.id);

      // Reported twice at once (a double click): one incident, the other call hears it was reported.
      const both = await Promise.all(
        [1, 2].map(() =>
          t.api(`/api/v1/requests/${request.id}/forwardings/${wrongForwarding.id}/sent-in-error`, {
            method: 'POST',
            json: { description: 'Deze klant is alleen bij de eerste salon bekend.' },
          }),
        ),
      );
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      const res = both.find((r) => r.status === 201)!;
      const incident = (await res.json()) as Json;
      expect(res.headers.get('location')).toBe(`/api/v1/incidents/${incident.id}`);
      expect(incident).toMatchObject({ controllerId: wrong.id, status: 'open' });

      expect(await pageStatus(wrongToken)).toBe(404);
      expect(await pageStatus(rightToken)).toBe(200);
      const after = await getRequest(request.id);
      expect(after.state).toBe('forwarded.awaitingControllers');
      expect(after.flags.misdirected).toBe(false);
      expect((await forwardingOf(request.id, wrong.id)).state).toBe('done');
      expect((await forwardingOf(request.id, right.id)).state).not.toBe('done');
      expect((await forwardingOf(request.id, right.id)).flags.sentInError).toBe(false);

      // The right controller takes it over: the request no longer waits for the wrong one.
      const page = await (await fetch(`${t.baseUrl}/c/${rightToken}`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
      const decided = await fetch(`${t.baseUrl}/c/${rightToken}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, decision: 'takes-over' }).toString(),
        redirect: 'manual',
      });
      expect(decided.status).toBe(303);
      await waitUntil(async () => (await getRequest(request.id)).state === 'closed.handedOver', 10_000);
    });

    it('the others decided already: their decisions settle the request (handed over), not triage', async () => {
      const right = await controller();
      const wrong = await controller();
      const { request } = await routedTo([right, wrong]);
      const rightToken = tokenIn(await mailTo(right.privacyContact.email));
      await mailTo(wrong.privacyContact.email);
      expect((await decide(rightToken, { decision: 'takes-over' })).status).toBe(303);
      expect((await getRequest(request.id)).state).toBe('forwarded.awaitingControllers'); // still waiting for the wrong one
      const wrongForwarding = await forwardingOf(request.id, wrong.id);
      const res = await t.api(`/api/v1/requests/${request.id}/forwardings/${wrongForwarding.id}/sent-in-error`, {
        method: 'POST',
        json: { description: 'Alleen de eerste salon kent deze klant.' },
      });
      expect(res.status).toBe(201);
      const after = await getRequest(request.id);
      expect(after.state).toBe('closed.handedOver');
      expect((await forwardingOf(request.id, wrong.id)).flags.sentInError).toBe(true);
    });

    it('an instruction of the wrong controller is dropped: its task lapses and the request returns to triage', async () => {
      const wrong = await controller();
      const { request } = await routedTo([wrong]);
      const token = tokenIn(await mailTo(wrong.privacyContact.email));
      const details = 'Alle gegevens van deze klant wissen.';
      expect((await decide(token, { decision: 'instruct', instruction: 'erase', details, confirm: 'ja' })).status).toBe(303);
      const instructed = await getRequest(request.id);
      expect(instructed.state).toBe('forwarded.instructed');
      expect(instructed.processorTasks[0]).toMatchObject({ state: 'open', instruction: 'erase' });
      const forwarding = await forwardingOf(request.id, wrong.id);
      const res = await t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, {
        method: 'POST',
        json: { description: 'Instructie kwam van de verkeerde salon.' },
      });
      expect(res.status).toBe(201);
      const after = await getRequest(request.id);
      expect(after.state).toBe('triage.open');
      expect(after.flags.misdirected).toBe(true);
      expect(after.processorTasks[0].state).toBe('cancelled');
      expect(await pageStatus(token)).toBe(404);
      // Lapsed, not "withdrawn by the controller": the record says why.
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: Json[] };
      const lapse = timeline.items.find((e) => e.type === 'PROCESSOR_TASK_CANCELLED');
      expect(lapse?.description).toContain('vervallen (het verzoek was ten onrechte naar deze verwerkingsverantwoordelijke doorgestuurd)');
      // The lapsed task cannot be completed any more.
      const done = await t.api(`/api/v1/requests/${request.id}/events`, {
        method: 'POST',
        json: { type: 'INSTRUCTION_DONE', controllerId: wrong.id, outcome: 'Gewist.' },
        headers: { 'if-match': `"${after.version}"` },
      });
      expect(done.status).toBe(422);
    });

    it('closed on the wrong controller\'s word alone: the request opens again in triage; the link is revoked', async () => {
      const wrong = await controller();
      const { request } = await routedTo([wrong]);
      const token = tokenIn(await mailTo(wrong.privacyContact.email));
      expect((await decide(token, { decision: 'takes-over' })).status).toBe(303);
      await waitUntil(async () => (await getRequest(request.id)).state === 'closed.handedOver', 10_000);
      const forwarding = await forwardingOf(request.id, wrong.id);
      const res = await t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, {
        method: 'POST',
        json: { description: 'Overgenomen door de verkeerde salon.' },
      });
      expect(res.status).toBe(201);
      expect((await res.json()) as Json).toMatchObject({ controllerId: wrong.id, status: 'open', exposure: { linkOpened: true, decided: true } });
      expect(await pageStatus(token)).toBe(404);
      const after = await getRequest(request.id);
      expect(after.state).toBe('triage.open');
      expect(after.flags.misdirected).toBe(true);
      expect(after.closedAt ?? null).toBeNull();
      const privacy = await mailTo(t.service.config.processor.privacyEmail, request.reference);
      expect(privacy.parsed.subject).toContain(wrong.name);
    });

    it('closed by another controller as well: the request stays closed, the incident is recorded and the link revoked; a double click records one', async () => {
      const right = await controller();
      const wrong = await controller();
      const { request } = await routedTo([right, wrong]);
      const rightToken = tokenIn(await mailTo(right.privacyContact.email));
      const wrongToken = tokenIn(await mailTo(wrong.privacyContact.email));
      expect((await decide(rightToken, { decision: 'takes-over' })).status).toBe(303);
      expect((await decide(wrongToken, { decision: 'takes-over' })).status).toBe(303);
      await waitUntil(async () => (await getRequest(request.id)).state === 'closed.handedOver', 10_000);
      const forwarding = await forwardingOf(request.id, wrong.id);
      const report = () =>
        t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, { method: 'POST', json: { description: 'Deze salon kent de klant niet.' } });
      const statuses = (await Promise.all([report(), report()])).map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409]);
      expect(await pageStatus(wrongToken)).toBe(404);
      expect((await getRequest(request.id)).state).toBe('closed.handedOver');
      expect((await forwardingOf(request.id, wrong.id)).flags.sentInError).toBe(true);
      expect(((await (await t.api('/api/v1/incidents')).json()) as Json).items.filter((i: Json) => i.forwardingId === forwarding.id)).toHaveLength(1);
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: Json[] };
      expect(timeline.items.map((e) => e.type)).toEqual(expect.arrayContaining(['FORWARDING_MISDIRECTED', 'CONTROLLER_LINK_REVOKED', 'INCIDENT_RECORDED']));
    });

    it('handled elsewhere meanwhile (the wrong controller said "not ours", the agent took it in-house): the incident is recorded, the request stays', async () => {
      const wrong = await controller();
      const { request } = await routedTo([wrong]);
      const token = tokenIn(await mailTo(wrong.privacyContact.email));
      expect((await decide(token, { decision: 'not-ours' })).status).toBe(303);
      await waitUntil(async () => (await getRequest(request.id)).state === 'triage.open', 10_000);
      const triaged = await getRequest(request.id);
      const classified = await t.api(`/api/v1/requests/${request.id}/events`, {
        method: 'POST',
        headers: { 'if-match': `"${triaged.version}"` },
        json: { type: 'CLASSIFY', scope: 'in-house' },
      });
      expect(classified.status).toBe(200);
      const forwarding = await forwardingOf(request.id, wrong.id);
      const res = await t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, {
        method: 'POST',
        json: { description: 'Verkeerde salon had de gegevens al gezien.' },
      });
      expect(res.status).toBe(201);
      expect((await res.json()) as Json).toMatchObject({ controllerId: wrong.id, status: 'open', exposure: { linkOpened: true, decided: true } });
      expect((await getRequest(request.id)).state).toBe('inHouse.verifying');
      expect((await forwardingOf(request.id, wrong.id)).flags.sentInError).toBe(true);
    });

    it('a forwarding mail that has not left yet is withheld: it never reaches the wrong controller', async () => {
      // An app whose outbox does not send: the forwarding mail stays queued.
      const quiet = await startTestApp({ env: { OUTBOX_WORKER: 'false' } });
      try {
        const c = (await (
          await quiet.api('/api/v1/controllers', { method: 'POST', json: { name: 'Bakkerij Stil B.V.', country: 'NL', privacyContact: { email: 'privacy@stil.example' }, tone: 'u' } })
        ).json()) as Json;
        const email = `stil.${Date.now()}@example.nl`;
        await quiet.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } });
        const request = (await (await quiet.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Stil', email } }) })).json()) as Json;
        const forwarding = ((await (await quiet.api(`/api/v1/requests/${request.id}`)).json()) as Json).forwardings[0];
        const reported = await quiet.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, { method: 'POST', json: { description: 'Verkeerde bakkerij.' } });
        expect(reported.status).toBe(201);
        const db = quiet.service.app.get(DataSource);
        const mails: { status: string; link: string | null }[] = await db.query(
          `SELECT status, data->>'link' AS link FROM messages WHERE forwarding_id = $1`,
          [forwarding.id],
        );
        expect(mails).toEqual([{ status: 'withheld', link: '[verwijderd]' }]);
        // The outbox never picks it up.
        await quiet.service.app.get(OutboxWorker).runOnce();
        expect(((await db.query(`SELECT status FROM messages WHERE forwarding_id = $1`, [forwarding.id])) as { status: string }[])[0].status).toBe('withheld');
      } finally {
        await quiet.close();
      }
    });

    it('the privacy officer assesses it once as a breach of the right controller: the breach notice goes to that controller through the outbox (art 33(2), 33(3))', async () => {
      const c = await controller();
      const rightController = await controller();
      const { request, email } = await routedTo([c]);
      await mailTo(c.privacyContact.email);
      const forwarding = await forwardingOf(request.id, c.id);
      const reported = await t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, {
        method: 'POST',
        json: { description: 'Klantnummer verkeerd overgenomen.' },
      });
      expect(reported.status).toBe(201);
      const incident = (await reported.json()) as Json;

      const page = await (await ui.get('/ui/incidents')).text();
      expect(page).toContain('Incidenten');
      expect(page).toContain(request.reference);
      expect(page).toContain('zonder onredelijke vertraging');
      expect(page).toContain('art. 33 lid 2 AVG');
      const csrf = UiClient.csrfOf(page);

      // Notifiable without naming whose data it is: refused, in Dutch.
      const incomplete = await ui.post(`/ui/incidents/${incident.id}/assessment`, {
        _csrf: csrf, owner: 'verwerkingsverantwoordelijke', notifiable: 'ja', reasoning: 'De link is geopend door de verkeerde salon.',
      });
      expect(incomplete.status).toBe(400);
      const text = await incomplete.text();
      expect(text).toContain('De beoordeling is niet vastgelegd');
      expect(text).toContain('van welke verwerkingsverantwoordelijke');
      // The wrong recipient is not the one to notify.
      const toWrong = await t.api(`/api/v1/incidents/${incident.id}/assessment`, {
        method: 'POST',
        json: { notifiable: true, reasoning: 'De link is geopend door de verkeerde salon.', notifiedControllerId: c.id },
      });
      expect(toWrong.status).toBe(422);
      expect(((await toWrong.json()) as Json).code).toBe('wrong-recipient');

      const saved = await ui.post(`/ui/incidents/${incident.id}/assessment`, {
        _csrf: csrf,
        owner: 'verwerkingsverantwoordelijke',
        notifiable: 'ja',
        reasoning: 'De link is geopend door de verkeerde salon.',
        notifiedControllerId: rightController.id,
      });
      expect(saved.status).toBe(303);
      const assessed = declared(await (await t.api(`/api/v1/incidents/${incident.id}`)).json());
      expect(assessed.status).toBe('assessed');
      expect(assessed.assessment).toMatchObject({
        notifiable: true,
        processorIsController: false,
        reasoning: 'De link is geopend door de verkeerde salon.',
        notifiedControllerId: rightController.id,
        notifiedControllerName: rightController.name,
        authority: null,
        authorityNotifiedAt: null,
        assessedBy: `agent:${t.credentials.agent.username}`,
      });
      expect(assessed.assessment.notifiedAt).toBe(assessed.assessment.assessedAt);
      expect(assessed.authorityClock).toBeNull();

      // The breach notice reaches the right controller with the art 33(3) contents, without the requester's data.
      const notice = await mailTo(rightController.privacyContact.email, 'Melding datalek');
      expect(notice.parsed.subject).toContain(request.reference);
      const body = notice.parsed.text ?? '';
      expect(body).toContain('art. 33 lid 2 AVG');
      expect(body).toContain(`per vergissing doorgestuurd naar ${c.name}`);
      expect(body).toMatch(/Doorgestuurd: \w+dag \d+ \w+ 20\d\d om \d\d:\d\d/);
      expect(body).toMatch(/Ontdekt: \w+dag \d+ \w+ 20\d\d om \d\d:\d\d/);
      expect(body).toContain('naam, e-mailadres, de tekst van het verzoek en welke rechten de betrokkene inroept');
      expect(body).toContain('De link is niet geopend.');
      expect(body).toContain('gevraagd de gegevens te verwijderen');
      expect(body).toContain('Autoriteit Persoonsgegevens');
      expect(body).toContain(t.service.config.processor.privacyEmail);
      for (const part of [notice.parsed.subject ?? '', body, String(notice.parsed.html ?? '')]) {
        expect(part).not.toContain('Anouk');
        expect(part).not.toContain(email);
        expect(part).not.toContain('Klantnummer verkeerd overgenomen');
      }
      await waitUntil(async () => ((await (await t.api(`/api/v1/incidents/${incident.id}`)).json()) as Json).assessment.breachNotice?.status === 'sent', 10_000);
      const listed = await (await ui.get('/ui/incidents')).text();
      expect(listed).toContain(`Melding aan ${rightController.name}`);

      // Only the privacy officer's: not an agent without the admin role, not an API key without `incidents:assess`.
      const { AgentsService } = await import('../../src/agents/agents.service.js');
      const plain = { username: `mila${seq}`, password: 'een-lang-wachtwoord-42' };
      await t.service.app.get(AgentsService).create({ ...plain, displayName: 'Mila Medewerker', role: 'agent' });
      const agentUi = new UiClient(t.baseUrl);
      expect((await agentUi.login(plain.username, plain.password)).status).toBe(303);
      const agentPage = await (await agentUi.get('/ui/incidents')).text();
      expect(agentPage).not.toContain('Beoordeling vastleggen');
      const refused = await agentUi.post(`/ui/incidents/${incident.id}/assessment`, { _csrf: UiClient.csrfOf(agentPage), notifiable: 'nee', reasoning: 'Niets aan de hand hier.' });
      expect(refused.status).toBe(403);
      const { ApiKeysService } = await import('../../src/api/api-keys.service.js');
      const { key } = await t.service.app.get(ApiKeysService).create(`helpdesk-${seq}`, ['requests:read', 'requests:write']);
      const helpdesk = await fetch(`${t.baseUrl}/api/v1/incidents/${incident.id}/assessment`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ notifiable: false, reasoning: 'Niets aan de hand hier.' }),
      });
      expect(helpdesk.status).toBe(403);

      // Once: a second assessment does not overwrite the first.
      const second = await t.api(`/api/v1/incidents/${incident.id}/assessment`, { method: 'POST', json: { notifiable: false, reasoning: 'Toch niets aan de hand.' } });
      expect(second.status).toBe(409);
      expect(((await (await t.api(`/api/v1/incidents/${incident.id}`)).json()) as Json).assessment.notifiable).toBe(true);
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: Json[] };
      expect(timeline.items.map((e) => e.type)).toContain('INCIDENT_ASSESSED');
      // One breach notice, however often the assessment was posted.
      const db = t.service.app.get(DataSource);
      const notices: unknown[] = await db.query(`SELECT 1 FROM messages WHERE template = 'breach-notice' AND data->>'incidentId' = $1`, [incident.id]);
      expect(notices).toHaveLength(1);
    });

    it('the wrong recipient is asked to delete and confirms through its link: recorded once, shown on the incident', async () => {
      const wrong = await controller();
      const { request } = await routedTo([wrong]);
      await mailTo(wrong.privacyContact.email);
      const forwarding = await forwardingOf(request.id, wrong.id);
      const reported = await t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, { method: 'POST', json: { description: 'Verkeerde salon.' } });
      expect(reported.status).toBe(201);
      const incident = declared(await reported.json());
      expect(incident.deletion).toMatchObject({ state: 'requested', confirmedAt: null, confirmedBy: null });

      const mail = await mailTo(wrong.privacyContact.email, 'verwijderen');
      expect(mail.parsed.text).toContain(`ons kenmerk ${request.reference}`);
      expect(mail.parsed.text).toContain('Dat was een vergissing');
      const token = /\/d\/([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1];
      // Once sent, the clear token is gone from the outbox.
      const db = t.service.app.get(DataSource);
      await waitUntil(async () => {
        const [m]: { link: string }[] = await db.query(`SELECT data->>'link' AS link FROM messages WHERE template = 'deletion-request' AND data->>'incidentId' = $1`, [incident.id]);
        return m?.link.endsWith('[verwijderd]') ?? false;
      }, 10_000);

      // Opening the page changes nothing (mail scanners).
      const page = await fetch(`${t.baseUrl}/d/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain('Ja, de gegevens zijn verwijderd');
      expect(((await (await t.api(`/api/v1/incidents/${incident.id}`)).json()) as Json).deletion.state).toBe('requested');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
      const post = (form: Record<string, string>) =>
        fetch(`${t.baseUrl}/d/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });
      expect((await post({ name: 'Sanne de Vries' })).status).toBe(403);
      expect((await fetch(`${t.baseUrl}/d/${'x'.repeat(43)}`)).status).toBe(404);

      // A double click: both land on the page, one confirmation is recorded.
      const both = await Promise.all([post({ _csrf: csrf, name: 'Sanne de Vries' }), post({ _csrf: csrf, name: 'Sanne de Vries' })]);
      expect(both.map((r) => r.status)).toEqual([303, 303]);
      const after = await (await fetch(`${t.baseUrl}/d/${token}`)).text();
      expect(after).toContain('bevestigd dat');
      expect(after).not.toContain('Ja, de gegevens zijn verwijderd');
      // A reload of the POST later records nothing new.
      expect((await post({ _csrf: csrf, name: 'Iemand anders' })).status).toBe(303);

      const confirmed = declared(await (await t.api(`/api/v1/incidents/${incident.id}`)).json());
      expect(confirmed.deletion).toMatchObject({ state: 'confirmed', confirmedBy: 'Sanne de Vries', confirmedAt: expect.any(String) });
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: Json[] };
      expect(timeline.items.filter((e) => e.type === 'INCIDENT_DELETION_CONFIRMED')).toHaveLength(1);
      expect(timeline.items.map((e) => e.type)).toContain('INCIDENT_DELETION_REQUESTED');
      const list = await (await ui.get('/ui/incidents')).text();
      expect(list).toContain('bevestigd dat de gegevens zijn verwijderd (Sanne de Vries)');
    });

    it('no controller owns the data: the processor is controller, the 72-hour clock runs, the AP notification is recorded (art 33(1))', async () => {
      const wrong = await controller();
      const { request } = await routedTo([wrong]);
      await mailTo(wrong.privacyContact.email);
      const forwarding = await forwardingOf(request.id, wrong.id);
      const reported = await t.api(`/api/v1/requests/${request.id}/forwardings/${forwarding.id}/sent-in-error`, { method: 'POST', json: { description: 'Verkeerde salon.' } });
      const incident = declared(await reported.json());
      // Back in triage, no other controller: the processor may be controller, the clock shows.
      expect(incident.suggestedControllerId).toBeNull();
      expect(incident.authorityClock).toMatchObject({ discoveredAt: incident.reportedAt, overdue: false, notifiedAt: null });
      expect(Date.parse(incident.authorityClock.dueAt) - Date.parse(incident.reportedAt)).toBe(72 * 3_600_000);
      expect(incident.authorityClock.minutesLeft).toBeGreaterThan(71 * 60);
      const page = await (await ui.get('/ui/incidents')).text();
      expect(page).toMatch(/Melden uiterlijk \w+dag \d+ \w+ 20\d\d om \d\d:\d\d: nog 7[12] uur/);
      // The form starts on "our own data" here; reported to the authority without saying when: refused, in Dutch.
      const article = page.slice(page.indexOf(`id="incident-${incident.id}"`), page.indexOf('</article>', page.indexOf(`id="incident-${incident.id}"`)));
      expect(article).toContain('value="verwerker" checked');
      expect(article).toContain('72 uur (als wij zelf verwerkingsverantwoordelijke zijn)');
      const noDate = await ui.post(`/ui/incidents/${incident.id}/assessment`, {
        _csrf: UiClient.csrfOf(page), owner: 'verwerker', notifiable: 'ja', reasoning: 'Naam en e-mailadres bij een andere klant terechtgekomen.',
      });
      expect(noDate.status).toBe(400);
      expect(await noDate.text()).toContain('vul in wanneer u het bij de toezichthouder hebt gemeld');

      const missing = await t.api(`/api/v1/incidents/${incident.id}/assessment`, {
        method: 'POST',
        json: { notifiable: true, processorIsController: true, reasoning: 'Naam en e-mailadres bij een andere klant terechtgekomen.' },
      });
      expect(missing.status).toBe(400);
      const notifiedAt = new Date(Date.now() - 60_000).toISOString();
      const res = await t.api(`/api/v1/incidents/${incident.id}/assessment`, {
        method: 'POST',
        json: { notifiable: true, processorIsController: true, reasoning: 'Naam en e-mailadres bij een andere klant terechtgekomen.', authorityNotifiedAt: notifiedAt },
      });
      expect(res.status).toBe(200);
      const assessed = declared(await res.json());
      expect(assessed.assessment).toMatchObject({
        notifiable: true,
        processorIsController: true,
        authority: { country: 'NL', name: 'Autoriteit Persoonsgegevens' },
        authorityNotifiedAt: notifiedAt,
        notifiedControllerId: null,
        breachNotice: null,
      });
      expect(assessed.authorityClock).toMatchObject({ notifiedAt, overdue: false, minutesLeft: null });
      const db = t.service.app.get(DataSource);
      expect(await db.query(`SELECT 1 FROM messages WHERE template = 'breach-notice' AND request_id = $1`, [request.id])).toHaveLength(0);
      const listed = await (await ui.get('/ui/incidents')).text();
      expect(listed).toContain('gemeld bij de Autoriteit Persoonsgegevens');
      expect(listed).toContain('binnen 72 uur');
    });
  });
});
