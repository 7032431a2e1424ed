/**
 * Every workspace page an agent or admin can open, and the pages behind the links in letters, in
 * both colour schemes at desktop and phone size: axe-core finds no serious or critical violation.
 * The demo data fills them (controllers, forwarded requests, an incident, identity checks).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/app.js';
import { axe, launchBrowser } from '../../support/browser.js';

const SIZES = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
const SCHEMES = ['light', 'dark'] as const;
const STATIC_PAGES = [
  '/ui/login',
  '/ui',
  '/ui?weergave=alle',
  '/ui/requests/new',
  '/ui/incidents',
  '/ui/dashboard',
  '/ui/register',
  '/ui/templates',
  '/ui/admin/agents',
  '/ui/admin/api-keys',
  '/ui/admin/controllers',
  '/ui/account/2fa',
  '/ui/account/email',
  '/ui/account/password',
];

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ env: { DEMO_DATA: 'true' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function loggedIn(scheme: (typeof SCHEMES)[number], size: keyof typeof SIZES): Promise<{ context: BrowserContext; page: Page }> {
  // axe is injected as an inline script, which the pages' CSP forbids: the test bypasses CSP.
  const context = await browser.newContext({ bypassCSP: true, viewport: SIZES[size], colorScheme: scheme, locale: 'nl-NL' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/ui/login`);
  await page.getByLabel('Gebruikersnaam').fill(t.credentials.agent.username);
  await page.getByLabel('Wachtwoord').fill(t.credentials.agent.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/ui(\?.*)?$/);
  return { context, page };
}

describe.each(SCHEMES.flatMap((scheme) => (Object.keys(SIZES) as (keyof typeof SIZES)[]).map((size) => ({ scheme, size }))))('$scheme, $size', ({ scheme, size }) => {
  it('has no serious or critical axe violation on any workspace page', async () => {
    const { context, page } = await loggedIn(scheme, size);
    try {
      // The request pages of the demo data: one per state shown in the queue's first page.
      await page.goto(`${t.baseUrl}/ui?weergave=alle`);
      const requestPages = (await page.locator('a[href^="/ui/requests/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).filter((h) =>
        /^\/ui\/requests\/[0-9a-f-]{36}$/.test(h),
      );
      expect(requestPages.length).toBeGreaterThan(5);
      const found: string[] = [];
      for (const path of [...STATIC_PAGES, ...requestPages.slice(0, 8)]) {
        if (path === '/ui/login') continue;
        await page.goto(`${t.baseUrl}${path}`);
        for (const v of await axe(page)) found.push(`${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
      const anonymous = await context.browser()!.newContext({ bypassCSP: true, viewport: SIZES[size], colorScheme: scheme });
      const loginPage = await anonymous.newPage();
      await loginPage.goto(`${t.baseUrl}/ui/login`);
      for (const v of await axe(loginPage)) found.push(`/ui/login: ${v.id} (${v.impact}) ${v.help}`);
      await anonymous.close();
      expect(found).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
