/**
 * The dense queue in Chromium (issue 21), light and dark, at 1366×900 and on a 390×844 phone:
 * rows per screen, each kind of search, a saved view, assigning to a colleague and a bulk note,
 * the keyboard shortcuts and the skip link; axe on the queue in both colour schemes.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { axe, launchBrowser } from '../../support/browser.js';

// Used only inside page.evaluate callbacks, which run in the browser.
declare const window: { innerHeight: number; innerWidth: number; scrollTo(x: number, y: number): void };
declare const document: { documentElement: { scrollWidth: number }; body: { scrollHeight: number }; activeElement: { id: string; textContent: string | null; getAttribute(name: string): string | null } | null };

const DAY = 86_400_000;
const SCHEMES = ['light', 'dark'] as const;

let t: TestApp;
let browser: Browser;
const made: Record<string, { id: string; reference: string }> = {};

async function create(overrides: Record<string, unknown>) {
  const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; reference: string };
}

async function loggedInPage(scheme: (typeof SCHEMES)[number], viewport = { width: 1366, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ bypassCSP: true, viewport, colorScheme: scheme, locale: 'nl-NL' });
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/ui/login`);
  await page.getByLabel('Gebruikersnaam').fill(t.credentials.agent.username);
  await page.getByLabel('Wachtwoord').fill(t.credentials.agent.password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${t.baseUrl}/ui`);
  return { context, page };
}

const rowRefs = (page: Page) => page.locator('table.queue tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-reference')));

beforeAll(async () => {
  t = await startTestApp();
  const { AgentsService } = await import('../../../src/agents/agents.service.js');
  await t.service.app.get(AgentsService).create({ username: 'kees', displayName: 'Kees Collega', password: 'een-lang-wachtwoord-123', role: 'agent' });
  made.renee = await create({ externalRef: 'ZD-RENEE-4711', requester: { name: 'Renée Dûbois', email: 'renee.dubois@voorbeeld.nl', phone: '+31 6 12 34 56 78' } });
  made.late = await create({ receivedAt: new Date(Date.now() - 45 * DAY).toISOString(), rights: ['access', 'erasure', 'objection-direct-marketing'], requester: { name: 'Otto Laat-Verzoeker met een hele lange achternaam', email: 'otto@example.nl' } });
  for (let i = 0; i < 22; i++) {
    made[`r${i}`] = await create({ receivedAt: new Date(Date.now() - (i % 20) * DAY).toISOString(), rights: i % 3 ? ['access'] : ['rectification', 'erasure'], requester: { name: `Persoon ${i} Voorbeeld`, email: `p${i}@example.nl` } });
  }
  browser = await launchBrowser();
  mkdirSync('test-artifacts', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.each(SCHEMES)('%s colour scheme', (scheme) => {
  it('shows at least 15 one-line rows at 1366×900, a sticky header, a menu on one line, and no serious axe violations', async () => {
    const { context, page } = await loggedInPage(scheme);
    try {
      const rows = page.locator('table.queue tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(24);
      const visible = await rows.evaluateAll((trs) => trs.filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length);
      expect(visible).toBeGreaterThanOrEqual(15);
      // One line each: every row as high as the first (no wrapping), and no horizontal scrolling.
      const heights = await rows.evaluateAll((trs) => trs.map((tr) => Math.round(tr.getBoundingClientRect().height)));
      expect(Math.max(...heights)).toBeLessThanOrEqual(heights[0]! + 1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // The menu: one line, admin pages under "Beheer".
      const tops = await page.locator('nav.main-menu > a, nav.main-menu > details > summary').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
      expect(new Set(tops).size).toBe(1);
      await page.locator('summary', { hasText: /^Beheer$/ }).click();
      await expect(page.getByRole('link', { name: 'Medewerkers' }).isVisible()).resolves.toBe(true);
      await page.locator('summary', { hasText: /^Beheer$/ }).click();
      // Right codes and flags carry their full text.
      const late = page.locator(`tr[data-reference="${made.late.reference}"]`);
      await expect(late.locator('.code').first().getAttribute('title')).resolves.toBe('inzage (art. 15 AVG)');
      await expect(late.locator('td.rights').innerText()).resolves.toMatch(/INZ/);
      await expect(late.locator('.flag .visually-hidden').first().textContent()).resolves.toBe('Bezwaar/intrekking: direct stoppen');
      // The header stays on screen when the list scrolls (a lower window, scrolled to the end).
      await page.setViewportSize({ width: 1366, height: 500 });
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const firstRowTop = await rows.first().evaluate((tr) => tr.getBoundingClientRect().top);
      const headTop = await page.locator('table.queue thead th').first().evaluate((th) => th.getBoundingClientRect().top);
      expect(firstRowTop).toBeLessThan(0);
      expect(headTop).toBeGreaterThanOrEqual(-1);
      expect(headTop).toBeLessThan(5);
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `test-artifacts/ui-queue-${scheme}.png` });
      expect(await axe(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows cards led by the deadline badge on a 390×844 phone', async () => {
    const { context, page } = await loggedInPage(scheme, { width: 390, height: 844 });
    try {
      const first = page.locator('table.queue tbody tr').first();
      const due = await first.locator('.due').boundingBox();
      const ref = await first.locator('a.open').boundingBox();
      const requester = await first.locator('td.requester').boundingBox();
      // The badge comes first: nothing of the card but the checkbox is above it or before it on its line.
      const cells = await first.locator('td:not(.sel):not(.due-cell)').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ x: r.x, y: r.y })));
      for (const cell of cells) expect(cell.y > due!.y + 2 || (Math.abs(cell.y - due!.y) <= 6 && cell.x > due!.x)).toBe(true);
      expect(due!.y).toBeLessThanOrEqual(ref!.y + 2);
      expect(requester!.y).toBeGreaterThan(due!.y);
      expect(due!.x + due!.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `test-artifacts/ui-queue-phone-${scheme}.png` });
      expect(await axe(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

it('finds requests by name, phone, e-mail, part of a reference and external reference', async () => {
  const { context, page } = await loggedInPage('light');
  try {
    for (const q of ['renee dub', '06-12345678', 'renee.dubois@', made.renee.reference.slice(-6), 'renee-4711']) {
      await page.getByRole('searchbox', { name: 'Zoeken' }).fill(q);
      await page.getByRole('button', { name: 'Toon' }).click();
      await page.waitForURL(/zoek=/);
      expect([q, await rowRefs(page)]).toEqual([q, [made.renee.reference]]);
    }
  } finally {
    await context.close();
  }
});

it('saves a view, shows it with its count, and opens it', async () => {
  const { context, page } = await loggedInPage('light');
  try {
    await page.goto(`${t.baseUrl}/ui?weergave=te-laat`);
    // Overdue: the 45-day-old one, and those in triage past their forwarding day; not today's.
    const late = await rowRefs(page);
    expect(late).toContain(made.late.reference);
    expect(late).not.toContain(made.r0.reference);
    await page.goto(`${t.baseUrl}/ui?weergave=alle`);
    await page.getByRole('searchbox', { name: 'Zoeken' }).fill('voorbeeld');
    await page.getByRole('button', { name: 'Toon' }).click();
    await page.getByLabel('Deze filters bewaren als weergave').fill('Voorbeelden');
    await page.getByRole('button', { name: 'Bewaar weergave' }).click();
    const link = page.getByRole('navigation', { name: 'Weergaven' }).getByRole('link', { name: /Voorbeelden/ });
    await expect(link.getAttribute('aria-current')).resolves.toBe('true');
    await expect(link.innerText()).resolves.toMatch(/Voorbeelden 22/);
    await page.goto(`${t.baseUrl}/ui?weergave=alle`);
    await link.click();
    expect(await rowRefs(page)).toHaveLength(22);
  } finally {
    await context.close();
  }
});

it('assigns two selected rows to a colleague and adds a note in bulk, with a Dutch summary', async () => {
  const { context, page } = await loggedInPage('dark');
  try {
    await page.goto(`${t.baseUrl}/ui?weergave=alle`);
    await page.getByLabel(`${made.r0.reference} selecteren`).check();
    await page.getByLabel(`${made.r1.reference} selecteren`).check();
    await page.locator('#b-actie').selectOption('toewijzen');
    await page.locator('#b-aan').selectOption({ label: 'Kees Collega' });
    await page.getByRole('button', { name: 'Uitvoeren' }).click();
    await expect(page.locator('#melding').innerText()).resolves.toBe('2 verzoeken toegewezen aan Kees Collega.');
    for (const r of [made.r0, made.r1]) await expect(page.locator(`tr[data-reference="${r.reference}"] td.assignee`).innerText()).resolves.toBe('Kees Collega');

    await page.getByLabel(`${made.r0.reference} selecteren`).check();
    await page.locator('#b-actie').selectOption('notitie');
    await page.getByLabel('Notitie', { exact: true }).fill('Klant gebeld over de stand van zaken.');
    await page.getByRole('button', { name: 'Uitvoeren' }).click();
    await expect(page.locator('#melding').innerText()).resolves.toBe('1 verzoek kregen de notitie.');
    expect(await axe(page)).toEqual([]);
  } finally {
    await context.close();
  }
});

it('works with the keyboard: skip link, j/k, Enter, /, a and ?', async () => {
  const { context, page } = await loggedInPage('light');
  try {
    await page.goto(`${t.baseUrl}/ui?weergave=alle`);
    // The skip link is the first Tab stop and leads to the rows.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Direct naar de verzoeken');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toMatch(/selecteren$/);

    const refs = await rowRefs(page);
    await page.locator('h1').click();
    await page.keyboard.press('?');
    await expect(page.locator('#sneltoetsen').isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.locator('#sneltoetsen').isVisible()).resolves.toBe(false);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    await expect(page.locator('tr.current').getAttribute('data-reference')).resolves.toBe(refs[1]);
    await page.keyboard.press('a');
    await page.waitForSelector('#melding');
    await expect(page.locator('#melding').innerText()).resolves.toBe('1 verzoek toegewezen aan u.');

    await page.keyboard.press('/');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('f-zoek');
    await page.keyboard.type('renee');
    await page.keyboard.press('Enter');
    await page.waitForURL(/zoek=renee/);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/ui/requests/${made.renee.id}`);
  } finally {
    await context.close();
  }
});
