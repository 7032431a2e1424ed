// `npm run screenshots`: the README's screenshots of the workspace, made anew from the demo data.
// Starts the service on a fresh temporary DATA_DIR (embedded database, fictional demo data), logs in
// as the admin (making the first login's password change), and saves PNGs in docs/screenshots/:
// the queue (desktop and phone), a forwarded request with its next step, the controllers page and
// the controller's own page (its link read from the forwarding letter in the outbox folder).
// Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildIfStale, root } from './build-if-stale.mjs';

const OUT = join(root, 'docs', 'screenshots');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the service stopped (exit ${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the service did not become ready within 60 s');
}

/** The controller's link (/c/…) from the first forwarding letter in the outbox folder. */
function controllerLink(outbox) {
  for (const name of readdirSync(outbox).filter((f) => f.endsWith('.eml'))) {
    const raw = readFileSync(join(outbox, name), 'utf8');
    if (!/^Subject: Verzoek AVG-.* voor /m.test(raw)) continue;
    const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    const link = text.match(/https?:\/\/[^\s"<>]*\/c\/[A-Za-z0-9_-]+/);
    if (link) return link[0];
  }
  throw new Error(`no forwarding letter with a controller link in ${outbox}`);
}

buildIfStale();
const dataDir = join(mkdtempSync(join(tmpdir(), 'vr-screenshots-')), 'data');
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
// The embedded database, whatever the shell has set.
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: url, DEMO_DATA: 'true', LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.SMTP_URL;
delete env.IMAP_URL;
const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  await waitForHealth(url, child);
  mkdirSync(OUT, { recursive: true });
  const { agent } = JSON.parse(readFileSync(join(dataDir, 'initial-credentials.json'), 'utf8'));
  const context = await browser.newContext({ viewport: DESKTOP, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${url}/ui/login`);
  await page.fill('#username', agent.username);
  await page.fill('#password', agent.password);
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="/ui/login"] button[type="submit"]')]);
  if (page.url().endsWith('/ui/account/password')) {
    const next = `${agent.password}-schermafdruk`;
    await page.fill('#current', agent.password);
    await page.fill('#password', next);
    await page.fill('#repeat', next);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/ui/account/password"] button[type="submit"]')]);
  }
  const shot = async (p, name) => {
    await p.screenshot({ path: join(OUT, name) });
    process.stdout.write(`docs/screenshots/${name}\n`);
  };

  await page.goto(`${url}/ui?weergave=alle`);
  await shot(page, 'queue.png');

  await page.goto(`${url}/ui?weergave=alle&status=forwarded.awaitingControllers`);
  const first = page.locator('table a[href^="/ui/requests/"]').first();
  await Promise.all([page.waitForLoadState('load'), first.click()]);
  await shot(page, 'request-next-step.png');

  await page.goto(`${url}/ui/admin/controllers`);
  await shot(page, 'controllers.png');

  const phone = await browser.newContext({ viewport: PHONE, colorScheme: 'dark', isMobile: true, storageState: await context.storageState() });
  const phonePage = await phone.newPage();
  await phonePage.goto(`${url}/ui?weergave=alle`);
  await shot(phonePage, 'queue-phone-dark.png');

  const controllerPage = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await controllerPage.goto(controllerLink(join(dataDir, 'outbox')));
  await shot(controllerPage, 'controller-page.png');
} finally {
  await browser.close();
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  rmSync(dataDir, { recursive: true, force: true });
}
