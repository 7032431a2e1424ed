/** Identity verification over HTTP: the gate, the pause, known contacts, e-mail confirmation, the stored fields. */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../../src/common/clock.js';
import { OutboxWorker } from '../../../src/replies/outbox.worker.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { requestBody } from '../../factories/requests.js';

describe('verification', () => {
  let t: TestApp;
  let db: DataSource;
  const clock = new FixedClock(new Date('2026-04-20T10:00:00Z'));
  const DAY = 86_400_000;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    db = t.service.app.get(DataSource);
    const self = ((await (await t.api('/api/v1/controllers?limit=200')).json()) as { items: { id: string; isSelf: boolean }[] }).items.find((c) => c.isSelf)!;
    const res = await t.api(`/api/v1/controllers/${self.id}/identifiers`, {
      method: 'POST',
      json: { identifiers: [{ type: 'email', value: 'bekende.klant@example.nl' }, { type: 'phone', value: '+31 6 12345678' }] },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => clock.set(new Date('2026-04-20T10:00:00Z')));

  async function create(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
    expect(res.status).toBe(201);
    return (await res.json()) as Record<string, any>;
  }

  /** A request the processor handles itself, in inHouse.verifying. */
  async function inHouse(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const r = await create(overrides);
    if (r.state === 'inHouse.verifying') return r;
    const res = await t.api(`/api/v1/requests/${r.id}/events`, { method: 'POST', headers: { 'if-match': `"${r.version}"` }, json: { type: 'CLASSIFY', scope: 'in-house' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.state).toBe('inHouse.verifying');
    return body;
  }

  const start = (id: string, json: unknown) => t.api(`/api/v1/requests/${id}/verification`, { method: 'POST', json });
  const decide = (id: string, stepId: string, json: unknown) => t.api(`/api/v1/requests/${id}/verification/${stepId}/decision`, { method: 'POST', json });
  const get = async (id: string) => (await (await t.api(`/api/v1/requests/${id}`)).json()) as Record<string, any>;

  describe('the reasonable-doubt gate', () => {
    it('refuses an ID copy without a reason (422)', async () => {
      const r = await inHouse();
      const res = await start(r.id, { method: 'id-document', documentType: 'passport' });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'verification-refused', reason: 'reasonable-doubt-required' });
      expect((await get(r.id)).state).toBe('inHouse.verifying');
    });

    it('refuses an ID copy for an objection to direct marketing (art 21(3)), even with a reason', async () => {
      const r = await inHouse({ rights: ['objection-direct-marketing'] });
      const res = await start(r.id, { method: 'id-document', reason: 'Het adres wijkt af van het bekende adres.' });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'verification-refused', reason: 'direct-marketing-no-check' });
      const steps = (await (await t.api(`/api/v1/requests/${r.id}/verification`)).json()) as { items: unknown[] };
      expect(steps.items).toEqual([]);
    });

    it('refuses an ID copy when no less intrusive method was tried and no reason says why none suits (422)', async () => {
      const r = await inHouse();
      const res = await start(r.id, { method: 'id-document', reason: 'Het verzoek kwam van een onbekend adres en vraagt alle gegevens.', documentType: 'passport' });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'verification-refused', reason: 'less-intrusive-first' });
      expect((await get(r.id)).state).toBe('inHouse.verifying');
      const mails = await db.query(`SELECT 1 FROM messages WHERE request_id = $1 AND template = 'identification-request'`, [r.id]);
      expect(mails).toEqual([]);
    });

    it('allows an ID copy after an e-mail confirmation expired unused, and records why when none was tried', async () => {
      const r = await inHouse();
      expect((await start(r.id, { method: 'email-confirmation' })).status).toBe(201);
      // Still running: not yet a failed attempt.
      const early = await start(r.id, { method: 'id-document', reason: 'Het verzoek kwam van een onbekend adres en vraagt alle gegevens.' });
      expect(await early.json()).toMatchObject({ reason: 'less-intrusive-first' });
      clock.advance(8 * DAY);
      const res = await start(r.id, { method: 'id-document', reason: 'Het verzoek kwam van een onbekend adres en vraagt alle gegevens.' });
      expect(res.status).toBe(201);
      expect(((await res.json()) as Record<string, any>).note).toBeNull();

      const other = await inHouse();
      const why = 'Verzoeker heeft geen account en belde vanaf een afgeschermd nummer.';
      const withWhy = await start(other.id, { method: 'id-document', reason: 'Twijfel: de handtekening wijkt af van eerdere brieven.', lessIntrusiveUnsuitable: why });
      expect(withWhy.status).toBe(201);
      expect(((await withWhy.json()) as Record<string, any>).note).toBe(`Geen minder ingrijpende manier geschikt: ${why}`);
      // The reason is internal: the identification letter asks only the reasonable-doubt question.
      const [letter] = await db.query(`SELECT data FROM messages WHERE request_id = $1 AND template = 'identification-request'`, [other.id]);
      expect(JSON.stringify(letter.data)).not.toContain('afgeschermd');
    });

    it('still refuses an ID copy for an objection to direct marketing, whatever reasons are given', async () => {
      const r = await inHouse({ rights: ['objection-direct-marketing'] });
      const res = await start(r.id, { method: 'id-document', reason: 'Het adres wijkt af van het bekende adres.', lessIntrusiveUnsuitable: 'Geen account en geen bekend telefoonnummer.' });
      expect(await res.json()).toMatchObject({ reason: 'direct-marketing-no-check' });
    });

    it('refuses verification of a request that is not handled in-house', async () => {
      const r = await create();
      const res = await start(r.id, { method: 'callback' });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ reason: 'not-in-house' });
    });
  });

  describe('an ID copy with a reason', () => {
    it('sends the identification letter, pauses the clock, needs the destroyed-copy tick and moves respondBy by the waiting days', async () => {
      const r = await inHouse();
      const before = r.deadlines.respondBy;
      // Least intrusive first: the sender's address is not known (a helpdesk ticket), so this fails.
      expect(await (await start(r.id, { method: 'known-contact-match' })).json()).toMatchObject({ status: 'failed' });
      const res = await start(r.id, { method: 'id-document', reason: 'Het verzoek kwam van een onbekend adres en vraagt alle gegevens.', documentType: 'dutch-identity-card' });
      expect(res.status).toBe(201);
      const step = (await res.json()) as Record<string, any>;
      expect(step).toMatchObject({ method: 'id-document', status: 'requested', documentType: 'dutch-identity-card', warnings: [] });
      const waiting = await get(r.id);
      expect(waiting.state).toBe('inHouse.awaitingRequester');
      const mails = await db.query(`SELECT template, data FROM messages WHERE request_id = $1 AND template = 'identification-request'`, [r.id]);
      expect(mails).toHaveLength(1); // one letter: the machine's, no duplicate
      expect(mails[0].data.documentType).toBe('dutch-identity-card');

      clock.advance(6 * DAY);
      const refused = await decide(r.id, step.id, { status: 'passed' });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ reason: 'copy-not-destroyed' });

      const ok = await decide(r.id, step.id, { status: 'passed', checkedAndDestroyed: true });
      expect(ok.status).toBe(200);
      const decided = (await ok.json()) as Record<string, any>;
      expect(decided.status).toBe('passed');
      expect(decided.checkedAt).toBeTruthy();
      expect(decided.destroyedAt).toBeTruthy();
      expect(decided.record).toBe(`identiteit gecontroleerd op 26 april 2026 door ${decided.decidedBy}, kopie vernietigd`);

      const after = await get(r.id);
      expect(after.state).toBe('inHouse.processing');
      expect(after.deadlines.pausedDays).toBe(6);
      expect(after.deadlines.unpausedRespondBy).toBe(before);
      expect(after.deadlines.respondBy > before).toBe(true);
      // Received Monday 20 April: nominal 20 May (Wednesday); +6 days → Tuesday 26 May.
      expect(after.deadlines.respondBy).toBe('2026-05-26');

      const again = await decide(r.id, step.id, { status: 'failed' });
      expect(again.status).toBe(422);
    });

    it('warns when identification is asked later than 5 working days after receipt', async () => {
      const r = await inHouse({ receivedAt: '2026-04-08T09:00:00+02:00' });
      const res = await start(r.id, { method: 'id-document', reason: 'Twijfel: de handtekening wijkt af van eerdere brieven.', lessIntrusiveUnsuitable: 'Geen account, geen bekend nummer of adres.' });
      expect(res.status).toBe(201);
      expect(((await res.json()) as Record<string, any>).warnings).toEqual(['asked-late']);
    });

    it('refuses a note that looks like document data', async () => {
      const r = await inHouse();
      const step = (await (await start(r.id, { method: 'callback' })).json()) as Record<string, any>;
      const res = await decide(r.id, step.id, { status: 'passed', note: 'BSN 123456782 gezien' });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ reason: 'note-holds-document-data' });
    });
  });

  describe('known-contact-match', () => {
    it('passes when an e-mail request came from an address the processor knows, and the request is verified', async () => {
      const r = await create({ channel: 'email', requester: { name: 'Bekende Klant', email: 'Bekende.Klant@example.nl' } });
      expect(r.state).toBe('inHouse.verifying');
      const res = await start(r.id, { method: 'known-contact-match' });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ status: 'passed', decidedBy: 'system' });
      expect((await get(r.id)).state).toBe('inHouse.processing');
    });

    it('passes for a phone request from a known number', async () => {
      const r = await inHouse({ channel: 'phone', requester: { name: 'Bekende Klant', phone: '06-12345678' } });
      const res = await start(r.id, { method: 'known-contact-match' });
      expect(await res.json()).toMatchObject({ status: 'passed' });
    });

    it('does not pass on an address typed into a helpdesk ticket, nor on an unknown sender', async () => {
      const typed = await inHouse({ channel: 'helpdesk', requester: { name: 'X', email: 'bekende.klant@example.nl' } });
      expect(await (await start(typed.id, { method: 'known-contact-match' })).json()).toMatchObject({ status: 'failed' });
      expect((await get(typed.id)).state).toBe('inHouse.verifying');
      const unknown = await inHouse({ channel: 'email', requester: { name: 'Y', email: 'onbekend@example.nl' } });
      expect(await (await start(unknown.id, { method: 'known-contact-match' })).json()).toMatchObject({ status: 'failed' });
    });
  });

  describe('email-confirmation', () => {
    it('mails a /v/ link; a GET shows the page and confirms nothing; only the POST with its form token confirms', async () => {
      const r = await inHouse();
      const res = await start(r.id, { method: 'email-confirmation' });
      expect(res.status).toBe(201);
      const step = (await res.json()) as Record<string, any>;
      const [mail] = await db.query(`SELECT id, data FROM messages WHERE request_id = $1 AND template = 'email-confirmation'`, [r.id]);
      const link: string = mail.data.link;
      expect(link).toMatch(/\/v\/[A-Za-z0-9_-]{43}$/);
      const path = new URL(link).pathname;
      const [stored] = await db.query(`SELECT token_digest FROM verification_steps WHERE id = $1`, [step.id]);
      expect(stored.token_digest).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(path.slice(3));

      const page = await fetch(t.baseUrl + path);
      expect(page.status).toBe(200);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain('Ja, dit verzoek komt van mij');
      expect((await get(r.id)).state).toBe('inHouse.verifying');
      const list = (await (await t.api(`/api/v1/requests/${r.id}/verification`)).json()) as { items: Record<string, any>[] };
      expect(list.items[0].status).toBe('requested');

      const noCsrf = await fetch(t.baseUrl + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      expect(noCsrf.status).toBe(403);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
      const post = await fetch(t.baseUrl + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }).toString(),
      });
      expect(post.status).toBe(303);
      expect((await get(r.id)).state).toBe('inHouse.processing');
      const confirmed = await fetch(t.baseUrl + path);
      expect(await confirmed.text()).toContain('U hebt bevestigd');

      // Once sent, no live token stays in the outbox row (the outbox counts due dates in database time).
      clock.set(new Date(Date.now() + 60_000));
      for (let i = 0; i < 20 && (await db.query(`SELECT status FROM messages WHERE id = $1`, [mail.id]))[0].status !== 'sent'; i++) {
        await t.service.app.get(OutboxWorker).runOnce();
      }
      const [sent] = await db.query(`SELECT status, data, text FROM messages WHERE id = $1`, [mail.id]);
      expect(sent.status).toBe('sent');
      expect(sent.data.link).toMatch(/\/v\/\[verwijderd\]$/);
      expect(sent.text).not.toContain(path.slice(3));
    });

    it('answers 404 for an unknown link and 410 for an expired one', async () => {
      expect((await fetch(`${t.baseUrl}/v/${'a'.repeat(43)}`)).status).toBe(404);
      const r = await inHouse();
      await start(r.id, { method: 'email-confirmation' });
      const [mail] = await db.query(`SELECT data FROM messages WHERE request_id = $1 AND template = 'email-confirmation'`, [r.id]);
      clock.advance(8 * DAY);
      expect((await fetch(t.baseUrl + new URL(mail.data.link).pathname)).status).toBe(410);
    });
  });

  describe('what is stored', () => {
    it('verification_steps holds only the fields of the issue: no document, image, number or file', async () => {
      const columns: { column_name: string }[] = await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'verification_steps' ORDER BY column_name`,
      );
      expect(columns.map((c) => c.column_name).sort()).toEqual(
        [
          'checked_at',
          'decided_at',
          'decided_by',
          'destroyed_at',
          'document_type',
          'id',
          'late_warning',
          'method',
          'note',
          'performed_by',
          'reason',
          'request_id',
          'requested_at',
          'status',
          'token_digest',
          'token_expires_at',
        ].sort(),
      );
      const tables: { table_name: string }[] = await db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND (table_name LIKE '%document%' OR table_name LIKE '%upload%' OR table_name LIKE '%file%')`,
      );
      expect(tables).toEqual([]);
    });

    it('offers no upload route', async () => {
      const r = await inHouse();
      const res = await t.api(`/api/v1/requests/${r.id}/verification/upload`, { method: 'POST', json: {} });
      expect(res.status).toBe(404);
    });
  });

  describe('agent UI: the verification panel', () => {
    it('shows the panel with methods least intrusive first and the guidance; refuses an ID copy without a reason in Dutch; closes a copy with the tick', async () => {
      const { UiClient } = await import('../../support/ui-client.js');
      const c = new UiClient(t.baseUrl);
      expect((await c.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
      const r = await inHouse();
      const page = await (await c.get(`/ui/requests/${r.id}`)).text();
      expect(page).toContain('id="h-identiteit"');
      expect(page.indexOf('Bekend contactadres')).toBeLessThan(page.indexOf('Kopie identiteitsbewijs'));
      expect(page).toContain('ook in de strook met tekens onderaan');
      expect(page).toContain('rijksregisternummer');
      const csrf = UiClient.csrfOf(page);

      const refused = await c.post(`/ui/requests/${r.id}/verification`, { _csrf: csrf, method: 'id-document', reason: '', documentType: 'passport' });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('alleen bij redelijke twijfel');

      const notLeast = await c.post(`/ui/requests/${r.id}/verification`, { _csrf: csrf, method: 'id-document', reason: 'Onbekend afzenderadres en een verzoek om alle gegevens.', documentType: 'passport', lessIntrusiveUnsuitable: '' });
      expect(notLeast.status).toBe(422);
      expect(await notLeast.text()).toContain('Vraag eerst een minder ingrijpende controle');

      const started = await c.post(`/ui/requests/${r.id}/verification`, {
        _csrf: csrf,
        method: 'id-document',
        reason: 'Onbekend afzenderadres en een verzoek om alle gegevens.',
        documentType: 'passport',
        lessIntrusiveUnsuitable: 'Geen account en geen bekend telefoonnummer.',
      });
      expect(started.status).toBe(303);
      const withStep = await (await c.get(started.headers.get('location')!)).text();
      expect(withStep).toContain('De identiteitscontrole is gestart.');
      expect(withStep).toContain('Noteer geen gegevens uit een document');
      const stepId = /\/verification\/([0-9a-f-]{36})"/.exec(withStep)![1]!;

      const noTick = await c.post(`/ui/requests/${r.id}/verification/${stepId}`, { _csrf: csrf, status: 'passed', note: '' });
      expect(noTick.status).toBe(422);
      expect(await noTick.text()).toContain('gecontroleerd en vernietigd');
      const done = await c.post(`/ui/requests/${r.id}/verification/${stepId}`, { _csrf: csrf, status: 'passed', checkedAndDestroyed: 'ja', note: '' });
      expect(done.status).toBe(303);
      const after = await (await c.get(`/ui/requests/${r.id}`)).text();
      expect(after).toMatch(/identiteit gecontroleerd op \d+ \w+ 2026 door admin, kopie vernietigd/);
      expect((await get(r.id)).state).toBe('inHouse.processing');
    });
  });
});
