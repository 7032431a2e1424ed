/**
 * Input the database cannot store is refused with a clear error and stores nothing: control
 * characters, deep nesting, dates outside the sane range, bodies that are not JSON (issue #18).
 */
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';
import { requestBody } from '../../factories/requests.js';

describe('hostile-input', () => {
  let t: TestApp;
  let requestId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody() });
    requestId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function problem(res: Response): Promise<{ status: number; code: string; errors?: { pointer: string; detail: string }[] }> {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as never;
  }

  async function requestCount(): Promise<number> {
    const rows = (await t.service.app.get((await import('typeorm')).DataSource).query('SELECT count(*)::int AS n FROM requests')) as { n: number }[];
    return rows[0].n;
  }

  describe('control characters', () => {
    it.each([
      ['the requester name', { requester: { name: 'Jan\u0000Jansen', email: 'jan@example.nl' } }, '/requester/name'],
      ['the message', { message: 'Graag inzage\u0007' }, '/message'],
      ['the external reference', { externalRef: 'ZD-\u001b1' }, '/externalRef'],
    ])('refuses U+0000 and friends in %s with a pointer, and stores nothing', async (_what, overrides, pointer) => {
      const before = await requestCount();
      const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
      expect(res.status).toBe(400);
      expect((await problem(res)).errors).toEqual([{ pointer, detail: expect.stringContaining('control character') }]);
      expect(await requestCount()).toBe(before);
    });

    it('keeps tab, CR and LF in a message', async () => {
      const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ message: 'Regel 1\r\nRegel 2\tmet tab' }) });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { message: string }).message).toBe('Regel 1\r\nRegel 2\tmet tab');
    });

    it.each([
      ['a NOTE', `/api/v1/requests/{id}/events`, { type: 'NOTE', text: 'a\u0000b' }, '/text'],
      ['a legal-hold reason', `/api/v1/requests/{id}/legal-hold`, { reason: 'Rechtszaak\u0000' }, '/reason'],
      ['a controller name', '/api/v1/controllers', { name: 'X\u0000 BV', country: 'NL', tone: 'u', privacyContact: { email: 'p@x.nl' } }, '/name'],
      ['a webhook description', '/api/v1/webhooks', { url: 'https://hooks.example.org/x', events: ['*'], description: 'zd\u0000' }, '/description'],
    ])('refuses a control character in %s', async (_what, path, body, pointer) => {
      const res = await t.api(path.replace('{id}', requestId), { method: 'POST', headers: { 'if-match': '"1"' }, json: body });
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.[0].pointer).toBe(pointer);
    });

    it.each([
      ['/api/v1/controllers?q=%00', '/query/q'],
      ['/api/v1/requests?externalRef=a%00', '/query/externalRef'],
      ['/api/v1/requests?state=%01', '/query/state'],
    ])('refuses a control character in a search or filter parameter: %s', async (path, pointer) => {
      const res = await t.api(path);
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.[0].pointer).toBe(pointer);
    });

    it('answers a workspace form with a control character with a Dutch page, and stores nothing', async () => {
      const c = new UiClient(t.baseUrl);
      expect((await c.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
      const before = await requestCount();
      const csrf = await c.csrf('/ui/requests/new');
      const res = await c.post('/ui/requests/new', { _csrf: csrf, channel: 'phone', name: 'Jan\u0000', email: 'jan@example.nl', rights: 'access', message: 'Inzage' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('onzichtbaar stuurteken');
      expect(await requestCount()).toBe(before);
      const search = await c.get('/ui?zoek=%00');
      expect(search.status).toBe(400);
      expect(await search.text()).toContain('onzichtbaar stuurteken');
    });
  });

  describe('nesting', () => {
    it.each([33, 3000, 20_000])('refuses a body nested %i levels deep with a 400', async (levels) => {
      const body = `{"message":${'['.repeat(levels)}${']'.repeat(levels)}}`;
      const res = await t.api('/api/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.[0].detail).toContain('deeper than 32');
    });
  });

  describe('dates', () => {
    it.each([
      ['year 0000', '0000-01-01T00:00:00Z'],
      ['the day before the GDPR applied', '2018-05-24T12:00:00+02:00'],
      ['year 9999', '9999-12-31T23:59:59Z'],
    ])('refuses a receipt in %s', async (_what, receivedAt) => {
      const before = await requestCount();
      const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ receivedAt }) });
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.[0].pointer).toBe('/receivedAt');
      expect(await requestCount()).toBe(before);
    });

    it('accepts a receipt on the GDPR\'s first day', async () => {
      const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ receivedAt: '2018-05-25T09:00:00+02:00' }) });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { id: string }).id;
      expect((await t.api(`/api/v1/requests/${id}/dossier`)).status).toBe(200);
    });

    it.each([
      ['dueBefore=0000-01-01', '/api/v1/requests?dueBefore=0000-01-01', '/query/dueBefore'],
      ['a register from year 0000', '/api/v1/register?from=0000-01-01&to=2026-01-01&format=json', '/query/from'],
      ['a register to year 2200', '/api/v1/register?from=2026-01-01&to=2200-01-01', '/query/to'],
    ])('refuses %s with a 400', async (_what, path, pointer) => {
      const res = await t.api(path);
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.map((e) => e.pointer)).toContain(pointer);
    });

    it('refuses an agreement date in year 0000', async () => {
      const res = await t.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: 'Oud BV', country: 'NL', tone: 'u', privacyContact: { email: 'p@oud.nl' }, agreement: { title: 'Verwerkersovereenkomst', date: '0000-10-01' } },
      });
      expect(res.status).toBe(400);
      expect((await problem(res)).errors?.[0].pointer).toBe('/agreement/date');
    });
  });

  describe('content types', () => {
    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])('answers a %s body on the API with 415', async (type) => {
      const res = await t.api('/api/v1/requests', { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(requestBody()) });
      expect(res.status).toBe(415);
      expect((await problem(res)).code).toBe('unsupported-media-type');
    });
  });
});
