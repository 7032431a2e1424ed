/**
 * Per forwarding: past the controller's respondBy without a decision it is flagged overdue, once
 * (the reminder sweep, injectable clock), visible in the API, the request page and the queue.
 * On the controller's page: the draft reply letters, prefilled, only by POST with the page's _csrf.
 */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock.js';
import { LinkRateLimiter } from '../../src/common/link-rate-limiter.js';
import { ForwardingReminderSweeper } from '../../src/forwarding/reminder-sweeper.js';
import { OutboxWorker } from '../../src/replies/outbox.worker.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { UiClient } from '../support/ui-client.js';

describe('forwarding-overdue-drafts', () => {
  type Json = Record<string, any>;
  const clock = new FixedClock(new Date());
  let t: TestApp;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_WORKER: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => t.service.app.get(LinkRateLimiter).reset());

  const db = () => t.service.app.get(DataSource);

  /** A request routed to a new controller; the clear link is read from the outbox row before delivery scrubs it. */
  async function routed(rights = ['access']): Promise<{ request: Json; c: Json; token: string; email: string }> {
    seq++;
    const c = (await (
      await t.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: `Boekhandel Lezen ${seq}`, country: 'NL', privacyContact: { name: 'Joris Bakker', email: `privacy${seq}@lezen.example` }, tone: 'je' },
      })
    ).json()) as Json;
    const email = `lezer${seq}.${Date.now()}@example.nl`;
    expect((await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } })).status).toBe(200);
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Mila Hendriks', email }, rights }) });
    expect(res.status).toBe(201);
    const request = (await res.json()) as Json;
    const [m] = await db().query(`SELECT data->>'link' AS link FROM messages WHERE request_id = $1 AND template = 'forwarding'`, [request.id]);
    const token = /\/c\/([A-Za-z0-9_-]{43})$/.exec(m.link)![1];
    clock.advance(60_000);
    await t.service.app.get(OutboxWorker).runOnce();
    return { request, c, token, email };
  }

  async function post(path: string, fields: Record<string, string>): Promise<Response> {
    return fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  }

  describe('draft reply letters on the controller page', () => {
    it('POST with the page _csrf downloads the draft prefilled for this request; without a valid _csrf or by GET: not served', async () => {
      const { request, c, token } = await routed(['access']);
      const page = await (await fetch(`${t.baseUrl}/c/${token}`)).text();
      expect(page).toContain('Conceptbrieven voor je antwoord');
      expect(page).toContain(`/c/${token}/drafts/draft-access`);
      expect(page).toContain(`/c/${token}/drafts/draft-refusal`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];

      const res = await post(`/c/${token}/drafts/draft-access`, { _csrf: csrf });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="concept-inzage-${request.reference}.txt"`);
      const text = await res.text();
      expect(text).toContain(request.reference);
      expect(text).toContain('Mila Hendriks'); // prefilled: why it is only served on a POST
      expect(text).toContain(c.name);
      expect(text).toContain('CONCEPT');
      expect(text).toContain('Joris Bakker'); // addressed to the controller's contact
      expect(text).toContain('vind je'); // in the controller's tone (je)

      // A link scanner's GET gets nothing; a missing or wrong _csrf neither.
      const get = await fetch(`${t.baseUrl}/c/${token}/drafts/draft-access`);
      expect(get.status).toBe(404);
      expect(await get.text()).not.toContain('Mila');
      expect((await post(`/c/${token}/drafts/draft-access`, {})).status).toBe(403);
      expect((await post(`/c/${token}/drafts/draft-access`, { _csrf: 'x'.repeat(43) })).status).toBe(403);
      // A draft that is not offered, or an unknown link: 404.
      expect((await post(`/c/${token}/drafts/forwarding`, { _csrf: csrf })).status).toBe(404);
      expect((await post(`/c/${'z'.repeat(43)}/drafts/draft-access`, { _csrf: csrf })).status).toBe(404);

      // Audited, without personal data.
      const audit = await db().query(`SELECT actor, data FROM audit_events WHERE request_id = $1 AND type = 'CONTROLLER_DRAFT_DOWNLOADED'`, [request.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0].actor).toMatch(/^controller:/);
      expect(audit[0].data).toMatchObject({ template: 'draft-access', controllerId: c.id });
      expect(JSON.stringify(audit[0].data)).not.toContain('Mila');
    });

    it('an erasure request offers only the refusal draft', async () => {
      const { token } = await routed(['erasure']);
      const page = await (await fetch(`${t.baseUrl}/c/${token}`)).text();
      expect(page).not.toContain('/drafts/draft-access');
      expect(page).toContain('/drafts/draft-refusal');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
      expect((await post(`/c/${token}/drafts/draft-access`, { _csrf: csrf })).status).toBe(404);
      const refusal = await post(`/c/${token}/drafts/draft-refusal`, { _csrf: csrf });
      expect(refusal.status).toBe(200);
      expect(await refusal.text()).toContain('art. 12 lid 4 AVG');
    });
  });

  describe('a forwarding past the controller\'s respondBy without a decision', () => {
    it('is flagged overdue exactly once, and shows in the API, the request page and the queue; a decided one is not', async () => {
      const { request } = await routed(['access']);
      const decided = await routed(['access']);
      const page = await (await fetch(`${t.baseUrl}/c/${decided.token}`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
      expect((await post(`/c/${decided.token}/decision`, { _csrf: csrf, decision: 'takes-over' })).status).toBe(303);

      const sweep = () => t.service.app.get(ForwardingReminderSweeper).sweep();
      const before = (await (await t.api(`/api/v1/requests/${request.id}`)).json()) as Json;
      const respondBy: string = before.forwardings[0].respondBy;
      expect(before.forwardings[0].flags.overdue).toBe(false);

      // On respondBy itself it is still in time.
      clock.set(new Date(`${respondBy}T10:00:00Z`));
      expect((await sweep()).overdue).toBe(0);
      // The day after: overdue, once however often the sweep runs.
      clock.set(new Date(Date.parse(`${respondBy}T10:00:00Z`) + 86_400_000));
      // (the undecided forwardings of the draft tests above are overdue too; the decided one is not)
      expect((await sweep()).overdue).toBe(3);
      expect((await sweep()).overdue).toBe(0);
      expect((await sweep()).overdue).toBe(0);

      const after = (await (await t.api(`/api/v1/requests/${request.id}`)).json()) as Json;
      expect(after.forwardings[0].flags.overdue).toBe(true);
      expect(after.forwardings[0].overdueAt).toEqual(expect.any(String));
      const [row] = await db().query(`SELECT snapshot->'context'->>'overdue' AS overdue FROM forwardings WHERE request_id = $1`, [request.id]);
      expect(row.overdue).toBe('true');
      const events = await db().query(`SELECT type FROM audit_events WHERE request_id = $1 AND type = 'FORWARDING_OVERDUE'`, [request.id]);
      expect(events).toHaveLength(1);
      const other = (await (await t.api(`/api/v1/requests/${decided.request.id}`)).json()) as Json;
      expect(other.forwardings[0].flags.overdue).toBe(false);

      const ui = new UiClient(t.baseUrl);
      expect((await ui.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
      const detail = await (await ui.get(`/ui/requests/${request.id}`)).text();
      expect(detail).toContain('Termijn verstreken zonder besluit');
      const timeline = (await (await t.api(`/api/v1/requests/${request.id}/timeline`)).json()) as { items: Json[] };
      expect(timeline.items.find((e) => e.type === 'FORWARDING_OVERDUE')!.description).toBe(
        'De termijn van de verwerkingsverantwoordelijke is verstreken zonder besluit.',
      );
      const queue = await (await ui.get(`/ui?zoek=${request.reference}`)).text();
      expect(queue).toContain('Termijn verwerkingsverantwoordelijke verstreken');
    });
  });
});
