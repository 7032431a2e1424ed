/**
 * The whole forwarding path against a real database with mail captured by a real SMTP server:
 * intake → routed by the requester's e-mail → forwarding mail with a personal link → GET (no
 * state change) → details shown (audited) → acknowledge → decision → the request's end state.
 */
import { DataSource } from 'typeorm';
import { requestBody } from '../factories/requests.js';
import type { TestApp } from '../support/app.js';
import { useAppWithSmtp, waitUntil, type ReceivedMail, type TestSmtp, firstMailTo, controllerTokenIn } from '../support/replies-smtp.js';
import { LinkRateLimiter } from '../../src/common/link-rate-limiter.js';
import { ForwardingService } from '../../src/forwarding/forwarding.service.js';
import { UiClient } from '../support/ui-client.js';

describe('forwarding-flow', () => {
  type Json = Record<string, any>;
  let smtp: TestSmtp;
  let t: TestApp;
  let seq = 0;

  useAppWithSmtp({ OUTBOX_POLL_MS: '200' }, (app, server) => {
    t = app;
    smtp = server;
  });
  beforeEach(() => t.service.app.get(LinkRateLimiter).reset());

  async function controller(overrides: Json = {}): Promise<Json> {
    seq++;
    const res = await t.api('/api/v1/controllers', {
      method: 'POST',
      json: { name: `Bakkerij Korenbloem ${seq} B.V.`, country: 'NL', privacyContact: { name: 'Fatima El Amrani', email: `privacy${seq}@korenbloem.example` }, tone: 'u', ...overrides },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  }

  /** A controller that knows the requester's e-mail, and a request filed by that requester. */
  async function routedRequest(overrides: Json = {}, rights = ['access']): Promise<{ c: Json; request: Json; email: string }> {
    const c = await controller(overrides);
    const email = `klant${seq}.${Date.now()}@example.nl`;
    const idRes = await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } });
    expect(idRes.status).toBe(200);
    const res = await t.api('/api/v1/requests', {
      method: 'POST',
      json: requestBody({ requester: { name: 'Jan Jansen', email, phone: '0612345678' }, rights, message: 'Welke gegevens hebben jullie over mij?' }),
    });
    expect(res.status).toBe(201);
    return { c, request: (await res.json()) as Json, email };
  }

  const mailTo = (address: string, subjectPart?: string) => firstMailTo(smtp, address, subjectPart);

  const tokenIn = controllerTokenIn;

  async function getRequest(id: string): Promise<Json> {
    return (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
  }

  async function page(token: string): Promise<{ status: number; html: string; headers: Headers }> {
    const res = await fetch(`${t.baseUrl}/c/${token}`);
    return { status: res.status, html: await res.text(), headers: res.headers };
  }

  function csrfOf(html: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no _csrf on the page');
    return m[1];
  }

  async function post(token: string, action: string, fields: Record<string, string>): Promise<Response> {
    return fetch(`${t.baseUrl}/c/${token}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  }

  async function db(): Promise<DataSource> {
    return t.service.app.get(DataSource);
  }

  describe('forwarding to a controller, end to end', () => {
    it('intake → forwarding mail with link (sent within 10 s) → GET → details → acknowledge → takes-over → closed.handedOver', async () => {
      const started = Date.now();
      const { c, request, email } = await routedRequest();
      expect(request.state).toBe('forwarded.awaitingControllers');

      const mail = await mailTo(c.privacyContact.email);
      expect(mail.parsed.subject).toContain(request.reference);
      expect(mail.parsed.subject).toContain(c.name);
      expect(mail.parsed.text).toContain('Geachte Fatima El Amrani,');
      const token = tokenIn(mail);

      await waitUntil(async () => (await getRequest(request.id)).forwardings[0]?.state === 'sent', 10_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      const resource = await getRequest(request.id);
      expect(resource.forwardings).toHaveLength(1);
      expect(resource.forwardings[0]).toMatchObject({ controllerId: c.id, controllerName: c.name, state: 'sent', decision: null, instruction: null });
      expect(resource.forwardings[0].sentAt).toEqual(expect.any(String));
      expect(resource.forwardings[0].respondBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      // The requester was matched by their own e-mail and the agreement allows it: told where it went.
      const notice = await mailTo(email, 'doorgestuurd');
      expect(notice.parsed.text).toContain(c.name);

      // No live token stays in the database once the mail is sent.
      const stored: Json[] = await (await db()).query(`SELECT data, html, text, subject FROM messages WHERE forwarding_id = $1`, [resource.forwardings[0].id]);
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored[0])).not.toContain(token);
      expect(stored[0].data.link).toMatch(/\/c\/\[verwijderd\]$/);
      const [{ n }] = await (await db()).query(`SELECT count(*)::int AS n FROM forwardings WHERE token_digest = encode(sha256($1::bytea), 'hex')`, [token]);
      expect(n).toBe(1);

      // GET: the page, its headers, nothing personal, no state change.
      const first = await page(token);
      expect(first.status).toBe(200);
      expect(first.html).toContain('<html lang="nl">');
      expect(first.html).toContain(request.reference);
      expect(first.html).toContain('inzage');
      expect(first.html).toMatch(/nog \d+ dagen/);
      expect(first.html).not.toContain(email);
      expect(first.html).not.toContain('Welke gegevens hebben jullie over mij?');
      expect(first.headers.get('referrer-policy')).toBe('no-referrer');
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.headers.get('x-frame-options')).toBe('DENY');
      expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
      await page(token);
      expect((await getRequest(request.id)).forwardings[0].state).toBe('sent');
      const views: Json[] = await (await db()).query(`SELECT type FROM audit_events WHERE request_id = $1 AND type = 'CONTROLLER_LINK_FIRST_VIEWED'`, [request.id]);
      expect(views).toHaveLength(1);

      // "Gegevens tonen": a POST, audited.
      const csrf = csrfOf(first.html);
      const details = await post(token, 'details', { _csrf: csrf });
      expect(details.status).toBe(200);
      const detailsHtml = await details.text();
      expect(detailsHtml).toContain(email);
      expect(detailsHtml).toContain('Welke gegevens hebben jullie over mij?');
      const shown: Json[] = await (await db()).query(`SELECT actor FROM audit_events WHERE request_id = $1 AND type = 'CONTROLLER_VIEWED_REQUESTER_DETAILS'`, [request.id]);
      expect(shown).toEqual([{ actor: `controller:${resource.forwardings[0].id}` }]);

      const ack = await post(token, 'acknowledge', { _csrf: csrf });
      expect(ack.status).toBe(303);
      expect(ack.headers.get('location')).toBe(`/c/${token}`);
      expect((await getRequest(request.id)).forwardings[0].state).toBe('acknowledged');
      expect((await page(token)).html).toContain('Ontvangst bevestigd');

      const decided = await post(token, 'decision', { _csrf: csrf, decision: 'takes-over', note: 'Wij nemen contact op met de klant.' });
      expect(decided.status).toBe(303);
      const after = await getRequest(request.id);
      expect(after.state).toBe('closed.handedOver');
      expect(after.forwardings[0]).toMatchObject({ state: 'done', decision: 'takes-over', note: 'Wij nemen contact op met de klant.' });
      expect(after.forwardings[0].decidedAt).toEqual(expect.any(String));
      // The settled page on a plain GET: the decision, not the controller's own words (they may name the person).
      const plainPage = (await page(token)).html;
      expect(plainPage).toContain('Wij handelen het verzoek zelf af');
      expect(plainPage).not.toContain('Wij nemen contact op met de klant.');
      expect(plainPage).toContain('Uw toelichting zoals u die schreef ziet u na "Gegevens tonen".');
      expect(await (await post(token, 'details', { _csrf: csrf })).text()).toContain('Toelichting: Wij nemen contact op met de klant.');

      // The documented instruction: what, by whom, when.
      const [row] = await (await db()).query(`SELECT decision, decided_by, decided_at, note FROM forwardings WHERE id = $1`, [after.forwardings[0].id]);
      expect(row).toMatchObject({ decision: 'takes-over', decided_by: c.privacyContact.email, note: 'Wij nemen contact op met de klant.' });
      const settled: Json[] = await (await db()).query(`SELECT actor FROM audit_events WHERE request_id = $1 AND type = 'FORWARDING_SETTLED'`, [request.id]);
      expect(settled).toEqual([{ actor: `controller:${after.forwardings[0].id}` }]);

      // The helpdesk that filed the request hears of every step (written in the step's statement).
      const hooks: Json[] = await (await db()).query(`SELECT type, data FROM webhook_events WHERE request_id = $1`, [request.id]);
      expect(hooks.map((h) => h.type).sort()).toEqual(
        ['request.created', 'request.routed', 'request.forwarded', 'forwarding.acknowledged', 'forwarding.decided', 'request.closed'].sort(),
      );
      expect(JSON.stringify(hooks)).not.toContain(email);

      // A replayed POST after `done` shows the settled page.
      const replay = await post(token, 'decision', { _csrf: csrf, decision: 'not-ours' });
      expect(replay.status).toBe(303);
      const settledPage = await page(token);
      expect(settledPage.html).toContain('Wij handelen het verzoek zelf af');
      expect(settledPage.html).not.toContain('Besluit vastleggen');
      expect((await getRequest(request.id)).state).toBe('closed.handedOver');
    });

    it('instruct erase asks for a second confirmation, then becomes processor work (forwarded.instructed)', async () => {
      const { c, request } = await routedRequest({}, ['erasure']);
      const token = tokenIn(await mailTo(c.privacyContact.email));
      const csrf = csrfOf((await page(token)).html);

      const missing = await post(token, 'decision', { _csrf: csrf, decision: 'instruct', instruction: 'erase' });
      expect(missing.status).toBe(422);
      expect(await missing.text()).toContain('Beschrijf de instructie');

      const ask = await post(token, 'decision', { _csrf: csrf, decision: 'instruct', instruction: 'erase', details: 'Klantaccount K-10442 wissen, facturen bewaren.' });
      expect(ask.status).toBe(200);
      const confirmHtml = await ask.text();
      expect(confirmHtml).toContain('Ja, ik geef deze instructie');
      expect((await getRequest(request.id)).forwardings[0].decision).toBeNull();

      const confirmed = await post(token, 'decision', {
        _csrf: csrf,
        decision: 'instruct',
        instruction: 'erase',
        details: 'Klantaccount K-10442 wissen, facturen bewaren.',
        confirm: 'ja',
      });
      expect(confirmed.status).toBe(303);
      const after = await getRequest(request.id);
      expect(after.state).toBe('forwarded.instructed');
      expect(after.forwardings[0]).toMatchObject({ state: 'decided', decision: 'instruct', instruction: 'erase', instructionDetails: 'Klantaccount K-10442 wissen, facturen bewaren.' });
      const tasks: Json[] = await (await db()).query(`SELECT instruction, state, forwarding_id FROM processor_tasks WHERE request_id = $1`, [request.id]);
      expect(tasks).toEqual([{ instruction: 'erase', state: 'open', forwarding_id: after.forwardings[0].id }]);

      // The processor carried it out: the forwarding is done and the request completed.
      const etag = (await t.api(`/api/v1/requests/${request.id}`)).headers.get('etag')!;
      const done = await t.api(`/api/v1/requests/${request.id}/events`, {
        method: 'POST',
        headers: { 'if-match': etag },
        json: { type: 'INSTRUCTION_DONE', controllerId: c.id, outcome: 'Klantaccount K-10442 gewist, facturen bewaard.' },
      });
      expect(done.status).toBe(200);
      const closed = await getRequest(request.id);
      expect(closed.state).toBe('closed.completed');
      expect(closed.forwardings[0].state).toBe('done');
    });

    it('not-ours from the only controller sends the request back to triage for an agent; no notice without an e-mail match', async () => {
      const { c, request, email } = await routedRequest({ mayInformRequester: false });
      const token = tokenIn(await mailTo(c.privacyContact.email));
      const csrf = csrfOf((await page(token)).html);
      expect((await post(token, 'decision', { _csrf: csrf, decision: 'not-ours' })).status).toBe(303);
      const after = await getRequest(request.id);
      expect(after.state).toBe('triage.open');
      expect(after.flags.unmatched).toBe(true);
      expect(after.forwardings[0]).toMatchObject({ state: 'done', decision: 'not-ours' });
      // mayInformRequester false: no "forwarded" notice to the requester.
      const templates: Json[] = await (await db()).query(`SELECT template FROM messages WHERE request_id = $1 ORDER BY created_at`, [request.id]);
      expect(templates.map((m) => m.template)).not.toContain('forwarded-notice');
      expect(smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed.subject)).not.toEqual(
        expect.arrayContaining([expect.stringContaining('doorgestuurd')]),
      );
    });

    it('two simultaneous different decisions: one is recorded, the other sees it', async () => {
      const { c, request } = await routedRequest();
      const token = tokenIn(await mailTo(c.privacyContact.email));
      const csrf = csrfOf((await page(token)).html);
      const [a, b] = await Promise.all([
        post(token, 'decision', { _csrf: csrf, decision: 'takes-over' }),
        post(token, 'decision', { _csrf: csrf, decision: 'not-ours' }),
      ]);
      expect([a.status, b.status]).toEqual([303, 303]);
      const after = await getRequest(request.id);
      const decision = after.forwardings[0].decision;
      expect(['takes-over', 'not-ours']).toContain(decision);
      expect(after.state).toBe(decision === 'takes-over' ? 'closed.handedOver' : 'triage.open');
      const decided: Json[] = await (await db()).query(`SELECT data FROM audit_events WHERE request_id = $1 AND type = 'FORWARDING_DECIDED'`, [request.id]);
      expect(decided).toHaveLength(1);
      const settled: Json[] = await (await db()).query(`SELECT id FROM audit_events WHERE request_id = $1 AND type = 'FORWARDING_SETTLED'`, [request.id]);
      expect(settled).toHaveLength(1);
      expect((await page(token)).html).toContain(decision === 'takes-over' ? 'Wij handelen het verzoek zelf af' : 'Deze persoon is niet bij ons bekend');
    });
  });

  describe('the link itself', () => {
    it('unknown → 404, wrong _csrf → 403, revoked → 404, expired → 410, all revealing nothing', async () => {
      const { c, request } = await routedRequest();
      const token = tokenIn(await mailTo(c.privacyContact.email));
      for (const bad of ['x'.repeat(43), 'kort', `${token.slice(0, 42)}A` === token ? `${token.slice(0, 42)}B` : `${token.slice(0, 42)}A`]) {
        const r = await page(bad);
        expect(r.status).toBe(404);
        expect(r.html).toContain('<html lang="nl">');
        expect(r.html).not.toContain(request.reference);
        expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      }
      const wrong = await post(token, 'acknowledge', { _csrf: 'nep' });
      expect(wrong.status).toBe(403);
      const otherCsrf = await post(token, 'acknowledge', {});
      expect(otherCsrf.status).toBe(403);
      expect((await getRequest(request.id)).forwardings[0].acknowledgedAt).toBeNull();

      const forwardingId = (await getRequest(request.id)).forwardings[0].id;
      await (await db()).query(`UPDATE forwardings SET token_expires_at = now() - interval '1 minute' WHERE id = $1`, [forwardingId]);
      const expired = await page(token);
      expect(expired.status).toBe(410);
      expect(expired.html).not.toContain(request.reference);
      expect((await post(token, 'acknowledge', { _csrf: 'x' })).status).toBe(410);

      await (await db()).query(`UPDATE forwardings SET token_expires_at = now() + interval '1 day' WHERE id = $1`, [forwardingId]);
      await t.service.app.get(ForwardingService).revokeLink(forwardingId, 'agent:test');
      expect((await page(token)).status).toBe(404);
      expect((await getRequest(request.id)).forwardings[0].flags.linkRevoked).toBe(true);

      // A new link works; the old one stays dead.
      await t.service.app.get(ForwardingService).sendNewLink(forwardingId, 'agent:test');
      let fresh = token;
      await waitUntil(() => {
        const tokens = smtp.received.filter((m) => m.envelopeTo.includes(c.privacyContact.email)).map(tokenIn);
        fresh = tokens[tokens.length - 1];
        return tokens.length === 2;
      }, 10_000);
      expect(fresh).not.toBe(token);
      expect((await page(fresh)).status).toBe(200);
      expect((await page(token)).status).toBe(404);
    });

    it('more than 30 attempts a minute from one address → 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await page('y'.repeat(43))).status);
      expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    });
  });

  describe('the link, from the agent workspace', () => {
    it('an agent sends a new link (the old one stops working) and revokes it', async () => {
      const { c, request } = await routedRequest();
      const first = tokenIn(await mailTo(c.privacyContact.email));
      await waitUntil(async () => (await getRequest(request.id)).forwardings[0]?.state === 'sent', 10_000);
      const forwardingId = (await getRequest(request.id)).forwardings[0].id as string;

      const ui = new UiClient(t.baseUrl);
      expect((await ui.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
      const detail = await (await ui.get(`/ui/requests/${request.id}`)).text();
      expect(detail).toContain('Verstuurd'); // the state in Dutch, not its code
      expect(detail).toContain('Nieuwe link sturen');
      const csrf = UiClient.csrfOf(detail);

      smtp.received.length = 0;
      expect((await ui.post(`/ui/requests/${request.id}/forwardings/${forwardingId}/new-link`, { _csrf: csrf })).status).toBe(303);
      const second = tokenIn(await mailTo(c.privacyContact.email));
      expect(second).not.toBe(first);
      expect((await page(first)).status).toBe(404);
      expect((await page(second)).status).toBe(200);

      // Revoking asks for a confirmation first (a page with a second submit); only that revokes.
      const ask = await ui.post(`/ui/requests/${request.id}/forwardings/${forwardingId}/revoke-link`, { _csrf: csrf });
      expect(ask.status).toBe(200);
      expect(await ask.text()).toContain('Ja, link intrekken');
      expect((await page(second)).status).toBe(200);
      const revoked = await ui.post(`/ui/requests/${request.id}/forwardings/${forwardingId}/revoke-link`, { _csrf: csrf, confirmed: 'ja' });
      expect(revoked.status).toBe(303);
      expect(revoked.headers.get('location')).toContain('link=ingetrokken');
      expect((await page(second)).status).toBe(404);
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: { type: string; description: string }[] };
      expect(timeline.items.map((e) => e.type)).toEqual(expect.arrayContaining(['CONTROLLER_LINK_RENEWED', 'CONTROLLER_LINK_REVOKED']));
      expect(timeline.items.find((e) => e.type === 'CONTROLLER_LINK_REVOKED')!.description).toBe('Link van de verwerkingsverantwoordelijke ingetrokken.');

      // Without a CSRF token nothing happens; another request's forwarding is not reachable from here.
      expect((await ui.post(`/ui/requests/${request.id}/forwardings/${forwardingId}/new-link`, {})).status).toBe(403);
      const other = await routedRequest();
      expect((await ui.post(`/ui/requests/${other.request.id}/forwardings/${forwardingId}/new-link`, { _csrf: csrf })).status).toBe(404);
    });
  });
});
