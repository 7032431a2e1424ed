/** Health, the API-key guard and problem+json errors, over HTTP. */
import { DataSource } from 'typeorm';
import { ApiKeysService, KEY_CACHE_MS } from '../../../src/api/api-keys.service.js';
import { FixedClock } from '../../../src/common/clock.js';
import { startTestApp, type TestApp } from '../../support/app.js';

describe('foundation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function problem(res: Response) {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as Record<string, unknown>;
  }

  describe('health', () => {
    it('answers 200 with the database kind and version once ready', async () => {
      const res = await fetch(`${t.baseUrl}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', database: 'postgres', version: '0.1.0' });
      expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
    });
  });

  describe('API key guard', () => {
    it('refuses a request without a key with 401', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/requests`);
      expect(res.status).toBe(401);
      expect(await problem(res)).toMatchObject({ status: 401, code: 'unauthorized' });
    });

    it('refuses a wrong key with 401', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/requests`, { headers: { authorization: 'Bearer vr_not-a-real-key' } });
      expect(res.status).toBe(401);
      expect(await problem(res)).toMatchObject({ code: 'unauthorized' });
    });

    it('refuses a revoked key with 401', async () => {
      const keys = t.service.app.get(ApiKeysService);
      const { id, key } = await keys.create('revoked-client', ['requests:read']);
      expect((await fetch(`${t.baseUrl}/api/v1/requests`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      expect(await keys.revoke(id)).toBe(true);
      const res = await fetch(`${t.baseUrl}/api/v1/requests`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(401);
    });

    it('refuses a key revoked elsewhere (the CLI, another node) within five seconds', async () => {
      const clock = new FixedClock(new Date('2026-11-25T09:00:00Z'));
      const other = await startTestApp({ clock });
      try {
        const { id, key } = await other.service.app.get(ApiKeysService).create('cli-revoked', ['requests:read']);
        const list = () => fetch(`${other.baseUrl}/api/v1/requests`, { headers: { authorization: `Bearer ${key}` } });
        expect((await list()).status).toBe(200);
        // Another process revokes it: this node trusts its cached lookup a little longer.
        expect(await new ApiKeysService(other.service.app.get(DataSource)).revoke(id)).toBe(true);
        clock.advance(KEY_CACHE_MS - 1000);
        expect((await list()).status).toBe(200);
        clock.advance(1001);
        expect((await list()).status).toBe(401);
      } finally {
        await other.close();
      }
    });

    it.each(['/API/V1/requests', '/Api/v1/register?from=2026-01-01&to=2026-12-31', '/api/V1/controllers'])(
      'guards %s too (Express matches routes without regard to case)',
      async (path) => {
        const res = await fetch(`${t.baseUrl}${path}`);
        expect(res.status).toBe(401);
      },
    );

    it('refuses a key without the route scope with 403 naming the scope', async () => {
      const { key } = await t.service.app.get(ApiKeysService).create('read-only', ['requests:read']);
      const res = await fetch(`${t.baseUrl}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect((await problem(res)).detail).toContain('requests:write');
    });

    it('lets public routes through without a key', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/deadlines/preview?receivedAt=2026-04-01&country=NL`);
      expect(res.status).toBe(200);
    });
  });

  describe('problem+json errors', () => {
    it('answers malformed JSON with 400', async () => {
      const res = await t.api('/api/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"channel": ' });
      expect(res.status).toBe(400);
      expect(await problem(res)).toMatchObject({ status: 400, code: 'malformed-json', type: expect.stringContaining('malformed-json') });
    });

    it('answers a body over 1 MB with 413', async () => {
      const body = JSON.stringify({ message: 'x'.repeat(1_100_000) });
      const res = await t.api('/api/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(413);
      expect(await problem(res)).toMatchObject({ status: 413, code: 'payload-too-large' });
    });

    it('answers an unknown route under /api with 404', async () => {
      const res = await t.api('/api/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(await problem(res)).toMatchObject({ status: 404, code: 'not-found', title: 'Not found' });
    });
  });
});
