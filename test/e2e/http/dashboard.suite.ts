/**
 * The dashboard against a hand-built fixture: requests filed through the API with a fixed clock,
 * forwarding dates recorded as the controller pages do, closed through events at known moments;
 * the SQL aggregates and the page checked against figures computed by hand.
 */
import pg from 'pg';
import { FixedClock } from '../../../src/common/clock.js';
import { DashboardService } from '../../../src/register/dashboard.service.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';

describe('dashboard', () => {
  type Json = Record<string, any>;
  const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
  let t: TestApp;
  let db: pg.Client;
  let controllerId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_WORKER: 'false' } });
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  /** Filed "now" (15 June 2025); the receipt lies in the past. */
  async function file(receivedAt: string, extra: Json = {}): Promise<Json> {
    clock.set(new Date('2025-06-15T10:00:00Z'));
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ receivedAt, ...extra }) });
    const body = (await res.json()) as Json;
    expect([res.status, body.errors ?? body.detail]).toEqual([201, undefined]);
    return body;
  }

  async function send(id: string, event: Json, at: string): Promise<void> {
    clock.set(new Date(at));
    const current = (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
    const res = await t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': `"${current.version}"` }, json: event });
    expect([event.type, res.status]).toEqual([event.type, 200]);
  }

  /** A request for the controller (matched on its e-mail address), forwarded and perhaps decided at the given moments. */
  async function forwarded(email: string, receivedAt: string, sentAt: string, decidedAt?: string): Promise<Json> {
    const r = await file(receivedAt, { requester: { name: 'Dash Board', email } });
    expect(r.state).toMatch(/^forwarded/);
    await db.query(`UPDATE forwardings SET state = 'sent', sent_at = $2 WHERE request_id = $1`, [r.id, sentAt]);
    if (decidedAt) {
      await db.query(`UPDATE forwardings SET state = 'decided', acknowledged_at = $2, decided_at = $2, decision = 'takes-over' WHERE request_id = $1`, [r.id, decidedAt]);
      await send(r.id, { type: 'FORWARDING_SETTLED', controllerId, decision: 'takes-over' }, decidedAt);
    }
    return r;
  }

  describe('dashboard', () => {
    beforeAll(async () => {
      // Filed "now" (receipt dates lie in the past), then moved through events at their own moments.
      clock.set(new Date('2025-06-15T10:00:00Z'));
      const c = await t.api('/api/v1/controllers', { method: 'POST', json: { name: 'Dashboard B.V.', country: 'NL', privacyContact: { email: 'privacy@dash.example' }, tone: 'u' } });
      controllerId = ((await c.json()) as Json).id;
      await t.api(`/api/v1/controllers/${controllerId}/identifiers`, {
        method: 'POST',
        json: { identifiers: ['a1', 'a2', 'a3'].map((k) => ({ type: 'email', value: `${k}@dash.example` })) },
      });
      // March 2025 (local dates of receipt):
      // a1: received Mon 3 March, forwarded the same day (0 days), decided Fri 7 March (4 days), closed then → met.
      await forwarded('a1@dash.example', '2025-03-03T09:00:00Z', '2025-03-03T10:00:00Z', '2025-03-07T10:00:00Z');
      // a2: received Tue 4 March, forwarded the 5th (1 day), decided Fri 14 March (10 days) → met.
      await forwarded('a2@dash.example', '2025-03-04T09:00:00Z', '2025-03-05T08:00:00Z', '2025-03-14T10:00:00Z');
      // a3: received Mon 10 March 23:30 local (22:30Z), forwarded Thu 13 March (3 days), no decision: due Thu 10 April, open → past the deadline, overdue now.
      await forwarded('a3@dash.example', '2025-03-10T22:30:00Z', '2025-03-13T09:00:00Z');
      // r1: in-house, by e-mail, erasure and objection: received Wed 5 March, due Mon 7 April, completed 20 April → missed.
      const r1 = await file('2025-03-05T09:00:00Z', { channel: 'email', rights: ['erasure', 'objection'], requester: { name: 'Dash Board', email: 'r1@elders.example' } });
      await send(r1.id, { type: 'CLASSIFY', scope: 'in-house' }, '2025-03-06T10:00:00Z');
      await send(r1.id, { type: 'VERIFIED' }, '2025-03-07T10:00:00Z');
      await send(r1.id, { type: 'COMPLETE' }, '2025-04-20T10:00:00Z');
      // 31 March 23:30 local is still March; 1 April 00:30 local is April.
      await file('2025-03-31T21:30:00Z', { channel: 'phone', requester: { name: 'Dash Board', email: 'late@elders.example' } });
      // May: received 20 May, unmatched in triage: its forwarding date (21 May) has passed → overdue now; legal date 20 June not yet → not judged.
      await file('2025-05-20T09:00:00Z', { requester: { name: 'Dash Board', email: 'm1@elders.example' } });
      // Long before the period, still open: overdue now, but in no month shown.
      await file('2024-01-10T09:00:00Z', { requester: { name: 'Dash Board', email: 'old@elders.example' } });
      clock.set(new Date('2025-06-15T10:00:00Z'));
    });

    it('aggregates per month in SQL with the hand-computed medians, shares and overdue counts', async () => {
      const f = await t.service.app.get(DashboardService).figures();
      expect(f.today).toBe('2025-06-15');
      expect(f.months.map((m) => m.month)).toEqual([
        '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06',
      ]);
      const march = f.months.find((m) => m.month === '2025-03')!;
      expect(march).toMatchObject({
        received: 5,
        byChannel: { helpdesk: 3, email: 1, phone: 1 },
        forwarded: 3,
        medianDaysToForward: 1, // 0, 1, 3
        decided: 2,
        medianDaysToDecision: 7, // 4, 10
        withinDeadline: 2, // a1, a2
        pastDeadline: 3, // a3 (open, past 10 April), r1 (closed 20 April, due 7 April), the phone request of 31 March (open, past 30 April)
        overdueNow: 2, // a3 and the phone request
      });
      expect(march.shareWithinDeadline).toBeCloseTo(0.4, 10);
      expect(march.byRight).toMatchObject({ access: 4, erasure: 1, objection: 1 });
      const may = f.months.find((m) => m.month === '2025-05')!;
      expect(may).toMatchObject({ received: 1, overdueNow: 1, withinDeadline: 0, pastDeadline: 0, shareWithinDeadline: null, medianDaysToForward: null });
      expect(f.months.find((m) => m.month === '2025-04')!.received).toBe(0);
      expect(f.total.received).toBe(6);
      // a3, the phone request, the May request and the one from January 2024.
      expect(f.overdueNowAll).toBe(4);
    });

    it('shows a Dutch page with an accessible SVG chart and the figures in tables', async () => {
      const anonymous = await fetch(`${t.baseUrl}/ui/dashboard`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      const ui = new UiClient(t.baseUrl);
      await ui.login(t.credentials.agent.username, t.credentials.agent.password);
      const res = await ui.get('/ui/dashboard');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<a href="/ui/dashboard" aria-current="page">Dashboard</a>');
      expect(html).toMatch(/<svg role="img" aria-labelledby="chart-title chart-desc"/);
      expect(html).toContain('<title id="chart-title">Ontvangen verzoeken per maand, juli 2024 tot en met juni 2025</title>');
      expect(html).toContain('maart 2025: 5; april 2025: 0; mei 2025: 1');
      expect(html).toContain('Nu te laat: 4');
      const march = html.slice(html.indexOf('<th scope="row">maart 2025</th>'));
      expect(march.slice(0, march.indexOf('</tr>'))).toMatch(/<td>5<\/td>\s*<td>1 <small>\(3 doorgestuurd\)<\/small><\/td>\s*<td>7 <small>\(2 besloten\)<\/small><\/td>\s*<td>40% <small>\(2 van 5\)<\/small><\/td>\s*<td>2<\/td>/);
      expect(html).toContain('<th scope="col">bezwaar (art. 21 lid 1 AVG)</th>');
      expect(html).toContain('<th scope="col">Telefoon</th>');
      expect(html).not.toContain('Dash Board');
      expect(html).toContain('href="/ui/register/export?from=2024-07-01&amp;to=2025-06-15&amp;format=csv"');
    });

    it('shows another twelve months on request; overdue now stays as of today; a future month is refused in Dutch', async () => {
      const f = await t.service.app.get(DashboardService).figures({ until: '2025-03' });
      expect([f.months[0].month, f.months[11].month]).toEqual(['2024-04', '2025-03']);
      expect(f.months[11]).toMatchObject({ received: 5, overdueNow: 2 });
      expect(f.total.received).toBe(5);
      expect(f.overdueNowAll).toBe(4);

      const ui = new UiClient(t.baseUrl);
      await ui.login(t.credentials.agent.username, t.credentials.agent.password);
      const earlier = await (await ui.get('/ui/dashboard?tot=2025-03')).text();
      expect(earlier).toContain('<title id="chart-title">Ontvangen verzoeken per maand, april 2024 tot en met maart 2025</title>');
      expect(earlier).toContain('<a href="/ui/dashboard?tot=2025-06">Naar de laatste twaalf maanden (tot en met juni 2025)</a>');
      expect(earlier).toContain('<a href="/ui/dashboard?tot=2024-03">Twaalf maanden eerder (tot en met maart 2024)</a>');
      expect(earlier).toContain('href="/ui/register/export?from=2024-04-01&amp;to=2025-03-31&amp;format=csv"');

      const future = await ui.get('/ui/dashboard?tot=2026-01');
      expect(future.status).toBe(200);
      const html = await future.text();
      expect(html).toContain('<p class="banner error" role="alert">Die maand ligt in de toekomst.');
      expect(html).toContain('juli 2024 tot en met juni 2025');
    });
  });
});
