/**
 * The workspace beyond the queue in a real browser (Chromium via playwright-core), desktop
 * 1366×900 and phone 390×844, light and dark: the next-step panel, the confirmation before
 * closing, a controller created and its identifiers imported by CSV upload, the controller's
 * page with its one decision form; axe-core (serious/critical) on each of these pages in both
 * colour schemes and both sizes. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LinkRateLimiter } from '../../../src/common/link-rate-limiter.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { axe, launchBrowser } from '../../support/browser.js';
import { controllerTokenIn, createTestSmtp, firstMailTo, type TestSmtp } from '../../support/replies-smtp.js';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const CONTACT = 'privacy@kaasboerderij.example';
const KNOWN = 'klant.kaas@example.nl';

let smtp: TestSmtp;
let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let controllerId = '';
const pages: Record<string, string> = {};

async function create(overrides: Record<string, unknown> = {}) {
  const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody(overrides) });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; reference: string };
}

async function login(p: Page): Promise<void> {
  await p.goto(`${t.baseUrl}/ui/login`);
  await p.getByLabel('Gebruikersnaam').fill(t.credentials.agent.username);
  await p.getByLabel('Wachtwoord').fill(t.credentials.agent.password);
  await p.getByRole('button', { name: 'Inloggen' }).click();
  await p.waitForURL(`${t.baseUrl}/ui`);
}

beforeAll(async () => {
  smtp = await createTestSmtp();
  await smtp.start();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200' } });
  t.service.app.get(LinkRateLimiter).reset();
  browser = await launchBrowser();
  // axe is injected as an inline script, which the pages' CSP forbids: the test bypasses CSP.
  context = await browser.newContext({ bypassCSP: true, viewport: DESKTOP, locale: 'nl-NL' });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  await login(page);
  mkdirSync('test-artifacts', { recursive: true });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
  await smtp?.stop();
});

describe('request page', () => {
  it('opens the one recommended step in the "Volgende stap" panel and shows the legal date in the header', async () => {
    const r = await create({ requester: { name: 'Nina Nergens', email: 'nina.nergens@example.nl' } });
    pages.detail = `/ui/requests/${r.id}`;
    await page.goto(t.baseUrl + pages.detail);
    const panel = page.locator('section.next-step');
    await expect(panel.locator('h2').innerText()).resolves.toBe('Volgende stap: Kies de verwerkingsverantwoordelijke');
    // Its form is open and visible without a click; the other steps are collapsed under "Andere acties".
    await expect(panel.getByLabel('Verwerkingsverantwoordelijke(n)').isVisible()).resolves.toBe(true);
    await expect(page.locator('summary[data-event="CLASSIFY"]').isVisible()).resolves.toBe(true);
    await expect(page.locator('details:has(summary[data-event="CLASSIFY"])').getAttribute('open')).resolves.toBeNull();
    await expect(page.locator('.legal-date').innerText()).resolves.toMatch(/^Wettelijke uiterste datum: .+ · nog \d+ dagen/);
    const box = await panel.boundingBox();
    expect(box!.y).toBeLessThan(DESKTOP.height);
    await page.screenshot({ path: 'test-artifacts/ui-next-step.png' });
  });

  it('asks for a confirmation before "Ingetrokken door de verzoeker", then closes and says so at the top', async () => {
    const r = await create({ requester: { name: 'Ivo Intrek', email: 'ivo.intrek@example.nl' } });
    await page.goto(`${t.baseUrl}/ui/requests/${r.id}`);
    await page.locator('button[data-event="WITHDRAW"]').click();
    await page.waitForURL(`${t.baseUrl}/ui/requests/${r.id}/events`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Bevestigen: Ingetrokken door de verzoeker');
    pages.confirm = 'confirm';
    await page.screenshot({ path: 'test-artifacts/ui-confirm.png' });
    expect(await axe(page)).toEqual([]);
    // Nothing is closed yet.
    expect(((await (await t.api(`/api/v1/requests/${r.id}`)).json()) as { state: string }).state).toBe('triage.open');
    await page.getByRole('button', { name: 'Ja, sluiten als ingetrokken' }).click();
    await page.waitForURL(/gedaan=WITHDRAW/);
    await expect(page.getByRole('status').first().innerText()).resolves.toBe('Vastgelegd: Ingetrokken door de verzoeker.');
    await expect(page.locator('h1').innerText()).resolves.toContain('Ingetrokken');
  });

  it('"Annuleren" on the confirmation goes back without closing', async () => {
    const r = await create({ requester: { name: 'Bas Blijf', email: 'bas.blijf@example.nl' } });
    await page.goto(`${t.baseUrl}/ui/requests/${r.id}`);
    await page.locator('button[data-event="WITHDRAW"]').click();
    await page.getByRole('link', { name: 'Annuleren, niets doen' }).click();
    await page.waitForURL(`${t.baseUrl}/ui/requests/${r.id}`);
    expect(((await (await t.api(`/api/v1/requests/${r.id}`)).json()) as { state: string }).state).toBe('triage.open');
  });
});

describe('controllers in the workspace', () => {
  it('creates a controller with the form', async () => {
    await page.goto(`${t.baseUrl}/ui/admin/controllers`);
    pages.controllers = '/ui/admin/controllers';
    await page.getByRole('link', { name: 'Nieuwe verwerkingsverantwoordelijke' }).click();
    await page.getByLabel('Naam', { exact: true }).fill('Kaasboerderij De Zuivel B.V.');
    await page.getByLabel('E-mailadres').fill(CONTACT);
    await page.getByLabel('je', { exact: true }).check();
    await page.getByLabel('Binnen hoeveel werkdagen').fill('2');
    await page.getByRole('button', { name: 'Aanmaken' }).click();
    await page.waitForURL(/gedaan=aangemaakt/);
    controllerId = /controllers\/([0-9a-f-]{36})/.exec(page.url())![1];
    pages.controller = `/ui/admin/controllers/${controllerId}`;
    await expect(page.getByRole('status').innerText()).resolves.toContain('De verwerkingsverantwoordelijke is aangemaakt.');
    const api = (await (await t.api(`/api/v1/controllers/${controllerId}`)).json()) as Record<string, unknown>;
    expect(api).toMatchObject({ name: 'Kaasboerderij De Zuivel B.V.', tone: 'je', forwardingSlaWorkingDays: 2 });
  });

  it('imports identifiers by CSV upload with progress and the per-line report', async () => {
    await page.getByLabel(/CSV-bestand/).setInputFiles({
      name: 'klanten.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`type,value\nemail,${KNOWN}\ncustomer-ref,KAAS-7\nfax,0201234567\n`),
    });
    await page.getByRole('button', { name: 'Importeren' }).click();
    const report = page.locator('#import-rapport');
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toContain('Toegevoegd: 2');
    expect(text).toContain('Ongeldig: 1');
    expect(text).toContain('regel 4: onbekend type "fax"');
    await page.screenshot({ path: 'test-artifacts/ui-controller-import.png', fullPage: true });
  });
});

describe("the controller's page", () => {
  let token = '';
  let requestId = '';

  beforeAll(async () => {
    const r = await create({ requester: { name: 'Karel Kaas', email: KNOWN }, rights: ['erasure'] });
    requestId = r.id;
    token = controllerTokenIn(await firstMailTo(smtp, CONTACT, r.reference));
    pages.controllerPage = `/c/${token}`;
  });

  it('puts what is asked and the one decision form at the top, in the controller’s tone (je)', async () => {
    await page.goto(`${t.baseUrl}/c/${token}`);
    const box = page.locator('section.ask-box');
    await expect(box.locator('h2').innerText()).resolves.toBe('Wat wij je vragen');
    const top = await box.getByRole('button', { name: 'Besluit vastleggen' }).boundingBox();
    expect(top!.y + top!.height).toBeLessThan(DESKTOP.height + 300);
    // Instruction fields only once "instructie" is chosen.
    await expect(page.locator('#details').isVisible()).resolves.toBe(false);
    await page.getByLabel('Wij geven de verwerker een instructie').check();
    await expect(page.locator('#details').isVisible()).resolves.toBe(true);
    await expect(page.locator('main').innerText()).resolves.not.toMatch(/\bUw termijn\b/);
  });

  it('keeps typed instruction text when another decision is chosen, and refuses it in Dutch', async () => {
    await page.locator('#details').fill('Klantaccount wissen');
    await page.getByLabel('Wij handelen het verzoek zelf af').check();
    // Typed text stays in view.
    await expect(page.locator('#details').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Je koos geen instructie, maar vulde wel een instructie in.');
    await expect(page.locator('#details').inputValue()).resolves.toBe('Klantaccount wissen');
  });

  it('records the decision with one form (it also counts as acknowledgement) and confirms it at the top', async () => {
    await page.locator('#details').fill('');
    await page.getByLabel('Wij handelen het verzoek zelf af').check();
    await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await page.waitForURL(`${t.baseUrl}/c/${token}`);
    const decided = page.locator('section[aria-labelledby="h-besluit"]');
    await expect(decided.locator('h2').innerText()).resolves.toBe('Je besluit is vastgelegd');
    const y = (await decided.boundingBox())!.y;
    expect(y).toBeLessThan(DESKTOP.height);
    const resource = (await (await t.api(`/api/v1/requests/${requestId}`)).json()) as { state: string; forwardings: { acknowledgedAt: string | null; decision: string }[] };
    expect(resource.state).toBe('closed.handedOver');
    expect(resource.forwardings[0].decision).toBe('takes-over');
    expect(resource.forwardings[0].acknowledgedAt).not.toBeNull();
    await page.screenshot({ path: 'test-artifacts/controller-page-decided.png' });
  });
});

describe('accessibility of these pages', () => {
  it.each([
    ['desktop, light', DESKTOP, 'light'],
    ['desktop, dark', DESKTOP, 'dark'],
    ['phone, light', PHONE, 'light'],
    ['phone, dark', PHONE, 'dark'],
  ] as const)('%s: no serious or critical axe violations', async (_name, viewport, colorScheme) => {
    const ctx = await browser.newContext({ bypassCSP: true, viewport, colorScheme, locale: 'nl-NL' });
    const p = await ctx.newPage();
    try {
      await login(p);
      for (const path of [pages.detail, pages.controllers, pages.controller, '/ui/admin/controllers/new', '/ui/templates', pages.controllerPage]) {
        await p.goto(t.baseUrl + path);
        const violations = await axe(p);
        expect({ path, violations }).toEqual({ path, violations: [] });
      }
      await p.goto(t.baseUrl + pages.detail);
      await p.screenshot({ path: `test-artifacts/ui-detail-${viewport.width}-${colorScheme}.png` });
    } finally {
      await ctx.close();
    }
  });
});
