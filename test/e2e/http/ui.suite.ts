/** The agent workspace over HTTP: sessions, CSRF, roles, escaping, throttling, logout, actions. */
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';
import { fileRequest } from '../../factories/requests.js';

describe('ui', () => {
  let t: TestApp;
  const AGENT = { username: 'medewerker', password: 'een-lang-wachtwoord-123' };

  beforeAll(async () => {
    t = await startTestApp();
    // An admin creates an ordinary agent through the admin page.
    const admin = new UiClient(t.baseUrl);
    expect((await admin.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
    const { AgentsService } = await import('../../../src/agents/agents.service.js');
    await t.service.app.get(AgentsService).create({ username: AGENT.username, displayName: 'Mila Medewerker', password: AGENT.password, role: 'agent' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const createRequest = (overrides: Record<string, unknown> = {}) => fileRequest(t.api, overrides);

  async function loggedIn(user = AGENT): Promise<UiClient> {
    const c = new UiClient(t.baseUrl);
    const res = await c.login(user.username, user.password);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui');
    return c;
  }

  describe('session', () => {
    it.each(['/ui', '/ui/requests/new', '/ui/admin/agents', '/ui/requests/00000000-0000-0000-0000-000000000000'])(
      'sends an anonymous visitor of %s to the login page (303)',
      async (path) => {
        const res = await new UiClient(t.baseUrl).get(path);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/ui/login');
      },
    );

    it('serves a Dutch login page with a CSRF field', async () => {
      const res = await new UiClient(t.baseUrl).get('/ui/login');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<html lang="nl">');
      expect(html).toMatch(/name="_csrf" value="[^"]+"/);
      expect(html).toContain('name="username"');
      expect(html).toContain('name="password"');
    });

    it('sets an HttpOnly SameSite=Lax session cookie (not Secure over http) and stores only its hash', async () => {
      const c = new UiClient(t.baseUrl);
      const page = await (await c.get('/ui/login')).text();
      const res = await c.post('/ui/login', { _csrf: UiClient.csrfOf(page), ...AGENT });
      const line = res.headers.getSetCookie().find((l) => l.startsWith('vr_session='))!;
      expect(line).toMatch(/HttpOnly/);
      expect(line).toMatch(/SameSite=Lax/);
      expect(line).not.toMatch(/Secure/);
      const id = decodeURIComponent(line.split(';')[0].split('=')[1]);
      const { DataSource } = await import('typeorm');
      const db = t.service.app.get(DataSource);
      const rows: unknown[] = await db.query(`SELECT 1 FROM ui_sessions WHERE id_hash = $1`, [id]);
      expect(rows).toHaveLength(0);
      const { sha256Hex } = await import('../../../src/common/crypto.js');
      expect(await db.query(`SELECT 1 FROM ui_sessions WHERE id_hash = $1`, [sha256Hex(id)])).toHaveLength(1);
    });

    it('refuses a wrong password with a Dutch message', async () => {
      const c = new UiClient(t.baseUrl);
      const res = await c.login(AGENT.username, 'fout');
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('Gebruikersnaam of wachtwoord klopt niet');
    });

    it('logs out: the session no longer opens pages', async () => {
      const c = await loggedIn();
      const csrf = await c.csrf();
      const res = await c.post('/ui/logout', { _csrf: csrf });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/ui\/login/);
      expect((await c.get('/ui')).status).toBe(303);
    });

    it('ends a session after 30 idle minutes', async () => {
      const c = await loggedIn();
      const { DataSource } = await import('typeorm');
      await t.service.app.get(DataSource).query(`UPDATE ui_sessions SET idle_expires_at = now() - interval '1 second'`);
      expect((await c.get('/ui')).status).toBe(303);
    });
  });

  describe('login throttling', () => {
    it('delays further attempts after repeated failures, even with the right password', async () => {
      const { AgentsService } = await import('../../../src/agents/agents.service.js');
      const user = { username: 'throttled', password: 'nog-een-lang-wachtwoord' };
      await t.service.app.get(AgentsService).create({ ...user, displayName: 'T', role: 'agent' });
      const c = new UiClient(t.baseUrl);
      for (let i = 0; i < 3; i++) expect((await c.login(user.username, 'fout-' + i)).status).toBe(401);
      // The budget of this name from this address is spent: the next attempt waits (15 s at first).
      const res = await c.login(user.username, user.password);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await res.text()).toContain('Te veel mislukte pogingen');
    });
  });

  describe('CSRF', () => {
    it('refuses a login without the token (403, Dutch page)', async () => {
      const c = new UiClient(t.baseUrl);
      await c.get('/ui/login');
      const res = await c.post('/ui/login', AGENT);
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('<html lang="nl">');
      expect(html).toContain('beveiligingscode');
    });

    it('refuses a form post of a logged-in agent without or with a wrong token', async () => {
      const c = await loggedIn();
      const r = await createRequest();
      const form = { version: String(r.version), type: 'NOTE', text: 'Gebeld met de verzoeker.' };
      const missing = await c.post(`/ui/requests/${r.id}/events`, form);
      expect(missing.status).toBe(403);
      expect(await missing.text()).toContain('Formulier verlopen of ongeldig');
      expect((await c.post(`/ui/requests/${r.id}/events`, { ...form, _csrf: 'x'.repeat(43) })).status).toBe(403);
      expect((await c.post('/ui/logout', {})).status).toBe(403);
      expect((await c.post('/ui/requests/new', { name: 'x' })).status).toBe(403);
    });
  });

  describe('roles', () => {
    it.each(['/ui/admin/agents', '/ui/admin/api-keys'])('refuses an agent %s (403)', async (path) => {
      const c = await loggedIn();
      const res = await c.get(path);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Geen toegang');
    });

    it('refuses an agent posting to admin pages, even with a valid token', async () => {
      const c = await loggedIn();
      const csrf = await c.csrf();
      expect((await c.post('/ui/admin/agents', { _csrf: csrf, username: 'x1', displayName: 'X', role: 'admin' })).status).toBe(403);
      expect((await c.post('/ui/admin/settings', { _csrf: csrf, totpRequired: 'ja' })).status).toBe(403);
    });

    it('lets an admin see agents and API keys, and hides key hashes', async () => {
      const admin = await loggedIn(t.credentials.agent);
      const agents = await admin.get('/ui/admin/agents');
      expect(agents.status).toBe(200);
      expect(await agents.text()).toContain('medewerker');
      const keys = await admin.get('/ui/admin/api-keys');
      expect(keys.status).toBe(200);
      const html = await keys.text();
      expect(html).toContain('bootstrap');
      expect(html).not.toContain(t.apiKey);
    });
  });

  describe('escaping of requester input', () => {
    const EVIL = '<script>alert(1)</script>';

    it('escapes a requester name and message on the queue and the detail page', async () => {
      const r = await createRequest({ requester: { name: EVIL, email: 'x@example.nl', address: '"><img src=x onerror=alert(2)>' }, message: EVIL });
      const c = await loggedIn();
      const queue = await (await c.get(`/ui?zoek=${encodeURIComponent(r.reference)}`)).text();
      expect(queue).toContain(r.reference);
      expect(queue).not.toContain(EVIL);
      expect(queue).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      const detail = await (await c.get(`/ui/requests/${r.id}`)).text();
      expect(detail).not.toContain(EVIL);
      expect(detail).not.toContain('<img src=x');
      expect(detail).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('escapes what an agent typed when the new-request form comes back with errors', async () => {
      const c = await loggedIn();
      const csrf = await c.csrf('/ui/requests/new');
      const res = await c.post('/ui/requests/new', { _csrf: csrf, channel: 'phone', name: EVIL, message: '' });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).not.toContain(EVIL);
      expect(html).toContain('&lt;script&gt;');
    });
  });

  describe('queue', () => {
    it('shows open requests in urgency order with Dutch labels and counts per state', async () => {
      const older = await createRequest({ receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
      const newer = await createRequest();
      const c = await loggedIn();
      const html = await (await c.get('/ui')).text();
      expect(html).toContain('<html lang="nl">');
      expect(html.indexOf(older.reference)).toBeGreaterThan(-1);
      expect(html.indexOf(older.reference)).toBeLessThan(html.indexOf(newer.reference));
      expect(html).toMatch(/due-overdue/);
      expect(html).toContain('te laat');
      expect(html).toContain('Te beoordelen');
      expect(html).toContain('inzage (art. 15 AVG)');
      const dues = [...html.matchAll(/data-due="([^"]*)"/g)].map((m) => m[1]);
      expect(dues).toEqual([...dues].sort());
    });

    it('finds a request by (part of) its e-mail address and by external reference', async () => {
      const r = await createRequest({ externalRef: 'ZD-UNIEK-77', requester: { name: 'Zoek Mij', email: 'zoek.mij@example.nl' } });
      const c = await loggedIn();
      const byMail = await (await c.get('/ui?zoek=' + encodeURIComponent('Zoek.Mij@example.nl'))).text();
      expect(byMail).toContain(r.reference);
      const byRef = await (await c.get('/ui?zoek=ZD-UNIEK-77')).text();
      expect(byRef).toContain(r.reference);
      // A part of the address finds it too (issue 21); another address does not.
      const part = await (await c.get('/ui?zoek=zoek.mij@example')).text();
      expect(part).toContain(r.reference);
      const none = await (await c.get('/ui?zoek=zoek.jou@example.nl')).text();
      expect(none).not.toContain(r.reference);
    });
  });

  describe('request detail and actions', () => {
    it('offers only the allowed events and applies one with the version, then shows it in the timeline', async () => {
      const r = await createRequest();
      const c = await loggedIn();
      const html = await (await c.get(`/ui/requests/${r.id}`)).text();
      expect(html).toContain('data-event="CLASSIFY"');
      expect(html).not.toContain('data-event="COMPLETE"');
      expect(html).toContain('Uiterste datum antwoord');
      const csrf = UiClient.csrfOf(html);
      const res = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'CLASSIFY', scope: 'in-house' });
      expect(res.status).toBe(303);
      const after = await (await c.get(res.headers.get('location')!)).text();
      expect(after).toContain('Identiteit controleren');
      expect(after).toContain('wij handelen het zelf af');
      expect(after).toContain('data-event="VERIFIED"');
    });

    it('says in Dutch that someone else changed the request when the version is stale', async () => {
      const r = await createRequest();
      const c = await loggedIn();
      const csrf = await c.csrf();
      const ok = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'NOTE', text: 'Eerste notitie' });
      expect(ok.status).toBe(303);
      const stale = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'NOTE', text: 'Tweede notitie' });
      expect(stale.status).toBe(409);
      expect(await stale.text()).toContain('door iemand anders gewijzigd');
    });

    it('explains in Dutch why the workflow refused a step', async () => {
      const r = await createRequest();
      const c = await loggedIn();
      const csrf = await c.csrf();
      const res = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'EXTEND', reason: 'te kort' });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('Verlengen kan één keer');
      const notNow = await c.post(`/ui/requests/${r.id}/events`, { _csrf: csrf, version: String(r.version), type: 'COMPLETE' });
      expect(notNow.status).toBe(422);
      expect(await notNow.text()).toContain('niet mogelijk in de huidige status');
    });
  });

  describe('new request form', () => {
    it('shows Dutch errors beside the fields', async () => {
      const c = await loggedIn();
      const csrf = await c.csrf('/ui/requests/new');
      const res = await c.post('/ui/requests/new', { _csrf: csrf, channel: 'letter', name: 'Jan', email: 'jan@', message: '' });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('id="email-error"');
      expect(html).toContain('Dit is geen geldig e-mailadres');
      expect(html).toContain('id="rights-error"');
      expect(html).toContain('id="message-error"');
    });

    it('files a request via IntakeService and opens it', async () => {
      const c = await loggedIn();
      const csrf = await c.csrf('/ui/requests/new');
      const res = await c.post('/ui/requests/new', {
        _csrf: csrf,
        channel: 'phone',
        receivedDate: '2026-01-05',
        receivedTime: '10:15',
        name: 'Bel Verzoeker',
        phone: '+31 20 123 4567',
        rights: ['access', 'erasure'],
        message: 'Belde voor inzage en daarna wissing.',
      });
      expect(res.status).toBe(303);
      const html = await (await c.get(res.headers.get('location')!)).text();
      expect(html).toContain('Bel Verzoeker');
      expect(html).toContain('wissing (art. 17 AVG)');
      expect(html).toContain('5 januari 2026');
      // The requester's country, derived from the +31 number, shown on the request.
      expect(html).toContain('<dt>Land</dt><dd>Nederland</dd>');
    });

    it('takes the requester\'s country: Belgium, another country by its code, or an error in Dutch', async () => {
      const c = await loggedIn();
      const page = await (await c.get('/ui/requests/new')).text();
      expect(page).toContain('Land van de verzoeker');
      const base = { channel: 'letter', receivedDate: '2026-01-05', receivedTime: '10:15', name: 'Land Verzoeker', address: 'Kerkstraat 1, 9000 Gent', rights: ['access'], message: 'Inzage.' };
      const be = await c.post('/ui/requests/new', { _csrf: await c.csrf('/ui/requests/new'), ...base, country: 'BE' });
      expect(be.status).toBe(303);
      expect(await (await c.get(be.headers.get('location')!)).text()).toContain('<dt>Land</dt><dd>België</dd>');
      const de = await c.post('/ui/requests/new', { _csrf: await c.csrf('/ui/requests/new'), ...base, country: 'other', countryOther: 'de' });
      expect(de.status).toBe(303);
      expect(await (await c.get(de.headers.get('location')!)).text()).toContain('<dt>Land</dt><dd>DE</dd>');
      const bad = await c.post('/ui/requests/new', { _csrf: await c.csrf('/ui/requests/new'), ...base, country: 'other', countryOther: 'D' });
      expect(bad.status).toBe(400);
      const html = await bad.text();
      expect(html).toContain('id="country-error"');
      expect(html).toContain('Geef een landcode van twee letters');
    });
  });

  describe('two-factor (TOTP)', () => {
    it('lets an agent turn it on; the next login asks for a code', async () => {
      const OTPAuth = await import('otpauth');
      const { AgentsService } = await import('../../../src/agents/agents.service.js');
      const user = { username: 'tweestaps', password: 'tweestaps-wachtwoord-1' };
      await t.service.app.get(AgentsService).create({ ...user, displayName: 'Twee Staps', role: 'agent' });
      const c = await loggedIn(user);
      const page = await (await c.get('/ui/account/2fa')).text();
      const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page)![1];
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
      const wrong = await c.post('/ui/account/2fa', { _csrf: UiClient.csrfOf(page), secret, code: '000000' === totp.generate() ? '111111' : '000000' });
      expect(wrong.status).toBe(400);
      const on = await c.post('/ui/account/2fa', { _csrf: UiClient.csrfOf(page), secret, code: totp.generate() });
      expect(on.status).toBe(200);
      expect(await on.text()).toContain('staat aan');

      const d = new UiClient(t.baseUrl);
      const login = await d.login(user.username, user.password);
      expect(login.headers.get('location')).toBe('/ui/login/totp');
      expect((await d.get('/ui')).headers.get('location')).toBe('/ui/login/totp');
      const form = await (await d.get('/ui/login/totp')).text();
      const bad = await d.post('/ui/login/totp', { _csrf: UiClient.csrfOf(form), code: '12345x' });
      expect(bad.status).toBe(401);
      // The enrolment used the current code; a code is accepted once, so log in with the next one.
      const ok = await d.post('/ui/login/totp', { _csrf: UiClient.csrfOf(form), code: totp.generate({ timestamp: Date.now() + 30_000 }) });
      expect(ok.status).toBe(303);
      expect((await d.get('/ui')).status).toBe(200);
    });

    it('sends agents without 2FA to set it up once an admin makes it mandatory', async () => {
      const admin = await loggedIn(t.credentials.agent);
      const csrf = await admin.csrf('/ui/admin/agents');
      expect((await admin.post('/ui/admin/settings', { _csrf: csrf, totpRequired: 'ja' })).status).toBe(200);
      try {
        const c = new UiClient(t.baseUrl);
        const res = await c.login(AGENT.username, AGENT.password);
        expect(res.headers.get('location')).toBe('/ui/account/2fa');
        expect((await c.get('/ui')).headers.get('location')).toBe('/ui/account/2fa');
        expect(await (await c.get('/ui/account/2fa')).text()).toContain('verplicht gesteld');
      } finally {
        await admin.post('/ui/admin/settings', { _csrf: csrf });
      }
    });
  });

  describe('letters (Brieven)', () => {
    it('lists every letter of the catalogue and previews each in both Dutch forms of address, in French and in English', async () => {
      const { MAIL_CATALOGUE } = await import('../../../src/replies/catalogue.js');
      const c = await loggedIn();
      const list = await (await c.get('/ui/templates')).text();
      expect(list).toContain('<html lang="nl">');
      for (const entry of MAIL_CATALOGUE) {
        for (const version of ['taal=nl&amp;tone=u', 'taal=nl&amp;tone=je', 'taal=fr&amp;tone=u', 'taal=en&amp;tone=u']) expect(list).toContain(`/ui/templates/${entry.id}?${version}`);
      }

      const u = await (await c.get('/ui/templates/acknowledgement?taal=nl&tone=u')).text();
      const je = await (await c.get('/ui/templates/acknowledgement?taal=nl&tone=je')).text();
      expect(u).toContain('Ontvangstbevestiging');
      expect(u).toMatch(/\bu\b/);
      expect(je).toMatch(/\bje\b|\bjouw\b/);
      expect(u).not.toBe(je);
      expect(u).toContain('src="/ui/templates/acknowledgement/html?taal=nl&amp;tone=u"');

      const fr = await (await c.get('/ui/templates/refusal?taal=fr&tone=u')).text();
      expect(fr).toContain('<pre class="mail-text" lang="fr">');
      expect(fr).toContain('RGPD');
      expect(fr).toContain('src="/ui/templates/refusal/html?taal=fr&amp;tone=u"');
      const en = await (await c.get('/ui/templates/refusal?taal=en&tone=u')).text();
      expect(en).toContain('GDPR');
      expect(await (await c.get('/ui/templates/refusal/html?taal=en&tone=u')).text()).toContain('<html lang="en"');

      const html = await c.get('/ui/templates/acknowledgement/html?tone=je');
      expect(html.status).toBe(200);
      expect(html.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await html.text()).toContain('AVG-');

      expect((await c.get('/ui/templates/bestaat-niet')).status).toBe(404);
      expect((await new UiClient(t.baseUrl).get('/ui/templates')).status).toBe(303);
    });
  });

  describe('taking a request', () => {
    it('assigns it to the agent, audits it and tells the helpdesk that filed it', async () => {
      const r = await createRequest();
      const c = await loggedIn();
      const detail = await (await c.get(`/ui/requests/${r.id}`)).text();
      expect(detail).toContain('Aan mij toewijzen');
      expect((await c.post(`/ui/requests/${r.id}/assign`, { _csrf: UiClient.csrfOf(detail), to: 'mij' })).status).toBe(303);
      expect(await (await c.get(`/ui/requests/${r.id}`)).text()).toContain('Teruggeven');
      const { DataSource } = await import('typeorm');
      const db = t.service.app.get(DataSource);
      expect(await db.query(`SELECT type FROM audit_events WHERE request_id = $1 AND type = 'AGENT_ASSIGNED'`, [r.id])).toHaveLength(1);
      const hooks: { data: Record<string, unknown> }[] = await db.query(`SELECT data FROM webhook_events WHERE request_id = $1 AND type = 'request.assigned'`, [r.id]);
      expect(hooks).toEqual([{ data: expect.objectContaining({ requestId: r.id, assigned: true }) }]);
    });
  });
});
