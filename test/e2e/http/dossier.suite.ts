/**
 * The dossier download over HTTP: a request taken through several states (in-house with an ID
 * check, a pause, an extension, a note and letters; and one forwarded to a controller that
 * instructs an erasure), downloaded through the API and the agent workspace; valid PDF, headers,
 * audit trail without personal data, and the Dutch text a reader sees.
 */
import { jest } from '@jest/globals';
import pg from 'pg';
import { DossierService } from '../../../src/register/dossier.service.js';
import { DossierBusyProblem, DossierPdfPool } from '../../../src/register/dossier-pdf-pool.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { looksLikePdf, pdfPageCount, pdfText } from '../../support/pdf.js';
import { UiClient } from '../../support/ui-client.js';

describe('dossier', () => {
  type Json = Record<string, any>;
  let t: TestApp;
  let db: pg.Client;
  let inHouse: Json;
  let forwarded: Json;

  async function send(id: string, event: Json): Promise<Json> {
    const current = (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
    const res = await t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': `"${current.version}"` }, json: event });
    expect([event.type, res.status]).toEqual([event.type, 200]);
    return (await res.json()) as Json;
  }

  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '100' } });
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();

    // In-house: classified, an ID copy asked (the clock pauses) and checked, extended, a note, completed.
    const filed = await t.api('/api/v1/requests', {
      method: 'POST',
      json: requestBody({ channel: 'email', rights: ['erasure', 'access'], requester: { name: 'Jan Dossier', email: 'jan.dossier@example.nl' }, message: 'Wis alles van mij.' }),
    });
    expect(filed.status).toBe(201);
    inHouse = (await filed.json()) as Json;
    await send(inHouse.id, { type: 'CLASSIFY', scope: 'in-house' });
    // A call-back first (less intrusive; it fails), then an ID copy.
    const callback = (await (await t.api(`/api/v1/requests/${inHouse.id}/verification`, { method: 'POST', json: { method: 'callback' } })).json()) as Json;
    expect((await t.api(`/api/v1/requests/${inHouse.id}/verification/${callback.id}/decision`, { method: 'POST', json: { status: 'failed' } })).status).toBe(200);
    const step = await t.api(`/api/v1/requests/${inHouse.id}/verification`, {
      method: 'POST',
      json: { method: 'id-document', reason: 'Het verzoek kwam van een adres dat wij niet kennen.', documentType: 'passport' },
    });
    const started = (await step.json()) as Json;
    expect([step.status, started.code]).toEqual([201, undefined]);
    const stepId = started.id;
    const decided = await t.api(`/api/v1/requests/${inHouse.id}/verification/${stepId}/decision`, { method: 'POST', json: { status: 'passed', checkedAndDestroyed: true } });
    expect(decided.status).toBe(200);
    await send(inHouse.id, { type: 'EXTEND', reason: 'De gegevens staan in vijf systemen.' });
    await send(inHouse.id, { type: 'NOTE', text: 'Verzoeker belde na.' });
    await send(inHouse.id, { type: 'COMPLETE' });

    // Forwarded: routed by e-mail address; the controller instructs an erasure (recorded as the controller pages do).
    const c = await t.api('/api/v1/controllers', { method: 'POST', json: { name: 'Bakkerij Dossier B.V.', country: 'NL', privacyContact: { email: 'privacy@bakkerij.example' }, tone: 'u' } });
    const controller = (await c.json()) as Json;
    await t.api(`/api/v1/controllers/${controller.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: 'piet.dossier@example.nl' }] } });
    const f = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ rights: ['erasure'], requester: { name: 'Piet Dossier', email: 'piet.dossier@example.nl' } }) });
    forwarded = (await f.json()) as Json;
    expect(forwarded.state).toMatch(/^forwarded/);
    await until(async () => (await db.query(`SELECT 1 FROM forwardings WHERE request_id = $1 AND sent_at IS NOT NULL`, [forwarded.id])).rowCount === 1, 'the forwarding mail');
    await db.query(
      `UPDATE forwardings SET state = 'decided', acknowledged_at = now(), decided_at = now(), decision = 'instruct', instruction = 'erase',
              instruction_details = 'Wis het account, bewaar de facturen van 2023.', decided_by = 'privacy@bakkerij.example'
        WHERE request_id = $1`,
      [forwarded.id],
    );
    await send(forwarded.id, { type: 'FORWARDING_SETTLED', controllerId: controller.id, decision: 'instruct', instruction: 'erase' });
    await until(
      async () => (await db.query(`SELECT 1 FROM messages WHERE request_id = ANY($1::uuid[]) AND status <> 'sent'`, [[inHouse.id, forwarded.id]])).rowCount === 0,
      'every letter sent',
    );
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  describe('dossier over the API', () => {
    it('returns the dossier as a PDF download that is not cached', async () => {
      const res = await t.api(`/api/v1/requests/${inHouse.id}/dossier`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="dossier-${inHouse.reference}.pdf"`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(looksLikePdf(pdf)).toBe(true);
      expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
    });

    it('audits the download (who and when) without personal data, on the request\'s timeline', async () => {
      const { rows } = await db.query(`SELECT actor, data, at FROM audit_events WHERE request_id = $1 AND type = 'DOSSIER_EXPORTED'`, [inHouse.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].actor).toMatch(/^api:/);
      expect(rows[0].data).toEqual({ via: 'api', format: 'pdf' });
      const timeline = (await (await t.api(`/api/v1/requests/${inHouse.id}/timeline`)).json()) as Json;
      expect(timeline.items.map((e: Json) => e.description)).toContain('Dossier gedownload als PDF (via de API).');
    });

    it('needs an API key with requests:read, and answers 404 for an unknown request', async () => {
      expect((await fetch(`${t.baseUrl}/api/v1/requests/${inHouse.id}/dossier`)).status).toBe(401);
      const missing = await t.api('/api/v1/requests/00000000-0000-4000-8000-000000000000/dossier');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
    });

    it('is described in the OpenAPI document as application/pdf', async () => {
      const spec = (await (await fetch(`${t.baseUrl}/api/openapi.json`)).json()) as Json;
      const op = spec.paths['/api/v1/requests/{id}/dossier']?.get;
      expect(op?.responses['200'].content).toHaveProperty('application/pdf');
      expect(op['x-scopes']).toEqual(['requests:read']);
    });
  });

  describe('dossier contents', () => {
    it('holds the reference, the Dutch headings, the deadlines, the ID check, the note and the letters', async () => {
      const { pdf } = await t.service.app.get(DossierService).pdf(inHouse.id, { actor: 'agent:admin', via: 'ui' }, { compress: false });
      const text = pdfText(pdf).replace(/\s+/g, ' '); // lines wrapped anywhere
      for (const s of [`Dossier ${inHouse.reference}`, 'Het verzoek', 'Verzoeker', 'Termijnen', 'Identiteitscontrole', 'Tijdlijn', 'Notities', 'Brieven en berichten']) {
        expect(text).toContain(s);
      }
      expect(text).toContain('wissing (art. 17 AVG); inzage (art. 15 AVG)');
      expect(text).toContain('Uiterste datum na verlenging');
      expect(text).toContain('De gegevens staan in vijf systemen.');
      expect(text).toContain('Terugbellen');
      expect(text).toContain('Kopie identiteitsbewijs');
      expect(text).toContain('Verzoeker belde na.');
      expect(text).toContain('Ontvangstbevestiging');
      expect(text).toContain('Tekst zoals verstuurd');
      expect(text).toContain('Afgehandeld');
      expect(text).toContain('Dossier gedownload als PDF');
    });

    it('records the controller\'s decision and instruction verbatim, and the processor task', async () => {
      const dossier = await t.service.app.get(DossierService).dossier(forwarded.id, 'agent:admin');
      const json = JSON.stringify(dossier);
      expect(json).toContain('Bakkerij Dossier B.V.');
      expect(json).toContain('Gedocumenteerde instructie (art. 28 lid 3 onder a AVG)');
      expect(json).toContain('Wis het account, bewaar de facturen van 2023.');
      expect(dossier.sections.map((s) => s.heading)).toContain('Taken van de verwerker');
      const letters = dossier.sections.find((s) => s.heading === 'Brieven en berichten')!;
      expect(JSON.stringify(letters)).toContain('Verwerkingsverantwoordelijke (Bakkerij Dossier B.V.)');
      // The controller's personal link never appears.
      expect(json).not.toMatch(/\/c\/[A-Za-z0-9_-]{20,}/);
    });
  });

  describe('dossier in the agent workspace', () => {
    it('offers the download on the request page and serves it to a logged-in agent only', async () => {
      const anonymous = await fetch(`${t.baseUrl}/ui/requests/${inHouse.id}/dossier.pdf`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      const ui = new UiClient(t.baseUrl);
      await ui.login(t.credentials.agent.username, t.credentials.agent.password);
      const page = await (await ui.get(`/ui/requests/${inHouse.id}`)).text();
      expect(page).toContain(`href="/ui/requests/${inHouse.id}/dossier.pdf"`);
      expect(page).toContain('Dossier downloaden (PDF)');
      const res = await ui.get(`/ui/requests/${inHouse.id}/dossier.pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="dossier-${inHouse.reference}.pdf"`);
      expect(looksLikePdf(Buffer.from(await res.arrayBuffer()))).toBe(true);
      const { rows } = await db.query(`SELECT actor, data FROM audit_events WHERE request_id = $1 AND type = 'DOSSIER_EXPORTED' ORDER BY id`, [inHouse.id]);
      expect(rows.at(-1)).toEqual({ actor: `agent:${t.credentials.agent.username}`, data: { via: 'ui', format: 'pdf' } });
      expect(JSON.stringify(rows)).not.toMatch(/Jan Dossier|jan\.dossier/);
      const unknown = await ui.get('/ui/requests/00000000-0000-4000-8000-000000000000/dossier.pdf');
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toContain('Niet gevonden');
    });

    it('tells the agent in Dutch to try again when the node is rendering as many dossiers as it may', async () => {
      // The pool's cap itself is tested in test/unit/register/dossier-pdf-pool.test.ts; here: what the agent sees.
      const pool = t.service.app.get(DossierPdfPool);
      const busy = jest.spyOn(pool, 'render').mockRejectedValueOnce(new DossierBusyProblem());
      try {
        const ui = new UiClient(t.baseUrl);
        await ui.login(t.credentials.agent.username, t.credentials.agent.password);
        const res = await ui.get(`/ui/requests/${inHouse.id}/dossier.pdf`);
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        const page = await res.text();
        expect(page).toContain('Even geduld');
        expect(page).toContain('Probeer het over een paar seconden opnieuw');
        busy.mockRejectedValueOnce(new DossierBusyProblem());
        const viaApi = await t.api(`/api/v1/requests/${inHouse.id}/dossier`);
        expect(viaApi.status).toBe(503);
        expect(viaApi.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await viaApi.json()).toMatchObject({ status: 503, code: 'dossier-busy' });
        // The next download goes through again.
        expect((await ui.get(`/ui/requests/${inHouse.id}/dossier.pdf`)).status).toBe(200);
      } finally {
        busy.mockRestore();
      }
    });
  });
});
