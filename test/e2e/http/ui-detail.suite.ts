/** The request page: the next step, the legal date in the header, confirmation before closing, feedback after every action. */
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';
import { fileRequest } from '../../factories/requests.js';

describe('ui-detail', () => {
  let t: TestApp;
  let c: UiClient;

  beforeAll(async () => {
    t = await startTestApp();
    c = new UiClient(t.baseUrl);
    expect((await c.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
  });
  afterAll(async () => {
    await t?.close();
  });

  const createRequest = (overrides: Record<string, unknown> = {}) => fileRequest(t.api, overrides);

  const panelOf = (html: string) => html.slice(html.indexOf('id="volgende-stap"'), html.indexOf('<div class="columns">'));

  describe('request page', () => {
    it('shows the next step (choose a controller for an unmatched request) with its form open, the rest under "Andere acties", and the legal date even in triage when it passed', async () => {
      const r = await createRequest({ receivedAt: new Date(Date.now() - 50 * 86_400_000).toISOString() });
      const html = await (await c.get(`/ui/requests/${r.id}`)).text();
      const panel = panelOf(html);
      expect(panel).toContain('Volgende stap:');
      // Routing found no controller for this requester: choosing one comes first.
      expect(panel).toContain('data-event="ASSIGN_CONTROLLER"');
      expect(panel).not.toContain('data-event="CLASSIFY"');
      expect(panel).toMatch(/<details class="action" open>/);
      expect(html).toContain('Andere acties');
      expect(panel).not.toContain('data-event="WITHDRAW"');
      expect(html).toMatch(/Wettelijke uiterste datum: <strong>[^<]+<\/strong> · <span class="due due-overdue">\d+ dagen te laat<\/span>/);
    });

    it('asks for a confirmation before "Ingetrokken door de verzoeker" and closes only after the second submit', async () => {
      const r = await createRequest();
      const csrf = await c.csrf(`/ui/requests/${r.id}`);
      const first = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'WITHDRAW' });
      expect(first.status).toBe(200);
      const page = await first.text();
      expect(page).toContain('Dat kunt u niet terugdraaien');
      expect(page).toContain('name="confirmed" value="ja"');
      expect((await (await c.get(`/ui/requests/${r.id}`)).text())).not.toContain('<span class="state">Ingetrokken</span>');
      const second = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'WITHDRAW', confirmed: 'ja' });
      expect(second.status).toBe(303);
      const after = await (await c.get(second.headers.get('location')!)).text();
      expect(after).toContain('<span class="state">Ingetrokken</span>');
      expect(after).toContain('role="status">Vastgelegd: Ingetrokken door de verzoeker.');
    });

    it('keeps the fields of a refusal on the confirmation page', async () => {
      const r = await createRequest();
      const csrf = await c.csrf(`/ui/requests/${r.id}`);
      const reason = 'Tiende identieke verzoek deze maand; alles is al verstrekt.';
      const first = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'REFUSE', ground: 'excessive', reason });
      const page = await first.text();
      expect(page).toContain(`name="reason" value="${reason}"`);
      expect(page).toContain('name="ground" value="excessive"');
    });

    it('confirms an assignment at the top of the page', async () => {
      const r = await createRequest();
      const csrf = await c.csrf(`/ui/requests/${r.id}`);
      const res = await c.post(`/ui/requests/${r.id}/assign`, { _csrf: csrf, to: 'mij' });
      expect(res.status).toBe(303);
      const html = await (await c.get(res.headers.get('location')!)).text();
      expect(html).toContain('Het verzoek is aan u toegewezen.');
      expect(html.indexOf('Het verzoek is aan u toegewezen.')).toBeLessThan(html.indexOf('<h1>'));
    });
  });
});
