/**
 * HTTP hygiene (issue 19): no-store on every response that may carry personal data, CSP and frame
 * protection on the API docs, WWW-Authenticate on the API's 401, a per-address limit on the
 * unauthenticated endpoints and on failed API authentication, IETF RateLimit headers.
 */
import { startTestApp, type TestApp } from '../../support/app.js';
import { requestBody } from '../../factories/requests.js';

describe('http-hygiene', () => {
  let t: TestApp;

  beforeAll(async () => {
    // 60 a minute: one token back a second, so requests a moment apart show their cost.
    t = await startTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: '60', API_PUBLIC_RATE_LIMIT_PER_MINUTE: '5', API_AUTH_FAILURES_PER_MINUTE: '4' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('Cache-Control: no-store on the API, the workspace and the personal links', () => {
    it('a request resource, a list, a problem, the workspace login and a link page are not stored by caches', async () => {
      const created = await t.api('/api/v1/requests', { method: 'POST', json: requestBody() });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      for (const res of [
        created,
        await t.api(`/api/v1/requests/${id}`),
        await t.api('/api/v1/requests'),
        await t.api('/API/V1/requests'),
        await t.api('/api/v1/requests/00000000-0000-4000-8000-000000000000'),
        await fetch(`${t.baseUrl}/ui/login`),
        await fetch(`${t.baseUrl}/ui/requests`, { redirect: 'manual' }),
        await fetch(`${t.baseUrl}/c/${'x'.repeat(43)}`),
        await fetch(`${t.baseUrl}/v/${'x'.repeat(43)}`),
      ]) {
        expect({ url: res.url, cacheControl: res.headers.get('cache-control') }).toEqual({ url: res.url, cacheControl: 'no-store' });
      }
    });
  });

  describe('/api/docs', () => {
    it('has a CSP that forbids framing and inline scripts, and X-Frame-Options; the docs still load their scripts', async () => {
      const docs = await fetch(`${t.baseUrl}/api/docs`);
      expect(docs.status).toBe(200);
      const csp = docs.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(docs.headers.get('x-frame-options')).toBe('DENY');
      const html = await docs.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a file the CSP allows
      const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) expect((await fetch(new URL(src, `${t.baseUrl}/api/docs/`))).status).toBe(200);
    });
  });

  describe('401 of the API', () => {
    it('says WWW-Authenticate: Bearer, with error="invalid_token" for an unknown key', async () => {
      const none = await fetch(`${t.baseUrl}/api/v1/requests`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+"$/);
      const wrong = await fetch(`${t.baseUrl}/api/v1/requests`, { headers: { authorization: 'Bearer vr_wrong' } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", error="invalid_token"$/);
    });
  });

  describe('RateLimit headers (draft-ietf-httpapi-ratelimit-headers)', () => {
    it('an API client sees its policy and what is left of it', async () => {
      const res = await t.api('/api/v1/requests');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toBe('"client";q=60;w=60');
      expect(res.headers.get('ratelimit')).toMatch(/^"client";r=\d+;t=\d+$/);
      const remaining = (r: Response) => Number(/r=(\d+)/.exec(r.headers.get('ratelimit')!)![1]);
      const r1 = remaining(res);
      // Five more at once take five tokens; at most a token or two come back meanwhile.
      const after = await Promise.all(Array.from({ length: 5 }, () => t.api('/api/v1/requests')));
      expect(Math.min(...after.map(remaining))).toBeLessThanOrEqual(r1 - 3);
    });
  });

  describe('per-address limits without an API key', () => {
    it('the deadline preview: 5 a minute from one address, then 429 with Retry-After', async () => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 7; i++) {
        last = await fetch(`${t.baseUrl}/api/v1/deadlines/preview?receivedAt=2026-03-25&country=NL`);
        statuses.push(last.status);
        if (i === 0) expect(last.headers.get('ratelimit-policy')).toBe('"address";q=5;w=60');
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await last!.json()) as Record<string, unknown>).toMatchObject({ code: 'rate-limited' });
      // The OpenAPI document stays reachable.
      expect((await fetch(`${t.baseUrl}/api/openapi.json`)).status).toBe(200);
    });

    it('repeated unknown keys from one address: 429 with Retry-After, without checking the key', async () => {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 8; i++) {
        last = await fetch(`${t.baseUrl}/api/v1/requests`, { headers: { authorization: `Bearer vr_guess${i}` } });
        statuses.push(last.status);
      }
      // 2 failures spent by the 401 test above, 4 a minute allowed
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
      expect(statuses.slice(-4)).toEqual([429, 429, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });
  });
});
