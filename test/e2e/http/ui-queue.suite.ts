/** The queue over HTTP (issue 21): search kinds, sorting, views with counts, bulk actions with their outcomes. */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';
import { fileRequest } from '../../factories/requests.js';

describe('ui-queue', () => {
  let t: TestApp;
  let db: DataSource;
  const AGENT = { username: 'rij-medewerker', password: 'een-lang-wachtwoord-123' };
  let colleagueId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const { AgentsService } = await import('../../../src/agents/agents.service.js');
    const agents = t.service.app.get(AgentsService);
    await agents.create({ username: AGENT.username, displayName: 'Mila Medewerker', password: AGENT.password, role: 'agent' });
    const colleague = await agents.create({ username: 'collega', displayName: 'Kees Collega', password: 'nog-een-lang-wachtwoord-1', role: 'agent' });
    colleagueId = (colleague as { id: string }).id;
    db = t.service.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  const createRequest = (overrides: Record<string, unknown> = {}) => fileRequest(t.api, overrides);

  async function loggedIn(): Promise<UiClient> {
    const c = new UiClient(t.baseUrl);
    expect((await c.login(AGENT.username, AGENT.password)).status).toBe(303);
    return c;
  }

  const page = async (c: UiClient, path: string) => {
    const res = await c.get(path);
    expect(res.status).toBe(200);
    // Handlebars writes "=" in attributes as &#x3D;.
    return (await res.text()).replace(/&#x3D;/g, '=');
  };
  const search = (c: UiClient, q: string) => page(c, '/ui?zoek=' + encodeURIComponent(q));
  /** The references of the rows, in order. */
  const referencesOf = (html: string) => [...html.matchAll(/<tr data-reference="([^"]+)"/g)].map((m) => m[1]);
  /** The value of a row's checkbox ("id:version"). */
  const selectionOf = (html: string, id: string) => new RegExp(`value="(${id}:\\d+)"`).exec(html)![1];
  const bannerOf = (html: string) => /<p class="banner [a-z]+" role="status" id="melding">([^<]*)<\/p>/.exec(html)?.[1] ?? '';

  describe('search', () => {
    it('finds a name by a part of it, without accents and in any case, and not someone else', async () => {
      const r = await createRequest({ requester: { name: 'Renée Dûbois-Çelik', email: 'renee@example.nl' } });
      const other = await createRequest({ requester: { name: 'Jan Jansen', email: 'jan@example.nl' } });
      const c = await loggedIn();
      for (const q of ['renee dub', 'DUBOIS', 'çelik', 'Dûbois-Ç']) {
        const html = await search(c, q);
        expect(referencesOf(html)).toContain(r.reference);
        expect(referencesOf(html)).not.toContain(other.reference);
      }
    });

    it('finds a phone number in any notation', async () => {
      const r = await createRequest({ requester: { name: 'Bel Mij', phone: '+31 6 12 34 56 78' } });
      const other = await createRequest({ requester: { name: 'Bel Ander', phone: '06-87654321' } });
      const c = await loggedIn();
      for (const q of ['0612345678', '06-12 34 56 78', '+31612345678', '0031 6 1234 5678', '(06) 1234-5678']) {
        const refs = referencesOf(await search(c, q));
        expect(refs).toContain(r.reference);
        expect(refs).not.toContain(other.reference);
      }
    });

    it('finds an e-mail address, also a part of one, in any case', async () => {
      const r = await createRequest({ externalRef: 'ZD-MAIL-1', requester: { name: 'Zoek Mij', email: 'zoek.mij@voorbeeld.nl' } });
      const c = await loggedIn();
      expect(referencesOf(await search(c, 'Zoek.Mij@voorbeeld.nl'))).toEqual([r.reference]);
      expect(referencesOf(await search(c, 'zoek.mij@'))).toEqual([r.reference]);
      expect(referencesOf(await search(c, 'niemand@voorbeeld.nl'))).toEqual([]);
    });

    it('finds a part of a reference and a part of an external reference, and a closed request too', async () => {
      const r = await createRequest({ externalRef: 'TICKET-99881-NL' });
      const withdrawn = await createRequest({ externalRef: 'TICKET-99882-NL' });
      await t.api(`/api/v1/requests/${withdrawn.id}/events`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'WITHDRAW' } });
      const c = await loggedIn();
      expect(referencesOf(await search(c, r.reference.slice(-6)))).toContain(r.reference);
      expect(referencesOf(await search(c, r.reference))).toEqual([r.reference]);
      expect(referencesOf(await search(c, 'ticket-99881'))).toEqual([r.reference]);
      expect(referencesOf(await search(c, '9988')).sort()).toEqual([r.reference, withdrawn.reference].sort());
    });

    it('takes a LIKE wildcard literally', async () => {
      await createRequest({ requester: { name: 'Procent Persoon', email: 'procent@example.nl' } });
      const c = await loggedIn();
      expect(referencesOf(await search(c, '%%%'))).toEqual([]);
      expect(referencesOf(await search(c, '___'))).toEqual([]);
    });
  });

  describe('sorting and paging', () => {
    it('sorts by the date received both ways through links that work without JavaScript', async () => {
      const old = await createRequest({ externalRef: 'SORT-OUD', receivedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() });
      const young = await createRequest({ externalRef: 'SORT-NIEUW' });
      const c = await loggedIn();
      const newestFirst = await page(c, '/ui?weergave=alle&sorteer=ontvangen&volgorde=af');
      expect(newestFirst).toMatch(/aria-sort="descending"><a href="\/ui\?weergave=alle&amp;sorteer=ontvangen&amp;volgorde=op">Ontvangen/);
      let refs = referencesOf(newestFirst);
      expect(refs.indexOf(young.reference)).toBeLessThan(refs.indexOf(old.reference));
      refs = referencesOf(await page(c, '/ui?weergave=alle&sorteer=ontvangen&volgorde=op'));
      expect(refs.indexOf(old.reference)).toBeLessThan(refs.indexOf(young.reference));
    });

    it('sorts by agent and by state, and shows 50 rows a page', async () => {
      for (let i = 0; i < 52; i++) await createRequest();
      const c = await loggedIn();
      const html = await page(c, '/ui?weergave=alle');
      expect(referencesOf(html)).toHaveLength(50);
      expect(html).toContain('rel="next"');
      const byAgent = await page(c, '/ui?weergave=alle&sorteer=medewerker&volgorde=op');
      expect(byAgent).toContain('aria-sort="ascending"><a href="/ui?weergave=alle&amp;sorteer=medewerker&amp;volgorde=af">Medewerker');
      const byState = await page(c, '/ui?weergave=alle&sorteer=status&volgorde=af');
      expect(referencesOf(byState)).toHaveLength(50);
    });

    it('shows one chip for both "waiting for the requester" states', async () => {
      const c = await loggedIn();
      const html = await page(c, '/ui?weergave=alle');
      const chips = html.slice(html.indexOf('aria-label="Open verzoeken per status"'), html.indexOf('role="search"'));
      expect(chips.match(/Wacht op informatie van de verzoeker/g)?.length ?? 0).toBeLessThanOrEqual(1);
    });
  });

  describe('bulk actions', () => {
    it('assigns selected requests to a colleague, each with its own outcome, and skips a closed one', async () => {
      const a = await createRequest();
      const b = await createRequest();
      const closed = await createRequest();
      const c = await loggedIn();
      const html = await page(c, '/ui?weergave=alle&sorteer=ontvangen&volgorde=af');
      const csrf = UiClient.csrfOf(html);
      const ids = [selectionOf(html, a.id), selectionOf(html, b.id), selectionOf(html, closed.id)];
      await t.api(`/api/v1/requests/${closed.id}/events`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'WITHDRAW' } });
      const res = await c.post('/ui/bulk', { _csrf: csrf, actie: 'toewijzen', aan: colleagueId, ids, terug: 'weergave=alle' });
      expect(res.status).toBe(200);
      expect(bannerOf((await res.text()).replace(/&#x3D;/g, '='))).toBe(`2 verzoeken toegewezen aan Kees Collega; 1 overgeslagen: ${closed.reference} (al afgesloten).`);
      const rows: { id: string; assignee_id: string | null }[] = await db.query(`SELECT id, assignee_id FROM requests WHERE id = ANY($1)`, [[a.id, b.id, closed.id]]);
      expect(Object.fromEntries(rows.map((r) => [r.id, r.assignee_id]))).toEqual({ [a.id]: colleagueId, [b.id]: colleagueId, [closed.id]: null });
      const audit: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = ANY($1) AND type = 'AGENT_ASSIGNED'`, [[a.id, b.id]]);
      expect(audit[0].n).toBe(2);
      // The colleague's view shows them.
      const theirs = await page(c, `/ui?medewerker=${colleagueId}`);
      expect(referencesOf(theirs).sort()).toEqual([a.reference, b.reference].sort());
    });

    it('refuses an inactive or unknown colleague and an empty selection in Dutch', async () => {
      const a = await createRequest();
      const c = await loggedIn();
      const html = await page(c, '/ui?weergave=alle&sorteer=ontvangen&volgorde=af');
      const csrf = UiClient.csrfOf(html);
      let res = await c.post('/ui/bulk', { _csrf: csrf, actie: 'toewijzen', aan: '11111111-1111-4111-8111-111111111111', ids: [selectionOf(html, a.id)] });
      expect(res.status).toBe(400);
      expect(bannerOf((await res.text()).replace(/&#x3D;/g, '='))).toBe('Kies een actieve collega om de verzoeken aan toe te wijzen.');
      res = await c.post('/ui/bulk', { _csrf: csrf, actie: 'toewijzen', aan: 'mij' });
      expect(res.status).toBe(400);
      expect(bannerOf((await res.text()).replace(/&#x3D;/g, '='))).toContain('Selecteer eerst');
    });

    it('adds a note to each selected request once: a resubmitted form is skipped as changed meanwhile', async () => {
      const a = await createRequest();
      const b = await createRequest();
      const c = await loggedIn();
      const html = await page(c, '/ui?weergave=alle&sorteer=ontvangen&volgorde=af');
      const form = { _csrf: UiClient.csrfOf(html), actie: 'notitie', tekst: 'Klant belde, zie ticket.', ids: [selectionOf(html, a.id), selectionOf(html, b.id)] };
      let res = await c.post('/ui/bulk', form);
      expect(bannerOf((await res.text()).replace(/&#x3D;/g, '='))).toBe('2 verzoeken kregen de notitie.');
      res = await c.post('/ui/bulk', form);
      expect(bannerOf((await res.text()).replace(/&#x3D;/g, '='))).toBe(`0 verzoeken kregen de notitie; 2 overgeslagen: ${a.reference} (intussen gewijzigd door iemand anders), ${b.reference} (intussen gewijzigd door iemand anders).`);
      const notes: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM request_notes WHERE request_id = ANY($1)`, [[a.id, b.id]]);
      expect(notes[0].n).toBe(2);
    });

    it('marks selected requests as duplicates of another, skipping that request itself', async () => {
      const original = await createRequest();
      const copy = await createRequest();
      const c = await loggedIn();
      const html = await page(c, '/ui?weergave=alle&sorteer=ontvangen&volgorde=af');
      const res = await c.post('/ui/bulk', {
        _csrf: UiClient.csrfOf(html),
        actie: 'dubbel',
        van: original.reference.toLowerCase(),
        ids: [selectionOf(html, copy.id), selectionOf(html, original.id)],
      });
      expect(bannerOf((await res.text()).replace(/&#x3D;/g, '='))).toBe(`1 verzoek gemarkeerd als dubbel van ${original.reference}; 1 overgeslagen: ${original.reference} (is zelf dat verzoek).`);
      const [row]: { state: string }[] = await db.query(`SELECT state FROM requests WHERE id = $1`, [copy.id]);
      expect(row.state).toBe('closed.duplicate');
    });

    it('needs the CSRF token', async () => {
      const a = await createRequest();
      const c = await loggedIn();
      const res = await c.post('/ui/bulk', { actie: 'toewijzen', aan: 'mij', ids: [`${a.id}:1`] });
      expect(res.status).toBe(403);
    });
  });

  describe('views', () => {
    it('opens on "Mijn verzoeken" once the agent has requests of their own, with counts for every view', async () => {
      const mine = await createRequest();
      const c = await loggedIn();
      let html = await page(c, '/ui?weergave=alle&sorteer=ontvangen&volgorde=af');
      await c.post('/ui/bulk', { _csrf: UiClient.csrfOf(html), actie: 'toewijzen', aan: 'mij', ids: [selectionOf(html, mine.id)] });
      html = await page(c, '/ui');
      expect(html).toContain('u ziet eerst uw eigen verzoeken');
      const [{ n }]: { n: number }[] = await db.query(
        `SELECT count(*)::int AS n FROM requests r JOIN agents a ON a.id = r.assignee_id WHERE a.username = $1 AND r.closed_at IS NULL`,
        [AGENT.username],
      );
      expect(referencesOf(html)).toHaveLength(n);
      expect(html).toMatch(new RegExp(`aria-current="true">Mijn verzoeken <span class="count">${n}</span>`));
      const [{ unassigned }]: { unassigned: number }[] = await db.query(`SELECT count(*)::int AS unassigned FROM requests WHERE assignee_id IS NULL AND closed_at IS NULL`);
      expect(html).toContain(`Niet toegewezen <span class="count">${Math.min(unassigned, 1000)}`);
    });

    it('"Te laat" lists only overdue requests', async () => {
      const late = await createRequest({ receivedAt: new Date(Date.now() - 60 * 86_400_000).toISOString() });
      const fresh = await createRequest();
      const c = await loggedIn();
      const refs = referencesOf(await page(c, '/ui?weergave=te-laat'));
      expect(refs).toContain(late.reference);
      expect(refs).not.toContain(fresh.reference);
    });

    it('"Wacht langer dan 5 werkdagen" lists a forwarding sent more than 5 working days ago, not a recent one', async () => {
      const controller = await t.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: 'Bakkerij De Korenbloem B.V.', country: 'NL', privacyContact: { email: 'privacy@korenbloem.example' }, tone: 'u' },
      });
      const controllerId = ((await controller.json()) as { id: string }).id;
      const waiting = await createRequest();
      const recent = await createRequest();
      for (const r of [waiting, recent]) {
        const res = await t.api(`/api/v1/requests/${r.id}/events`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'ASSIGN_CONTROLLER', controllerIds: [controllerId] } });
        expect(res.status).toBe(200);
      }
      // As if the mails went out: 12 calendar days ago (at least 6 working days) and yesterday.
      await db.query(`UPDATE forwardings SET state = 'sent', sent_at = now() - interval '12 days' WHERE request_id = $1`, [waiting.id]);
      await db.query(`UPDATE forwardings SET state = 'sent', sent_at = now() - interval '1 day' WHERE request_id = $1`, [recent.id]);
      // The counts are kept for a few seconds per node; the SQL above bypassed the service.
      const { QueueService } = await import('../../../src/agent-ui/queue.service.js');
      t.service.app.get(QueueService).invalidateCounts();
      const c = await loggedIn();
      const html = await page(c, '/ui?weergave=wacht-op-vv');
      expect(referencesOf(html)).toEqual([waiting.reference]);
      expect(html).toMatch(/Wacht langer dan 5 werkdagen op de verwerkingsverantwoordelijke <span class="count">1<\/span>/);
    });

    it('saves the current filters under a name, counts them, and deletes the view again', async () => {
      const r = await createRequest({ requester: { name: 'Weergave Persoon', email: 'weergave@example.nl' } });
      const c = await loggedIn();
      const html = await page(c, '/ui?zoek=weergave+pers&sorteer=ontvangen&volgorde=af');
      expect(html).toContain('Deze filters bewaren als weergave');
      let res = await c.post('/ui/views', { _csrf: UiClient.csrfOf(html), name: 'Mijn zoekopdracht', query: 'zoek=weergave+pers&sorteer=ontvangen&volgorde=af' });
      expect(res.status).toBe(303);
      const after = await page(c, res.headers.get('location')!);
      expect(after).toMatch(/aria-current="true">Mijn zoekopdracht <span class="count">1<\/span>/);
      expect(referencesOf(after)).toEqual([r.reference]);
      // The same name twice: a Dutch message, nothing lost.
      res = await c.post('/ui/views', { _csrf: UiClient.csrfOf(after), name: 'Mijn zoekopdracht', query: 'status=triage' });
      expect(res.status).toBe(400);
      expect(bannerOf((await res.text()).replace(/&#x3D;/g, '='))).toContain('al een weergave met deze naam');
      const [{ id }]: { id: string }[] = await db.query(`SELECT id FROM saved_views WHERE name = 'Mijn zoekopdracht'`);
      res = await c.post(`/ui/views/${id}/delete`, { _csrf: UiClient.csrfOf(after) });
      expect(res.status).toBe(303);
      expect(await page(c, '/ui?weergave=alle')).not.toContain('Mijn zoekopdracht');
    });

    it('does not let another agent delete or see a personal view', async () => {
      const c = await loggedIn();
      const html = await page(c, '/ui?status=triage');
      await c.post('/ui/views', { _csrf: UiClient.csrfOf(html), name: 'Alleen van mij', query: 'status=triage' });
      const [{ id }]: { id: string }[] = await db.query(`SELECT id FROM saved_views WHERE name = 'Alleen van mij'`);
      const other = new UiClient(t.baseUrl);
      await other.login('collega', 'nog-een-lang-wachtwoord-1');
      const theirs = await (await other.get('/ui?weergave=alle')).text();
      expect(theirs).not.toContain('Alleen van mij');
      await other.post(`/ui/views/${id}/delete`, { _csrf: UiClient.csrfOf(theirs) });
      expect(await db.query(`SELECT 1 FROM saved_views WHERE id = $1`, [id])).toHaveLength(1);
    });
  });
});
