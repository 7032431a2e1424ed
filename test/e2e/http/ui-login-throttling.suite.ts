/**
 * Login throttling that counts before it checks: an attempt reserves budget in PostgreSQL before
 * the password or TOTP code is verified, so a burst of parallel attempts cannot try more secrets
 * than the budget; TOTP failures last until a correct second factor; a name attacked from
 * elsewhere does not lock its owner out of a known address.
 */
import { jest } from '@jest/globals';
import * as OTPAuth from 'otpauth';
import { passwordAttempt } from '../../../src/agent-ui/auth-steps.js';
import { SessionsService } from '../../../src/agent-ui/sessions.service.js';
import { AgentsService } from '../../../src/agents/agents.service.js';
import { Clock } from '../../../src/common/clock.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { needsRealPostgres } from '../../support/db.js';
import { UiClient } from '../../support/ui-client.js';

describe('ui-login-throttling', () => {
  let t: TestApp;
  let agents: AgentsService;

  beforeAll(async () => {
    t = await startTestApp();
    agents = t.service.app.get(AgentsService);
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const from = (address: string) => ({ 'x-forwarded-for': address });

  /** A client that has fetched the login page (its CSRF cookie and token), ready to post. */
  async function loginForm(address: string): Promise<{ c: UiClient; csrf: string }> {
    const c = new UiClient(t.baseUrl, from(address));
    const csrf = UiClient.csrfOf(await (await c.get('/ui/login')).text());
    return { c, csrf };
  }

  async function agentWithTotp(username: string, password: string): Promise<OTPAuth.TOTP> {
    const created = await agents.create({ username, password, displayName: username, role: 'agent' });
    const secret = agents.newTotpSecret();
    await agents.enableTotp(created!.id, secret, 0);
    return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  }

  /** A six-digit code that is not valid now (nor one step either way). */
  function wrongCode(totp: OTPAuth.TOTP, i: number): string {
    const valid = new Set([-30_000, 0, 30_000].map((d) => totp.generate({ timestamp: Date.now() + d })));
    for (let n = i; ; n++) {
      const code = String(n * 7919 % 1_000_000).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  }

  describe('parallel attempts', () => {
    it('checks at most 3 passwords of 40 sent at once for one name; the rest get 429 with Retry-After', async () => {
      const user = { username: 'burst', password: 'een-lang-burst-wachtwoord' };
      await agents.create({ ...user, displayName: 'Burst', role: 'agent' });
      const forms = await Promise.all(Array.from({ length: 40 }, () => loginForm('198.51.100.40')));
      const verify = jest.spyOn(agents, 'verify');
      const results = await Promise.all(
        forms.map(({ c, csrf }, i) => c.post('/ui/login', { _csrf: csrf, username: user.username, password: `fout-${i}` })),
      );
      expect(verify.mock.calls.length).toBeLessThanOrEqual(3);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(37);
      for (const r of results.filter((r) => r.status === 429)) expect(r.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      // And the right password right after the burst is not checked either.
      const { c, csrf } = await loginForm('198.51.100.40');
      const right = await c.post('/ui/login', { _csrf: csrf, ...user });
      expect(right.status).toBe(429);
      expect(await right.text()).toContain('Te veel mislukte pogingen');
    });

    const concurrent = needsRealPostgres('1,000 parallel login attempts on several sessions') ? it : it.skip;
    concurrent('answers every one of 1,000 wrong passwords sent at once with wrong or wait, never an error', async () => {
      // A refused attempt gives back what it reserved on its other budgets while others reserve
      // them: on PostgreSQL both must take the rows in one order, or they deadlock and the
      // agent gets an error page instead of "wacht" (a CI run saw 36 of 40 refused, not 37).
      const user = { username: 'storm', password: 'een-lang-storm-wachtwoord' };
      await agents.create({ ...user, displayName: 'Storm', role: 'agent' });
      const sessions = t.service.app.get(SessionsService);
      // One moment for all ten rounds: a wait of 15 s that ran out on a slow machine would let a fourth password through.
      jest.spyOn(t.service.app.get(Clock), 'now').mockReturnValue(new Date());
      const address = (i: number) => `198.51.100.${50 + (i % 3)}`;
      const checked = new Map<string, number>();
      for (let round = 0; round < 10; round++) {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 100 }, (_, i) => passwordAttempt(sessions, agents, user.username, `fout-${round}-${i}`, address(i))),
        );
        const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
        expect(errors).toEqual([]);
        outcomes.forEach((o, i) => {
          const result = o.status === 'fulfilled' ? o.value.result : 'error';
          expect(['wrong', 'wait']).toContain(result);
          if (result === 'wrong') checked.set(address(i), (checked.get(address(i)) ?? 0) + 1);
        });
      }
      // Three free failures for the name from each address, over all ten rounds.
      for (const n of checked.values()) expect(n).toBeLessThanOrEqual(3);
    });

    it('checks at most 3 of 40 TOTP codes sent at once in one session', async () => {
      const user = { username: 'codes', password: 'een-lang-codes-wachtwoord' };
      const totp = await agentWithTotp(user.username, user.password);
      const c = new UiClient(t.baseUrl, from('198.51.100.41'));
      expect((await c.login(user.username, user.password)).headers.get('location')).toBe('/ui/login/totp');
      const csrf = UiClient.csrfOf(await (await c.get('/ui/login/totp')).text());
      const verifyTotp = jest.spyOn(agents, 'verifyTotp');
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => c.post('/ui/login/totp', { _csrf: csrf, code: wrongCode(totp, i) })));
      expect(verifyTotp.mock.calls.length).toBeLessThanOrEqual(3);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(37);
      // The right code now is refused unchecked as well.
      const right = await c.post('/ui/login/totp', { _csrf: csrf, code: totp.generate() });
      expect(right.status).toBe(429);
      expect((await c.get('/ui')).headers.get('location')).toBe('/ui/login/totp');
    });
  });

  describe('second factor', () => {
    it('keeps counting TOTP failures after a correct password: a new session does not get a fresh budget', async () => {
      const user = { username: 'raden', password: 'een-lang-raad-wachtwoord' };
      const totp = await agentWithTotp(user.username, user.password);
      const first = new UiClient(t.baseUrl, from('198.51.100.42'));
      await first.login(user.username, user.password);
      const csrf = UiClient.csrfOf(await (await first.get('/ui/login/totp')).text());
      for (let i = 0; i < 3; i++) expect((await first.post('/ui/login/totp', { _csrf: csrf, code: wrongCode(totp, i) })).status).toBe(401);

      // The password again (right): still the second step, and its budget is spent.
      const second = new UiClient(t.baseUrl, from('198.51.100.42'));
      expect((await second.login(user.username, user.password)).headers.get('location')).toBe('/ui/login/totp');
      const csrf2 = UiClient.csrfOf(await (await second.get('/ui/login/totp')).text());
      const res = await second.post('/ui/login/totp', { _csrf: csrf2, code: totp.generate() });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect((await second.get('/ui')).headers.get('location')).toBe('/ui/login/totp');
    });
  });

  describe('someone else’s failures', () => {
    it('do not lock an agent out of the address they logged in from before; a new address is slowed', async () => {
      const user = { username: 'eva', password: 'een-lang-eva-wachtwoord' };
      await agents.create({ ...user, displayName: 'Eva', role: 'agent' });
      const office = new UiClient(t.baseUrl, from('198.51.100.7'));
      expect((await office.login(user.username, user.password)).headers.get('location')).toBe('/ui');

      // An attacker tries the name from 12 addresses, one wrong password each.
      for (let i = 1; i <= 12; i++) {
        const { c, csrf } = await loginForm(`203.0.113.${i}`);
        expect([401, 429]).toContain((await c.post('/ui/login', { _csrf: csrf, username: user.username, password: `raden-${i}` })).status);
      }
      // A fresh address is slowed down for this name ...
      const { c: elsewhere, csrf } = await loginForm('203.0.113.99');
      expect((await elsewhere.post('/ui/login', { _csrf: csrf, ...user })).status).toBe(429);
      // ... but Eva at the office logs in.
      const again = new UiClient(t.baseUrl, from('198.51.100.7'));
      const res = await again.login(user.username, user.password);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/ui');
    });

    it('refuses an address after 20 failed attempts, whatever the name', async () => {
      for (let i = 0; i < 20; i++) {
        const { c, csrf } = await loginForm('198.51.100.60');
        expect((await c.post('/ui/login', { _csrf: csrf, username: `onbekend-${i}`, password: 'fout' })).status).toBe(401);
      }
      const { c, csrf } = await loginForm('198.51.100.60');
      const res = await c.post('/ui/login', { _csrf: csrf, username: 'nog-een', password: 'fout' });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    });
  });
});
