/** GET /api/v1/deadlines/preview over HTTP: public, computes the clocks, 400 problems for bad input. */
import { startTestApp, type TestApp } from '../../support/app.js';

describe('deadlines-preview', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Fetches the preview without any credentials. */
  function preview(params: Record<string, string>): Promise<Response> {
    return fetch(`${t.baseUrl}/api/v1/deadlines/preview?${new URLSearchParams(params)}`);
  }

  describe('GET /api/v1/deadlines/preview', () => {
    it('answers 200 with every clock, without credentials', async () => {
      // Wed 25 Mar 2026 in NL: nominal Sat 25 Apr → Tue 28 Apr (weekend, Koningsdag).
      const res = await preview({ receivedAt: '2026-03-25', country: 'NL' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        receivedDate: '2026-03-25',
        nominalRespondBy: '2026-04-25',
        unpausedRespondBy: '2026-04-28',
        respondBy: '2026-04-28',
        extendedRespondBy: '2026-06-25',
        forwardBy: '2026-03-26',
        effectiveRespondBy: '2026-04-28',
        explanations: {
          respondBy: {
            date: '2026-04-28',
            shifts: [{ from: '2026-04-25', to: '2026-04-28', reasons: ['zaterdag', 'zondag', 'Koningsdag'] }],
            text: 'Uiterste datum verschoven van zaterdag 25 april naar dinsdag 28 april 2026 (weekend, Koningsdag).',
          },
        },
      });
      expect(body).not.toHaveProperty('promiseRespondBy');
    });

    it('reads a date-time with offset in the country zone, with pause, SLA and promise', async () => {
      // 31 Jan 23:30Z is Sun 1 Feb in Brussels; nominal Sun 1 Mar; +3 paused days → Wed 4 Mar.
      const res = await preview({
        receivedAt: '2026-01-31T23:30:00Z',
        country: 'BE',
        pausedDays: '3',
        slaWorkingDays: '2',
        promiseDays: '30',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        receivedDate: '2026-02-01',
        nominalRespondBy: '2026-03-01',
        unpausedRespondBy: '2026-03-02',
        respondBy: '2026-03-04',
        extendedRespondBy: '2026-05-04',
        forwardBy: '2026-02-03',
        promiseRespondBy: '2026-03-03',
        effectiveRespondBy: '2026-03-03',
        pausedDays: 3,
      });
    });

    it.each<{ name: string; params: Record<string, string>; pointer: string }>([
      { name: 'an unknown country', params: { receivedAt: '2026-03-25', country: 'DE' }, pointer: '/query/country' },
      { name: 'an impossible date', params: { receivedAt: '2026-02-30', country: 'NL' }, pointer: '/query/receivedAt' },
      { name: 'a missing receivedAt', params: { country: 'NL' }, pointer: '/query/receivedAt' },
      { name: 'a date-time without offset', params: { receivedAt: '2026-03-25T10:00:00', country: 'NL' }, pointer: '/query/receivedAt' },
      { name: 'negative pausedDays', params: { receivedAt: '2026-03-25', country: 'NL', pausedDays: '-2' }, pointer: '/query/pausedDays' },
      { name: 'non-integer slaWorkingDays', params: { receivedAt: '2026-03-25', country: 'NL', slaWorkingDays: '1.5' }, pointer: '/query/slaWorkingDays' },
    ])('answers 400 problem+json for $name', async ({ params, pointer }) => {
      const res = await preview(params);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { status: number; code: string; detail: string; errors: Array<{ pointer: string }> };
      expect(body).toMatchObject({ status: 400, code: 'validation-failed' });
      expect(body.errors).toEqual([expect.objectContaining({ pointer })]);
      expect(body.detail).toContain(pointer);
    });
  });
});
