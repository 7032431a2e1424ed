/** The request API over HTTP: intake, reading, events with If-Match, timeline. */
import { FixedClock } from '../../../src/common/clock.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { requestBody } from '../../factories/requests.js';

describe('requests', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-04-20T10:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function create(overrides: Record<string, unknown> = {}) {
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
    expect(res.status).toBe(201);
    return (await res.json()) as Record<string, any>;
  }

  async function send(id: string, version: number | undefined, event: Record<string, unknown>) {
    const headers: Record<string, string> = {};
    if (version !== undefined) headers['if-match'] = `"${version}"`;
    return t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers, json: event });
  }

  describe('POST /api/v1/requests', () => {
    it('files a request in triage with a reference, the clock and the allowed events', async () => {
      const r = await create({ receivedAt: '2026-03-27T09:00:00+01:00', requester: { name: 'Jan', email: '  Jan@Example.NL ' } });
      expect(r.reference).toMatch(/^AVG-2026-\d{6}$/);
      expect(r.state).toBe('triage.open');
      expect(r.requester.email).toBe('Jan@Example.NL');
      // Received Friday 27 March 2026: one month is Monday 27 April, Koningsdag → Tuesday 28 April.
      expect(r.deadlines).toMatchObject({ receivedDate: '2026-03-27', nominalRespondBy: '2026-04-27', respondBy: '2026-04-28', forwardBy: '2026-03-30' });
      expect(r.deadlines.explanations.respondBy.text).toContain('Koningsdag');
      expect(r.allowedEvents).toEqual(expect.arrayContaining(['CLASSIFY', 'ASSIGN_CONTROLLER', 'EXTEND', 'REFUSE', 'WITHDRAW', 'NOTE']));
      expect(r.allowedEvents).not.toContain('ROUTE_MATCHED');
      expect(r.forwardings).toEqual([]);
      expect(r.version).toBe(1);
    });

    it('numbers references per year without gaps between consecutive intakes', async () => {
      const a = await create();
      const b = await create();
      expect(Number(b.reference.slice(-6))).toBe(Number(a.reference.slice(-6)) + 1);
    });

    it('flags a direct-marketing objection as urgent', async () => {
      const r = await create({ rights: ['objection-direct-marketing'] });
      expect(r.flags.urgent).toBe(true);
    });

    it.each([
      ['no contact', { requester: { name: 'Jan' } }, '/requester/email'],
      ['an unknown right', { rights: ['access', 'be-forgotten'] }, '/rights/1'],
      ['no rights', { rights: [] }, '/rights'],
      ['a right twice', { rights: ['access', 'access'] }, '/rights'],
      ['an oversize message', { message: 'x'.repeat(20_001) }, '/message'],
      ['an unknown field', { priority: 'high' }, '/priority'],
      ['a bad e-mail', { requester: { name: 'Jan', email: 'jan@' } }, '/requester/email'],
      ['a date without offset', { receivedAt: '2026-04-01T10:00:00' }, '/receivedAt'],
      ['an unknown channel', { channel: 'fax' }, '/channel'],
    ])('refuses %s with 400 and a pointer', async (_label, overrides, pointer) => {
      const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const body = (await res.json()) as { code: string; errors: { pointer: string }[] };
      expect(body.code).toBe('validation-failed');
      expect(body.errors.map((e) => e.pointer)).toContain(pointer);
    });

    it('refuses a receipt time in the future', async () => {
      const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ receivedAt: '2026-04-21T10:00:00Z' }) });
      expect(res.status).toBe(400);
    });
  });

  describe('GET /api/v1/requests', () => {
    it('lists open requests by urgency and finds by external reference and reference', async () => {
      const late = await create({ receivedAt: '2026-03-01T10:00:00Z', externalRef: 'ZD-LATE' });
      const early = await create({ receivedAt: '2026-04-15T10:00:00Z' });
      const res = await t.api('/api/v1/requests?limit=500');
      const { items } = (await res.json()) as { items: { id: string; deadlines: { effectiveRespondBy: string } }[] };
      const ids = items.map((i) => i.id);
      expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(early.id));
      const dues = items.map((i) => i.deadlines.effectiveRespondBy);
      expect(items.find((i) => i.id === late.id)).toBeDefined();
      expect(dues.length).toBeGreaterThan(1);

      const byRef = (await (await t.api('/api/v1/requests?externalRef=ZD-LATE')).json()) as { items: { id: string }[] };
      expect(byRef.items.map((i) => i.id)).toEqual([late.id]);
      const byReference = (await (await t.api(`/api/v1/requests?reference=${late.reference}`)).json()) as { items: { id: string }[] };
      expect(byReference.items.map((i) => i.id)).toEqual([late.id]);
    });

    it('pages with a cursor without repeating or skipping', async () => {
      for (let i = 0; i < 3; i++) await create();
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t.api(`/api/v1/requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(2);
        all.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      const full = (await (await t.api('/api/v1/requests?limit=500')).json()) as { items: { id: string }[] };
      expect(all).toEqual(full.items.map((i) => i.id));
    });

    it('refuses a limit over 500 and a forged cursor', async () => {
      expect((await t.api('/api/v1/requests?limit=501')).status).toBe(400);
      expect((await t.api('/api/v1/requests?cursor=abc')).status).toBe(400);
    });
  });

  describe('GET /api/v1/requests/:id', () => {
    it('answers with an ETag of the version, 404 for an unknown id', async () => {
      const r = await create();
      const res = await t.api(`/api/v1/requests/${r.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      expect((await t.api('/api/v1/requests/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.api('/api/v1/requests/not-a-uuid')).status).toBe(404);
    });
  });

  describe('POST /api/v1/requests/:id/events', () => {
    it('needs If-Match (428), refuses a stale one (409) and an event the state does not accept (422)', async () => {
      const r = await create();
      expect((await send(r.id, undefined, { type: 'WITHDRAW' })).status).toBe(428);
      const stale = await send(r.id, 7, { type: 'WITHDRAW' });
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as { code: string }).code).toBe('version-conflict');
      const invalid = await send(r.id, 1, { type: 'COMPLETE' });
      expect(invalid.status).toBe(422);
      const body = (await invalid.json()) as { code: string; allowedEvents: string[] };
      expect(body.code).toBe('invalid-transition');
      expect(body.allowedEvents).toEqual(r.allowedEvents);
    });

    it('takes If-Match: * as any current version (RFC 9110)', async () => {
      const r = await create();
      const res = await t.api(`/api/v1/requests/${r.id}/events`, { method: 'POST', headers: { 'if-match': '*' }, json: { type: 'CLASSIFY', scope: 'in-house' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      const unknown = await t.api('/api/v1/requests/00000000-0000-4000-8000-000000000000/events', { method: 'POST', headers: { 'if-match': '*' }, json: { type: 'WITHDRAW' } });
      expect(unknown.status).toBe(404);
    });

    it('refuses an event with a bad payload with 400', async () => {
      const r = await create();
      const res = await send(r.id, 1, { type: 'EXTEND' });
      expect(res.status).toBe(400);
      expect((await send(r.id, 1, { type: 'ROUTE_MATCHED', controllers: [] })).status).toBe(400);
    });

    it('works an in-house request from intake to completion, each step in the timeline', async () => {
      const r = await create({ rights: ['access', 'erasure'] });
      let res = await send(r.id, 1, { type: 'CLASSIFY', scope: 'in-house' });
      expect(res.status).toBe(200);
      let body = (await res.json()) as Record<string, any>;
      expect(body.state).toBe('inHouse.verifying');
      expect(res.headers.get('etag')).toBe('"2"');

      res = await send(r.id, 2, { type: 'REQUEST_INFO', reason: 'Graag bevestiging vanaf uw bekende e-mailadres.', forIdentification: true });
      body = (await res.json()) as Record<string, any>;
      expect(body.state).toBe('inHouse.awaitingRequester');
      expect(body.deadlines.paused).toBe(true);

      clock.advance(5 * 86_400_000);
      res = await send(r.id, 3, { type: 'INFO_RECEIVED' });
      body = (await res.json()) as Record<string, any>;
      expect(body.state).toBe('inHouse.verifying');
      expect(body.deadlines.pausedDays).toBe(5);
      expect(body.deadlines.respondBy > r.deadlines.respondBy).toBe(true);
      expect(body.deadlines.unpausedRespondBy).toBe(r.deadlines.respondBy);

      for (const [v, type] of [[4, 'VERIFIED'], [5, 'PREPARE_ANSWER'], [6, 'COMPLETE']] as const) {
        res = await send(r.id, v, { type });
        expect(res.status).toBe(200);
      }
      body = (await res.json()) as Record<string, any>;
      expect(body.state).toBe('closed.completed');
      expect(body.closedAt).not.toBeNull();
      expect(body.allowedEvents).toEqual([]);
      expect(body.deadlines.urgency).toBeUndefined();

      const timeline = (await (await t.api(`/api/v1/requests/${r.id}/timeline`)).json()) as { items: { type: string; description: string; actor: string }[] };
      expect(timeline.items.map((e) => e.type)).toEqual(['RECEIVED', 'ROUTE_NONE', 'CLASSIFY', 'REQUEST_INFO', 'INFO_RECEIVED', 'VERIFIED', 'PREPARE_ANSWER', 'COMPLETE']);
      expect(timeline.items[0].description).toMatch(/^Verzoek ontvangen via de helpdesk \(inzage, wissing\)/);
      expect(timeline.items[3].description).toContain('opgeschort');
      // The client did every step; routing is the system's.
      expect(timeline.items.filter((e) => e.type !== 'ROUTE_NONE').every((e) => e.actor === 'api:bootstrap')).toBe(true);
      expect(timeline.items[1].actor).toBe('system');
      // No free text (the reason) in the audit data.
      expect(JSON.stringify(timeline)).not.toContain('bekende e-mailadres');
    });

    it('extends within the first month with a reason, and refuses with a ground under art 12(5)', async () => {
      const r = await create();
      let res = await send(r.id, 1, { type: 'EXTEND', reason: 'kort' });
      expect(res.status).toBe(422);
      res = await send(r.id, 1, { type: 'EXTEND', reason: 'Het verzoek betreft twaalf jaar aan administratie in drie systemen.' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, any>;
      expect(body.deadlines.extended).toBe(true);
      expect(body.deadlines.dueDate).toBe(body.deadlines.extendedRespondBy);
      expect(body.allowedEvents).not.toContain('EXTEND');

      res = await send(r.id, 2, { type: 'REFUSE', ground: 'excessive', reason: 'te kort' });
      expect(res.status).toBe(422);
      res = await send(r.id, 2, { type: 'REFUSE', ground: 'excessive', reason: 'Vijfde identieke verzoek in twee maanden, zie AVG-2026-000001 en verder.' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { state: string }).state).toBe('closed.refused');
    });

    it('routes to a controller by assignment and closes as handed over when it takes over', async () => {
      const r = await create();
      const unknown = '11111111-1111-4111-8111-111111111111';
      let res = await send(r.id, 1, { type: 'ASSIGN_CONTROLLER', controllerIds: [unknown] });
      expect(res.status).toBe(422);
      const controller = await t.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: 'Bakkerij De Korenbloem B.V.', country: 'NL', privacyContact: { email: 'privacy@korenbloem.example' }, tone: 'u' },
      });
      expect(controller.status).toBe(201);
      const controllerId = ((await controller.json()) as { id: string }).id;
      res = await send(r.id, 1, { type: 'ASSIGN_CONTROLLER', controllerIds: [controllerId] });
      expect(((await res.json()) as { state: string }).state).toBe('forwarded.awaitingControllers');
      res = await send(r.id, 2, { type: 'FORWARDING_SETTLED', controllerId, decision: 'takes-over' });
      expect(((await res.json()) as { state: string }).state).toBe('closed.handedOver');
    });
  });

  describe('SET_LANGUAGE: the requester\'s language through the events endpoint', () => {
    it('changes the language with If-Match, once on the timeline; the same language again changes nothing', async () => {
      const r = await create();
      expect(r.requester.language).toBe('nl');
      expect(r.allowedEvents).toContain('SET_LANGUAGE');

      // If-Match as for every event: none is a 428, a stale one a 409.
      expect((await send(r.id, undefined, { type: 'SET_LANGUAGE', language: 'fr' })).status).toBe(428);
      expect((await send(r.id, r.version + 5, { type: 'SET_LANGUAGE', language: 'fr' })).status).toBe(409);

      const res = await send(r.id, r.version, { type: 'SET_LANGUAGE', language: 'fr' });
      expect(res.status).toBe(200);
      const changed = (await res.json()) as Record<string, any>;
      expect(changed).toMatchObject({ state: 'triage.open', version: r.version + 1, requester: { language: 'fr' } });

      // The same language again: no event, the version stays (a stale version is still a 409).
      const same = await send(r.id, changed.version, { type: 'SET_LANGUAGE', language: 'fr' });
      expect(same.status).toBe(200);
      expect(((await same.json()) as Record<string, any>).version).toBe(changed.version);
      expect((await send(r.id, r.version, { type: 'SET_LANGUAGE', language: 'fr' })).status).toBe(409);

      const timeline = (await (await t.api(`/api/v1/requests/${r.id}/timeline`)).json()) as { items: { type: string; description: string }[] };
      const changes = timeline.items.filter((e) => e.type === 'REQUESTER_LANGUAGE_CHANGED');
      expect(changes).toHaveLength(1);
      expect(changes[0]!.description).toContain('van Nederlands naar Frans');
      expect(timeline.items.map((e) => e.type)).not.toContain('SET_LANGUAGE');
    });

    it('refuses a language that is not nl, fr or en (validation-failed), and a closed request (invalid-transition)', async () => {
      const r = await create();
      const unknown = await send(r.id, r.version, { type: 'SET_LANGUAGE', language: 'de' });
      expect(unknown.status).toBe(400);
      const problem = (await unknown.json()) as { code: string; errors: { pointer: string }[] };
      expect(problem.code).toBe('validation-failed');
      expect(problem.errors[0]!.pointer).toBe('/language');

      expect((await send(r.id, r.version, { type: 'WITHDRAW' })).status).toBe(200);
      const closed = await send(r.id, r.version + 1, { type: 'SET_LANGUAGE', language: 'en' });
      expect(closed.status).toBe(422);
      expect(((await closed.json()) as { code: string }).code).toBe('invalid-transition');
      // Its own language again is no exception: the closed request takes no SET_LANGUAGE at all.
      const same = await send(r.id, r.version + 1, { type: 'SET_LANGUAGE', language: r.requester.language });
      expect(same.status).toBe(422);
      expect(((await same.json()) as { code: string }).code).toBe('invalid-transition');
    });
  });
});
