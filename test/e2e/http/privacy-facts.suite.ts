/**
 * The in-house completion letter is written from the privacy facts file: refused (API 422, a
 * Dutch message and the missing facts on the request page) while the file is incomplete; after
 * the file is filled in and the service restarted, the same request completes and its letter names
 * the recipients told of the erasure (art 19) with the date. A French requester's letter quotes the
 * French translation beside the file (privacy-facts.fr.yaml): refused while it is not there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../../src/common/clock.js';
import { OutboxWorker } from '../../../src/replies/outbox.worker.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { TEST_PRIVACY_FACTS_YAML, writeTestPrivacyFacts, writeTestPrivacyFactsTranslation } from '../../support/privacy-facts.js';
import { UiClient } from '../../support/ui-client.js';
import { requestBody } from '../../factories/requests.js';

describe('privacy-facts', () => {
  const clock = new FixedClock(new Date('2026-04-20T10:00:00Z'));
  let database: TestDatabase;
  let factsDir: string;
  let frenchFactsDir: string;
  let t: TestApp | undefined;
  let adminPassword = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    factsDir = mkdtempSync(join(tmpdir(), 'vr-facts-'));
    frenchFactsDir = mkdtempSync(join(tmpdir(), 'vr-facts-fr-'));
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    rmSync(factsDir, { recursive: true, force: true });
    rmSync(frenchFactsDir, { recursive: true, force: true });
  });

  async function send(app: TestApp, id: string, version: number, event: Record<string, unknown>): Promise<Response> {
    return app.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': `"${version}"` }, json: event });
  }

  /** The completion letter of a request, once the outbox has sent it (due dates count in database time: the clock moves a minute on). */
  async function sentCompletionLetter(app: TestApp, id: string): Promise<{ status: string; text: string }> {
    const db = app.service.app.get(DataSource);
    const letterOf = async () => (await db.query(`SELECT status, text FROM messages WHERE request_id = $1 AND template = 'completion'`, [id]))[0] as { status: string; text: string } | undefined;
    clock.set(new Date(Date.now() + 60_000));
    for (let i = 0; i < 20 && (await letterOf())?.status !== 'sent'; i++) await app.service.app.get(OutboxWorker).runOnce();
    const letter = await letterOf();
    expect(letter?.status).toBe('sent');
    return letter!;
  }

  describe('an in-house completion and the privacy facts file', () => {
    let requestId: string;

    it('is refused while the facts file is missing, and the agent sees what is missing', async () => {
      t = await startTestApp({ clock, database, privacyFacts: false });
      const created = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ rights: ['access', 'erasure'] }) });
      const r = (await created.json()) as { id: string; version: number };
      requestId = r.id;
      for (const [v, event] of [[1, { type: 'CLASSIFY', scope: 'in-house' }], [2, { type: 'VERIFIED' }]] as const) {
        expect((await send(t, r.id, v, event)).status).toBe(200);
      }
      const refused = await send(t, r.id, 3, { type: 'COMPLETE' });
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await refused.json()) as { code: string; missingFacts: string[]; detail: string };
      expect(problem.code).toBe('privacy-facts-incomplete');
      expect(problem.missingFacts).toEqual(['country', 'purposes', 'categories', 'source', 'recipients', 'transfers', 'backupDays', 'automatedDecisions']);
      expect(problem.detail).toContain('PRIVACY_FACTS_FILE');
      const after = (await (await t.api(`/api/v1/requests/${r.id}`)).json()) as { state: string; version: number };
      expect(after).toMatchObject({ state: 'inHouse.processing', version: 3 });
      const db = t.service.app.get(DataSource);
      expect(await db.query(`SELECT 1 FROM messages WHERE request_id = $1 AND template = 'completion'`, [r.id])).toEqual([]);

      // The workspace: the request page lists what the file lacks; "Afronden" gets a Dutch refusal.
      const ui = new UiClient(t.baseUrl);
      adminPassword = t.credentials.agent.password;
      expect((await ui.login(t.credentials.agent.username, adminPassword)).status).toBe(303);
      const page = await (await ui.get(`/ui/requests/${r.id}`)).text();
      expect(page).toContain('De afrondingsbrief kan nog niet worden verstuurd');
      expect(page).toContain('de ontvangers met naam, rol en land');
      const post = await ui.post(`/ui/requests/${r.id}/events`, { _csrf: UiClient.csrfOf(page), version: '3', type: 'COMPLETE', confirmed: 'ja' });
      expect(post.status).toBe(422);
      const html = await post.text();
      expect(html).toContain('het privacyfeitenbestand is niet compleet');
      expect(html).toContain('waar de gegevens vandaan komen (source)');
      await t.close();
      t = undefined;
    });

    it('goes out once the file is complete, naming the recipients told of the erasure with the date', async () => {
      const file = writeTestPrivacyFacts(factsDir);
      t = await startTestApp({ clock, database, env: { PRIVACY_FACTS_FILE: file } });
      const unknown = await send(t, requestId, 3, { type: 'COMPLETE', recipientsNotified: ['Andere Hosting B.V.'] });
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(await unknown.json())).toContain('/recipientsNotified');

      const done = await send(t, requestId, 3, { type: 'COMPLETE', recipientsNotified: ['test hosting b.v.'] });
      expect(done.status).toBe(200);
      expect(((await done.json()) as { state: string }).state).toBe('closed.completed');
      const letter = await sentCompletionLetter(t, requestId);
      // Recipients by name as the facts file spells them, with the day of COMPLETE (art 19).
      expect(letter.text).toContain('- Test Hosting B.V., op maandag 20 april 2026');
      expect(letter.text).toContain('- Test Hosting B.V.: hosting (verwerker), in Nederland');
      expect(letter.text).toContain('factuurgegevens: de wettelijke bewaarplicht van de administratie (art. 52 AWR); wij bewaren dit zeven jaar na afloop van het boekjaar');
      expect(letter.text).toContain('binnen 30 dagen overschreven');
      expect(letter.text).not.toMatch(/Niemand anders|35 dagen|Europese Unie/);
    });

    it('lets the agent tick the recipients told of the erasure on the request page', async () => {
      const app = t!;
      const created = await app.api('/api/v1/requests', { method: 'POST', json: requestBody({ rights: ['erasure'] }) });
      const r = (await created.json()) as { id: string };
      for (const [v, event] of [[1, { type: 'CLASSIFY', scope: 'in-house' }], [2, { type: 'VERIFIED' }]] as const) {
        expect((await send(app, r.id, v, event)).status).toBe(200);
      }
      const ui = new UiClient(app.baseUrl);
      // The same database: the admin password set at the first start.
      expect((await ui.login('admin', adminPassword)).status).toBe(303);
      const page = await (await ui.get(`/ui/requests/${r.id}`)).text();
      expect(page).not.toContain('De afrondingsbrief kan nog niet worden verstuurd');
      expect(page).toContain('<input type="checkbox" name="recipientsNotified" value="Test Hosting B.V."> Test Hosting B.V. (hosting (verwerker))');
      const post = await ui.post(`/ui/requests/${r.id}/events`, { _csrf: UiClient.csrfOf(page), version: '3', type: 'COMPLETE', recipientsNotified: 'Test Hosting B.V.', confirmed: 'ja' });
      expect(post.status).toBe(303);
      const db = app.service.app.get(DataSource);
      const [mail] = await db.query(`SELECT data FROM messages WHERE request_id = $1 AND template = 'completion'`, [r.id]);
      expect(mail.data).toMatchObject({ recipientsNotified: ['Test Hosting B.V.'] });
    });
  });

  describe('an in-house completion for a French requester', () => {
    let requestId: string;
    let file: string;

    it('is refused while the French translation of the facts file is missing: the API names the file, the agent reads it in Dutch', async () => {
      await t?.close();
      file = writeTestPrivacyFacts(frenchFactsDir);
      t = await startTestApp({ clock, database, env: { PRIVACY_FACTS_FILE: file } });
      const created = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Claire Dubois', email: 'claire.dubois@example.be', language: 'fr' }, rights: ['access', 'erasure'] }) });
      expect(created.status).toBe(201);
      const r = (await created.json()) as { id: string };
      requestId = r.id;
      for (const [v, event] of [[1, { type: 'CLASSIFY', scope: 'in-house' }], [2, { type: 'VERIFIED' }]] as const) {
        expect((await send(t, r.id, v, event)).status).toBe(200);
      }
      const refused = await send(t, r.id, 3, { type: 'COMPLETE', recipientsNotified: ['Test Hosting B.V.'] });
      expect(refused.status).toBe(422);
      const problem = (await refused.json()) as { code: string; missingFacts: string[]; detail: string; language: string; file: string };
      expect(problem).toMatchObject({ code: 'privacy-facts-incomplete', missingFacts: ['privacy-facts.fr.yaml'], language: 'fr', file: 'privacy-facts.fr.yaml' });
      expect(problem.detail).toContain('French translation');
      const db = t.service.app.get(DataSource);
      expect(await db.query(`SELECT 1 FROM messages WHERE request_id = $1 AND template = 'completion'`, [r.id])).toEqual([]);

      const ui = new UiClient(t.baseUrl);
      expect((await ui.login('admin', adminPassword)).status).toBe(303);
      const page = await (await ui.get(`/ui/requests/${r.id}`)).text();
      expect(page).toContain('De Franse vertaling van het privacyfeitenbestand ontbreekt: privacy-facts.fr.yaml');
      const post = await ui.post(`/ui/requests/${r.id}/events`, { _csrf: UiClient.csrfOf(page), version: '3', type: 'COMPLETE', confirmed: 'ja' });
      expect(post.status).toBe(422);
      expect(await post.text()).toContain('De Franse vertaling van het privacyfeitenbestand ontbreekt: privacy-facts.fr.yaml');
      await t.close();
      t = undefined;
    });

    it('while the main file lacks facts too: the API and the agent are told to fill in the main file first, then to add the translation', async () => {
      writeTestPrivacyFacts(frenchFactsDir, TEST_PRIVACY_FACTS_YAML.replace('source: van de betrokkene zelf\n', ''));
      t = await startTestApp({ clock, database, env: { PRIVACY_FACTS_FILE: file } });
      const refused = await send(t, requestId, 3, { type: 'COMPLETE', recipientsNotified: ['Test Hosting B.V.'] });
      expect(refused.status).toBe(422);
      const problem = (await refused.json()) as { missingFacts: string[]; detail: string };
      expect(problem.missingFacts).toEqual(['source', 'privacy-facts.fr.yaml']);
      expect(problem.detail).toContain('fill in PRIVACY_FACTS_FILE (privacy-facts.yaml) first: source; then add the French translation beside it: privacy-facts.fr.yaml');
      const ui = new UiClient(t.baseUrl);
      expect((await ui.login('admin', adminPassword)).status).toBe(303);
      const page = await (await ui.get(`/ui/requests/${requestId}`)).text();
      expect(page).toContain(`eerst moet het privacyfeitenbestand zelf (${file}) compleet zijn. Daarin ontbreekt nog:`);
      expect(page).toContain('<li>waar de gegevens vandaan komen (source)</li>');
      expect(page).toContain('Daarna is ook de Franse vertaling nodig: privacy-facts.fr.yaml');
      const post = await ui.post(`/ui/requests/${requestId}/events`, { _csrf: UiClient.csrfOf(page), version: '3', type: 'COMPLETE', confirmed: 'ja' });
      expect(post.status).toBe(422);
      const html = await post.text();
      expect(html).toContain('het privacyfeitenbestand is niet compleet, en de Franse brief noemt dezelfde feiten');
      expect(html).not.toContain('De Franse vertaling van het privacyfeitenbestand ontbreekt');
      await t.close();
      t = undefined;
      writeTestPrivacyFacts(frenchFactsDir);
    });

    it('goes out in French, quoting the French facts, once the translation is beside the file', async () => {
      writeTestPrivacyFactsTranslation(frenchFactsDir, 'fr');
      t = await startTestApp({ clock, database, env: { PRIVACY_FACTS_FILE: file } });
      const done = await send(t, requestId, 3, { type: 'COMPLETE', recipientsNotified: ['Test Hosting B.V.'] });
      expect(done.status).toBe(200);
      const letter = await sentCompletionLetter(t, requestId);
      expect(letter.text).toContain('la fourniture de notre logiciel');
      expect(letter.text).toContain('hébergement (sous-traitant)');
      expect(letter.text).toContain("données de facturation\u00a0: l'obligation légale de conserver la comptabilité (art. 52 AWR)");
      expect(letter.text).toContain('de la personne concernée elle-même');
      // No Dutch fact text left.
      for (const dutch of ['het leveren van onze software', 'accountgegevens', 'factuurgegevens', '(verwerker)', 'van de betrokkene zelf', 'bewaarplicht']) expect(letter.text).not.toContain(dutch);
    });
  });
});
