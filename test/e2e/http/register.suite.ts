/**
 * The accountability register against a hand-built fixture: requests filed through the API with
 * a fixed clock and moved through events at known moments; every figure computed by hand.
 */
import pg from 'pg';
import { FixedClock } from '../../../src/common/clock.js';
import { csvField } from '../../../src/register/register.service.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';

describe('register', () => {
  type Json = Record<string, any>;
  const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
  let t: TestApp;
  let db: pg.Client;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { OUTBOX_WORKER: 'false', METRICS_TOKEN: 'metrics-token-0123456789' } });
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function file(key: string, receivedAt: string, extra: Json = {}): Promise<Json> {
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ receivedAt, requester: { name: 'Piet Register', email: `${key}@example.nl` }, ...extra }) });
    expect([key, res.status]).toEqual([key, 201]);
    const body = (await res.json()) as Json;
    refs[key] = body.reference;
    return body;
  }

  async function send(id: string, event: Json, at: string): Promise<Json> {
    clock.set(new Date(at));
    const current = (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
    const res = await t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': `"${current.version}"` }, json: event });
    expect([event.type, res.status]).toEqual([event.type, 200]);
    return (await res.json()) as Json;
  }

  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
        else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') row.push(field), (field = '');
      else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
      else field += ch;
    }
    return rows;
  }

  describe('register', () => {
    beforeAll(async () => {
      clock.set(new Date('2025-06-30T12:00:00Z'));
      // Outside the period (local dates of receipt, Europe/Amsterdam).
      await file('before', '2025-02-28T22:30:00Z'); // 28 Feb 23:30 local
      await file('after', '2025-03-31T22:30:00Z'); // 1 Apr 00:30 local
      // Sat 1 March 00:30 local: in the period; due Tue 1 April; left open → overdue.
      const r0 = await file('r0', '2025-02-28T23:30:00Z');
      // Mon 3 March: due Thu 3 April; in-house, completed 20 March → met, 14 days early.
      const r1 = await file('r1', '2025-03-03T09:00:00Z');
      // Tue 4 March: due Fri 4 April; withdrawn 10 April → missed by 6 days.
      const r2 = await file('r2', '2025-03-04T09:00:00Z', { rights: ['erasure', 'objection'], channel: 'email' });
      // Wed 5 March: extended on 10 March → due Thu 5 June; refused (excessive) 10 June → missed by 5 days.
      const r3 = await file('r3', '2025-03-05T09:00:00Z');
      // Mon 10 March: routed to a controller, forwarded 10th, acknowledged 12th, decided 14th (takes over) → due Thu 10 April, met.
      const c = await t.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: 'Drukkerij "De Letter", Utrecht', country: 'NL', privacyContact: { email: 'privacy@letter.example' }, tone: 'u' },
      });
      const controller = (await c.json()) as Json;
      await t.api(`/api/v1/controllers/${controller.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: 'r4@example.nl' }] } });
      const r4 = await file('r4', '2025-03-10T09:00:00Z');
      expect(r4.state).toMatch(/^forwarded/);

      await send(r1.id, { type: 'CLASSIFY', scope: 'in-house' }, '2025-03-04T10:00:00Z');
      await send(r1.id, { type: 'VERIFIED' }, '2025-03-05T10:00:00Z');
      await send(r1.id, { type: 'COMPLETE' }, '2025-03-20T10:00:00Z');
      await send(r2.id, { type: 'WITHDRAW' }, '2025-04-10T10:00:00Z');
      await send(r3.id, { type: 'CLASSIFY', scope: 'in-house' }, '2025-03-06T10:00:00Z');
      await send(r3.id, { type: 'EXTEND', reason: 'Gegevens uit vijf systemen.' }, '2025-03-10T10:00:00Z');
      await send(r3.id, { type: 'REFUSE', ground: 'excessive', reason: 'Herhaald verzoek: dit is het vierde gelijke verzoek binnen twee maanden, telkens volledig beantwoord; zie de eerdere antwoorden in het dossier.', partial: true }, '2025-06-10T10:00:00Z');
      // The controller's side as the controller pages record it (timestamps only).
      await db.query(
        `UPDATE forwardings SET state = 'decided', sent_at = '2025-03-10T10:00:00Z', acknowledged_at = '2025-03-12T10:00:00Z', decided_at = '2025-03-14T10:00:00Z', decision = 'takes-over'
          WHERE request_id = $1`,
        [r4.id],
      );
      await send(r4.id, { type: 'FORWARDING_SETTLED', controllerId: controller.id, decision: 'takes-over' }, '2025-03-14T10:05:00Z');
      void r0;
      clock.set(new Date('2025-04-20T12:00:00Z')); // "today" for open requests: r0 is 19 days past 1 April
    });

    it('exports every request of the period as JSON with hand-computed figures', async () => {
      const res = await t.api('/api/v1/register?from=2025-03-01&to=2025-03-31&format=json');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="register-2025-03-01-2025-03-31.json"');
      const entries = (await res.json()) as Json[];
      const pick = (e: Json) => [e.reference, e.receivedOn, e.closedOn, e.dueDate, e.deadline, e.daysPastDeadline, e.extended, e.extendedOn, e.refusalGround, e.refusalPartial];
      expect(entries.map(pick)).toEqual([
        [refs.r0, '2025-03-01', null, '2025-04-01', 'overdue', 19, false, null, null, false],
        [refs.r1, '2025-03-03', '2025-03-20', '2025-04-03', 'met', -14, false, null, null, false],
        [refs.r2, '2025-03-04', '2025-04-10', '2025-04-04', 'missed', 6, false, null, null, false],
        [refs.r3, '2025-03-05', '2025-06-10', '2025-06-05', 'missed', 5, true, '2025-03-10', 'excessive', true],
        [refs.r4, '2025-03-10', '2025-03-14', '2025-04-10', 'met', -27, false, null, null, false],
      ]);
      const r4 = entries[4];
      expect(r4).toMatchObject({
        state: 'closed.handedOver',
        scope: 'controller',
        forwardedOn: '2025-03-10',
        acknowledgedOn: '2025-03-12',
        decidedOn: '2025-03-14',
        controllers: [{ name: 'Drukkerij "De Letter", Utrecht', decision: 'takes-over', instruction: null }],
      });
      expect(entries[2]).toMatchObject({ rights: ['erasure', 'objection'], channel: 'email', state: 'closed.withdrawn' });
      expect(entries[1]).toMatchObject({ scope: 'in-house', state: 'closed.completed', forwardedOn: null });
      // No personal data in the register.
      expect(JSON.stringify(entries)).not.toMatch(/Piet Register|@example\.nl|vijf systemen|Herhaald/);
    });

    it('exports CSV (RFC 4180, header row, quoted fields) with the same rows', async () => {
      const res = await t.api('/api/v1/register?from=2025-03-01&to=2025-03-31');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const text = await res.text();
      expect(text.endsWith('\r\n')).toBe(true);
      const rows = parseCsv(text);
      const header = rows[0];
      expect(header.slice(0, 3)).toEqual(['kenmerk', 'ontvangen', 'kanaal']);
      expect(rows.slice(1).map((r) => r[0])).toEqual([refs.r0, refs.r1, refs.r2, refs.r3, refs.r4]);
      const col = (name: string) => header.indexOf(name);
      const r2 = rows[3];
      expect([r2[col('rechten')], r2[col('termijn')], r2[col('dagen na uiterste datum')]]).toEqual(['wissing, bezwaar', 'niet gehaald', '6']);
      const r4 = rows[5];
      expect(r4[col('verwerkingsverantwoordelijken')]).toBe('Drukkerij "De Letter", Utrecht');
      expect(text).toContain(csvField('Drukkerij "De Letter", Utrecht'));
      expect(r4[col('besluiten')]).toBe('Drukkerij "De Letter", Utrecht: handelt het zelf af');
      const r3 = rows[4];
      expect([r3[col('verlengd')], r3[col('verlengd op')], r3[col('gedeeltelijk geweigerd')]]).toEqual(['ja', '2025-03-10', 'ja']);
      expect(r3[col('weigeringsgrond')]).toContain('art. 12 lid 5 AVG');
    });

    it('validates the period and needs requests:read', async () => {
      const bad = await t.api('/api/v1/register?from=2025-02-30&to=2025-01-01');
      expect(bad.status).toBe(400);
      const pointers = ((await bad.json()) as Json).errors.map((e: Json) => e.pointer);
      expect(pointers).toContain('/query/from');
      const reversed = await t.api('/api/v1/register?from=2025-03-02&to=2025-03-01');
      expect(reversed.status).toBe(400);
      expect((await fetch(`${t.baseUrl}/api/v1/register?from=2025-03-01&to=2025-03-31`)).status).toBe(401);
      const empty = await t.api('/api/v1/register?from=2024-01-01&to=2024-01-31&format=json');
      expect(await empty.json()).toEqual([]);
    });

    it('streams the same CSV to a logged-in agent from the workspace', async () => {
      const anonymous = await fetch(`${t.baseUrl}/ui/register/export?from=2025-03-01&to=2025-03-31`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      const ui = new UiClient(t.baseUrl);
      await ui.login(t.credentials.agent.username, t.credentials.agent.password);
      const page = await ui.get('/ui/register');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Register exporteren');
      const csv = await ui.get('/ui/register/export?from=2025-03-01&to=2025-03-31&format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toContain('register-2025-03-01-2025-03-31.csv');
      const api = await (await t.api('/api/v1/register?from=2025-03-01&to=2025-03-31')).text();
      expect(await csv.text()).toBe(api);
      const invalid = await ui.get('/ui/register/export?from=nope&to=2025-03-31');
      expect(invalid.status).toBe(400);
      expect(await invalid.text()).toContain('geldige datums');
    });

    it('reports metrics after the known sequence of events', async () => {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(401);
      expect((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      const res = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      const value = (line: string) => {
        const found = text.split('\n').find((l) => l.startsWith(line + ' '));
        return found === undefined ? undefined : Number(found.slice(line.length + 1));
      };
      // 7 requests: before, after and r0 open in triage; r1 completed, r2 withdrawn, r3 refused, r4 handed over.
      const open = (await db.query(`SELECT state, count(*)::int AS n FROM requests WHERE closed_at IS NULL GROUP BY state`)).rows as { state: string; n: number }[];
      expect(open.reduce((s, r) => s + r.n, 0)).toBe(3);
      for (const r of open) expect(value(`verzoekrouter_requests{state="${r.state}"}`)).toBe(r.n);
      expect(value('verzoekrouter_requests{state="closed.completed"}')).toBe(1);
      expect(value('verzoekrouter_requests{state="closed.withdrawn"}')).toBe(1);
      expect(value('verzoekrouter_requests{state="closed.refused"}')).toBe(1);
      expect(value('verzoekrouter_requests{state="closed.handedOver"}')).toBe(1);
      // Today 20 April 2025: the three open requests are in triage, where the forwarding date (one working day after receipt) is due → all overdue.
      expect(value('verzoekrouter_requests_overdue')).toBe(3);
      // Outbox worker off: every letter the workflow wrote is still queued.
      const queued = (await db.query(`SELECT count(*)::int AS n FROM messages WHERE status IN ('queued', 'sending')`)).rows[0].n as number;
      expect(queued).toBeGreaterThan(0);
      expect(value('verzoekrouter_outbox_messages{status="backlog"}')).toBe(queued);
      expect(value('verzoekrouter_outbox_messages{status="failed"}')).toBe(0);
      expect(value('verzoekrouter_webhook_deliveries{status="failed"}')).toBe(0);
      expect(text).toContain('# TYPE verzoekrouter_http_request_duration_seconds histogram');
      expect(text).toMatch(/verzoekrouter_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/register",status="200"\} [1-9]/);
      expect(text).toMatch(/verzoekrouter_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/requests",status="201"\} 7/);
      expect(text).toContain('verzoekrouter_job_queue_jobs');
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no request ids in labels
    });
  });
});
