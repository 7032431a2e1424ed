/**
 * The service as a browser sees it. The agent pages come with the agent workspace; until then
 * this checks what a person can already open: health and the public deadline preview.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/app.js';
import { launchBrowser } from '../../support/browser.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('opens the deadline preview and shows the Koningsdag shift', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${t.baseUrl}/api/v1/deadlines/preview?receivedAt=2026-03-27&country=NL`);
  expect(response?.status()).toBe(200);
  const body = JSON.parse((await page.locator('body').innerText()).trim()) as { respondBy: string; explanations: { respondBy: { text: string } } };
  expect(body.respondBy).toBe('2026-04-28');
  expect(body.explanations.respondBy.text).toContain('Koningsdag');
  mkdirSync('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/deadline-preview.png' });
  await page.close();
});

it('shows a problem for a wrong date instead of a stack trace', async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${t.baseUrl}/api/v1/deadlines/preview?receivedAt=2026-02-30&country=NL`);
  expect(response?.status()).toBe(400);
  const text = await page.locator('body').innerText();
  expect(text).toContain('/query/receivedAt');
  expect(text).not.toMatch(/at \w+ \(/);
  await page.close();
});

it('renders the API docs under their CSP (no refused script or style) and refuses to be framed', async () => {
  const page = await browser.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  const response = await page.goto(`${t.baseUrl}/api/docs`);
  expect(response?.status()).toBe(200);
  await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
  expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('Verzoekrouter API');
  expect(await page.locator('.opblock').count()).toBeGreaterThan(5);
  expect(refused).toEqual([]);
  // Another site that frames the docs gets an empty frame.
  await page.setContent(`<iframe src="${t.baseUrl}/api/docs" width="400" height="300"></iframe>`);
  await page.waitForTimeout(1000);
  const frame = page.frames().find((f) => f.url().includes('/api/docs'));
  expect(frame ? await frame.locator('.swagger-ui').count().catch(() => 0) : 0).toBe(0);
  await page.close();
});
