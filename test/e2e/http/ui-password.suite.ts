/**
 * The password and 2FA life cycle of an agent: changing one's own password, temporary passwords
 * and the initial admin password changed at first login, re-authentication for turning 2FA off
 * or resetting it, and the QR code at enrolment.
 */
import { readFileSync } from 'node:fs';
import * as OTPAuth from 'otpauth';
import { AgentsService } from '../../../src/agents/agents.service.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';

describe('ui-password', () => {
  let t: TestApp;
  let agents: AgentsService;
  /** The initial admin password as written in the credentials file (this app keeps it unchanged). */
  let initial: { username: string; password: string };

  beforeAll(async () => {
    t = await startTestApp({ keepInitialPassword: true });
    agents = t.service.app.get(AgentsService);
    initial = t.credentials.agent;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Each test acts from its own address, so the login budgets of one test do not touch another's. */
  let address = 10;
  const client = () => new UiClient(t.baseUrl, { 'x-forwarded-for': `198.51.100.${address++}` });

  async function changePassword(c: UiClient, current: string, next: string, repeat = next): Promise<Response> {
    const csrf = UiClient.csrfOf(await (await c.get('/ui/account/password')).text());
    return c.post('/ui/account/password', { _csrf: csrf, current, password: next, repeat });
  }

  describe('the initial admin password', () => {
    it('must be changed at the first login; afterwards the credentials file no longer holds a valid password', async () => {
      const file = JSON.parse(readFileSync(t.service.credentialsFile!, 'utf8')) as { agent: Record<string, unknown> };
      expect(file.agent).toMatchObject({ username: 'admin', password: initial.password, mustChangePassword: true });
      expect(String(file.agent.note)).toContain('eerste keer inloggen');

      const c = client();
      const login = await c.login(initial.username, initial.password);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/ui/account/password');
      // Nothing else opens until the password is changed.
      for (const path of ['/ui', '/ui/admin/agents', '/ui/account/2fa']) expect((await c.get(path)).headers.get('location')).toBe('/ui/account/password');
      expect(await (await c.get('/ui/account/password')).text()).toContain('Kies een nieuw wachtwoord');

      const next = 'beheerder-heeft-nu-een-eigen-wachtwoord';
      const changed = await changePassword(c, initial.password, next);
      expect(changed.status).toBe(303);
      expect(changed.headers.get('location')).toBe('/ui');
      expect((await c.get('/ui')).status).toBe(200);

      const after = JSON.parse(readFileSync(t.service.credentialsFile!, 'utf8')) as { agent: Record<string, unknown>; apiKey: string };
      expect(after.agent.password).toBeNull();
      expect(String(after.agent.note)).toContain('gewijzigd');
      expect(JSON.stringify(after)).not.toContain(initial.password);
      expect(after.apiKey).toBe(t.apiKey);
      expect((await client().login(initial.username, initial.password)).status).toBe(401);
      const fresh = await client().login(initial.username, next);
      expect(fresh.headers.get('location')).toBe('/ui');
      initial = { username: initial.username, password: next };
    });
  });

  describe('temporary passwords from Medewerkers', () => {
    it('makes a new agent and an agent whose password was reset choose their own at first login', async () => {
      const admin = client();
      expect((await admin.login(initial.username, initial.password)).headers.get('location')).toBe('/ui');
      const csrf = await admin.csrf('/ui/admin/agents');
      const created = await (await admin.post('/ui/admin/agents', { _csrf: csrf, username: 'tijdelijk', displayName: 'Tijdelijk', email: '', role: 'agent' })).text();
      const temporary = /Tijdelijk wachtwoord \(wordt maar één keer getoond\): ([A-Za-z0-9_-]+)/.exec(created)![1];

      const c = client();
      expect((await c.login('tijdelijk', temporary)).headers.get('location')).toBe('/ui/account/password');
      expect((await c.get('/ui')).headers.get('location')).toBe('/ui/account/password');
      expect((await changePassword(c, temporary, 'mijn-eigen-lange-wachtwoord')).headers.get('location')).toBe('/ui');
      expect((await c.get('/ui')).status).toBe(200);

      // An admin resets it (with the admin's own password): again a temporary one, again changed first.
      const me = (await agents.list()).find((a) => a.username === 'tijdelijk')!;
      const reset = await (await admin.post(`/ui/admin/agents/${me.id}`, { _csrf: csrf, action: 'reset-password', current: initial.password })).text();
      const second = /Nieuw tijdelijk wachtwoord voor tijdelijk \(wordt maar één keer getoond\): ([A-Za-z0-9_-]+)/.exec(reset)![1];
      const d = client();
      expect((await d.login('tijdelijk', second)).headers.get('location')).toBe('/ui/account/password');
    });
  });

  describe('changing one’s own password', () => {
    const user = { username: 'wissel', password: 'het-oude-lange-wachtwoord' };
    beforeAll(async () => {
      await agents.create({ ...user, displayName: 'Wissel', role: 'agent' });
    });

    it('needs the current password, 12 characters, a repeat that matches, and no common password', async () => {
      const c = client();
      expect((await c.login(user.username, user.password)).headers.get('location')).toBe('/ui');
      const wrongCurrent = await changePassword(c, 'niet-het-huidige', 'een-nieuw-lang-wachtwoord');
      expect(wrongCurrent.status).toBe(400);
      expect(await wrongCurrent.text()).toContain('Uw huidige wachtwoord klopt niet');
      const short = await changePassword(c, user.password, 'kort-1234');
      expect(short.status).toBe(400);
      expect(await short.text()).toContain('minstens 12 tekens');
      const common = await changePassword(c, user.password, 'qwertyuiop123');
      expect(common.status).toBe(400);
      expect(await common.text()).toContain('veelgebruikte wachtwoorden');
      const mismatch = await changePassword(c, user.password, 'een-nieuw-lang-wachtwoord', 'een-ander-lang-wachtwoord');
      expect(mismatch.status).toBe(400);
      expect(await mismatch.text()).toContain('niet hetzelfde');
      // The old password still works: nothing was changed.
      expect((await client().login(user.username, user.password)).headers.get('location')).toBe('/ui');

      const ok = await changePassword(c, user.password, 'een-nieuw-lang-wachtwoord');
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('Uw wachtwoord is gewijzigd');
      expect((await client().login(user.username, user.password)).status).toBe(401);
      expect((await client().login(user.username, 'een-nieuw-lang-wachtwoord')).headers.get('location')).toBe('/ui');
    });
  });

  describe('two-factor life cycle', () => {
    it('shows a QR code (SVG) beside the secret at enrolment', async () => {
      await agents.create({ username: 'qr', password: 'qr-lang-wachtwoord-1', displayName: 'QR', role: 'agent' });
      const c = client();
      await c.login('qr', 'qr-lang-wachtwoord-1');
      const page = await (await c.get('/ui/account/2fa')).text();
      expect(page).toMatch(/name="secret" value="[A-Z2-7]+"/);
      expect(page).toMatch(/<svg[^>]*role="img"[^>]*aria-label="QR-code/);
      expect(page).toContain('<path');
    });

    it('turns 2FA off only with the current password; an admin resets it only with the admin’s own', async () => {
      const user = { username: 'uitzetter', password: 'uitzet-lang-wachtwoord' };
      const created = await agents.create({ ...user, displayName: 'Uitzetter', role: 'agent' });
      const secret = agents.newTotpSecret();
      await agents.enableTotp(created!.id, secret, 0);
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
      const c = client();
      await c.login(user.username, user.password);
      const form = UiClient.csrfOf(await (await c.get('/ui/login/totp')).text());
      expect((await c.post('/ui/login/totp', { _csrf: form, code: totp.generate() })).status).toBe(303);

      const page = await (await c.get('/ui/account/2fa')).text();
      expect(page).toContain('name="current"');
      const csrf = UiClient.csrfOf(page);
      const without = await c.post('/ui/account/2fa', { _csrf: csrf, action: 'disable' });
      expect(without.status).toBe(400);
      expect(await without.text()).toContain('huidige wachtwoord');
      const wrong = await c.post('/ui/account/2fa', { _csrf: csrf, action: 'disable', current: 'fout-wachtwoord' });
      expect(wrong.status).toBe(400);
      expect((await agents.totpState(created!.id)).enabled).toBe(true);
      const off = await c.post('/ui/account/2fa', { _csrf: csrf, action: 'disable', current: user.password });
      expect(off.status).toBe(200);
      expect((await agents.totpState(created!.id)).enabled).toBe(false);

      // The admin's reset of someone else's 2FA asks for the admin's password.
      await agents.enableTotp(created!.id, secret, 0);
      const admin = client();
      await admin.login(initial.username, initial.password);
      const adminCsrf = await admin.csrf('/ui/admin/agents');
      const refused = await admin.post(`/ui/admin/agents/${created!.id}`, { _csrf: adminCsrf, action: 'reset-2fa' });
      expect(refused.status).toBe(400);
      expect((await agents.totpState(created!.id)).enabled).toBe(true);
      const reset = await admin.post(`/ui/admin/agents/${created!.id}`, { _csrf: adminCsrf, action: 'reset-2fa', current: initial.password });
      expect(reset.status).toBe(200);
      expect((await agents.totpState(created!.id)).enabled).toBe(false);
    });
  });
});
