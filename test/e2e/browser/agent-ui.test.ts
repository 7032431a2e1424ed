/**
 * The agent workspace in a real browser (Debian's Chromium via playwright-core): log in, see the
 * queue in urgency order, open a request, perform a transition, see it in the timeline, log out.
 * Screenshots of queue and detail go to test-artifacts/; axe-core checks both pages.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addWorkingDays, computeDeadlines, urgencyOf } from '../../../src/deadlines/index.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { axe, launchBrowser } from '../../support/browser.js';

const DAY = 86_400_000;

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const refs = { overdue: '', soon: '', calm: '', fresh: '', freshId: '' };
let soonUrgency: { receivedAt: string; urgency: string };

/**
 * A receipt whose answer date is "soon" today (within 7 days, more than 2 working days): weekends
 * and holidays move answer dates, so it is searched. On the rare day no receipt gives "soon"
 * (2029-03-26: 28 February + 1 month, then Easter), an "urgent" one after tomorrow's date.
 */
function soonReceipt(now = new Date()): { receivedAt: string; urgency: string } {
  const candidates = Array.from({ length: 14 }, (_, i) => {
    const at = new Date(now.getTime() - (18 + i) * DAY);
    const respondBy = computeDeadlines({ receivedAt: at, country: 'NL' }).respondBy;
    return { receivedAt: at.toISOString(), respondBy, urgency: urgencyOf(now, respondBy, 'NL') };
  });
  const tomorrow = addWorkingDays(now, 1, 'NL');
  const found = candidates.find((c) => c.urgency === 'soon') ?? candidates.find((c) => c.urgency === 'urgent' && c.respondBy > tomorrow);
  if (!found) throw new Error('no receipt day gives an answer date between tomorrow and a week from today');
  return found;
}

async function create(overrides: Record<string, unknown>) {
  const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; reference: string };
}

beforeAll(async () => {
  t = await startTestApp();
  soonUrgency = soonReceipt();
  // Created out of urgency order on purpose. In triage the forwarding date (next working day)
  // drives urgency; once handled in-house the one-month answer date does.
  const calm = await create({ requester: { name: 'Carla Kalm', email: 'carla@example.nl' } });
  const soon = await create({ receivedAt: soonUrgency.receivedAt, requester: { name: 'Sara Bijna', email: 'sara@example.nl' } });
  for (const r of [calm, soon]) {
    const res = await t.api(`/api/v1/requests/${r.id}/events`, { method: 'POST', headers: { 'if-match': '"1"' }, json: { type: 'CLASSIFY', scope: 'in-house' } });
    expect(res.status).toBe(200);
  }
  const fresh = await create({ requester: { name: 'Frits Vers', email: 'frits@example.nl' } });
  const overdue = await create({ receivedAt: new Date(Date.now() - 45 * DAY).toISOString(), requester: { name: 'Otto Laat', email: 'otto@example.nl' } });
  Object.assign(refs, { overdue: overdue.reference, soon: soon.reference, calm: calm.reference, fresh: fresh.reference, freshId: fresh.id });
  browser = await launchBrowser();
  // axe is injected as an inline script, which the workspace's CSP forbids: the test bypasses CSP.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 1000 }, locale: 'nl-NL' });
  page = await context.newPage();
  mkdirSync('test-artifacts', { recursive: true });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
});

it('sends an anonymous visitor to the login page and logs in', async () => {
  await page.goto(`${t.baseUrl}/ui`);
  expect(new URL(page.url()).pathname).toBe('/ui/login');
  expect(await page.getAttribute('html', 'lang')).toBe('nl');
  await page.getByLabel('Gebruikersnaam').fill(t.credentials.agent.username);
  await page.getByLabel('Wachtwoord').fill(t.credentials.agent.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${t.baseUrl}/ui`);
  await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Wachtrij');
});

it('shows the queue in urgency order, overdue first, coloured', async () => {
  const rows = page.locator('table.queue tbody tr');
  const references = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-reference')));
  expect(references).toEqual([refs.overdue, refs.fresh, refs.soon, refs.calm]);
  const classes = await rows.locator('.due').evaluateAll((els) => els.map((e) => e.className));
  expect(classes[0]).toContain('due-overdue');
  expect(classes[1]).toContain('due-urgent'); // to be forwarded by the next working day
  expect(classes[2]).toContain(`due-${soonUrgency.urgency}`);
  expect(classes[3]).toContain('due-ok');
  await page.screenshot({ path: 'test-artifacts/ui-queue.png', fullPage: true });
});

it('has no serious or critical accessibility violations on the queue', async () => {
  expect(await axe(page)).toEqual([]);
});

it('opens a request, classifies it and sees the step in the timeline', async () => {
  await page.getByRole('link', { name: refs.fresh }).click();
  await page.waitForURL(`${t.baseUrl}/ui/requests/${refs.freshId}`);
  await expect(page.locator('.requester-name').innerText()).resolves.toBe('Frits Vers');
  await expect(page.locator('h1').innerText()).resolves.toContain('Te beoordelen');
  await page.screenshot({ path: 'test-artifacts/ui-detail.png', fullPage: true });
  expect(await axe(page)).toEqual([]);

  await page.locator('summary[data-event="CLASSIFY"]').click();
  await page.getByLabel('Wij zijn zelf verwerkingsverantwoordelijke (zelf afhandelen)').check();
  // The next-step panel has its own form open (choose a controller): submit the classification's.
  await page.locator('details[open]:has(summary[data-event="CLASSIFY"]) button[type="submit"]').click();
  await page.waitForURL(/gedaan=CLASSIFY/);
  await expect(page.locator('.banner.success').innerText()).resolves.toContain('Vastgelegd');
  await expect(page.locator('h1').innerText()).resolves.toContain('Identiteit controleren');
  await expect(page.locator('#tijdlijn').innerText()).resolves.toContain('wij handelen het zelf af');

  await page.locator('button[data-event="VERIFIED"]').click();
  await page.waitForURL(/gedaan=VERIFIED/);
  await expect(page.locator('#tijdlijn').innerText()).resolves.toContain('Identiteit van de verzoeker vastgesteld');
  await expect(page.locator('h1').innerText()).resolves.toContain('In behandeling');
  await page.screenshot({ path: 'test-artifacts/ui-detail-after.png', fullPage: true });
});

it('reaches the dashboard, the incidents and the digest settings from the navigation, each without accessibility violations', async () => {
  for (const [link, heading, shot] of [
    ['Dashboard', /Dashboard/, 'ui-dashboard'],
    ['Incidenten', /Incidenten/, 'ui-incidents'],
    ['Dagoverzicht', /Dagoverzicht/, 'ui-account-email'],
  ] as const) {
    // The account pages sit in the menu under the agent's name.
    if (link === 'Dagoverzicht') await page.locator('nav.main-menu summary').last().click();
    await page.getByRole('navigation').getByRole('link', { name: link }).click();
    await expect(page.locator('h1').innerText()).resolves.toMatch(heading);
    await page.screenshot({ path: `test-artifacts/${shot}.png`, fullPage: true });
    expect([link, await axe(page)]).toEqual([link, []]);
  }
  // The dashboard's chart is an image with a text alternative, and its figures are in a table too.
  await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.locator('svg[role="img"] title').count()).resolves.toBeGreaterThan(0);
  await expect(page.locator('table').count()).resolves.toBeGreaterThan(0);
});

it('logs out and cannot see the queue any more', async () => {
  await page.locator('nav.main-menu summary').last().click();
  await page.getByRole('button', { name: /Uitloggen/ }).click();
  await page.waitForURL(/\/ui\/login/);
  await page.goto(`${t.baseUrl}/ui`);
  expect(new URL(page.url()).pathname).toBe('/ui/login');
});
