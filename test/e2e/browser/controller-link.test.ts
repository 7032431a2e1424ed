/**
 * The forwarding path in a real browser (Debian's Chromium via playwright-core): the controller
 * opens its personal link from the forwarding mail (captured by a real SMTP server), reveals the
 * requester's details, acknowledges, instructs "erase" and confirms it on the second page; then
 * the agent works the task in the "Verwerkersopdrachten" panel: a concern, the controller's answer,
 * completion with the art 19 recipients, and the request closes. axe-core checks every page;
 * screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LinkRateLimiter } from '../../../src/common/link-rate-limiter.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { axe, launchBrowser } from '../../support/browser.js';
import { controllerTokenIn, createTestSmtp, firstMailTo, type TestSmtp } from '../../support/replies-smtp.js';

const RECIPIENTS = ['Hosting Noord B.V.', 'Mailservice Zuid B.V.'];
const REQUESTER_EMAIL = `petra.de.boer.${Date.now()}@example.nl`;
const REQUESTER_MESSAGE = 'Verwijder alstublieft mijn klantaccount en al mijn bestellingen.';
const INSTRUCTION = 'Klantaccount K-20931 en de bestelhistorie wissen; facturen bewaren (fiscale bewaarplicht).';
const CONCERN = 'De facturen moeten zeven jaar bewaard blijven; wissen van de bestelhistorie raakt ook de factuurregels.';
const ANSWER = 'Bevestigd per mail: de factuurregels staan ook in de boekhouding, wissen mag.';
const OUTCOME = 'Klantaccount K-20931 en bestelhistorie gewist in alle systemen; facturen bewaard in de boekhouding.';

type Json = Record<string, any>;
let smtp: TestSmtp;
let t: TestApp;
let browser: Browser;
let controllerContext: BrowserContext;
let agentContext: BrowserContext;
let cPage: Page;
let aPage: Page;
let controller: Json;
let request: { id: string; reference: string };
let token = '';



async function getRequest(id: string): Promise<Json> {
  return (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
}

beforeAll(async () => {
  smtp = await createTestSmtp();
  await smtp.start();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200', ART19_RECIPIENTS: RECIPIENTS.join('; ') } });
  t.service.app.get(LinkRateLimiter).reset();

  // A controller that knows the requester's e-mail address, and a request filed by that requester: routed and forwarded.
  const cRes = await t.api('/api/v1/controllers', {
    method: 'POST',
    json: { name: 'Tuincentrum De Linde B.V.', country: 'NL', privacyContact: { name: 'Sanne de Vries', email: 'privacy@delinde.example' }, tone: 'u' },
  });
  expect(cRes.status).toBe(201);
  controller = (await cRes.json()) as Json;
  expect((await t.api(`/api/v1/controllers/${controller.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: REQUESTER_EMAIL }] } })).status).toBe(200);
  const rRes = await t.api('/api/v1/requests', {
    method: 'POST',
    json: requestBody({ requester: { name: 'Petra de Boer', email: REQUESTER_EMAIL }, rights: ['erasure'], message: REQUESTER_MESSAGE }),
  });
  expect(rRes.status).toBe(201);
  request = (await rRes.json()) as { id: string; reference: string };
  token = controllerTokenIn(await firstMailTo(smtp, controller.privacyContact.email, request.reference));

  browser = await launchBrowser();
  // axe is injected as an inline script, which the pages' CSP forbids: the test bypasses CSP.
  controllerContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 }, locale: 'nl-NL' });
  agentContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 1000 }, locale: 'nl-NL' });
  controllerContext.setDefaultTimeout(15_000);
  agentContext.setDefaultTimeout(15_000);
  cPage = await controllerContext.newPage();
  aPage = await agentContext.newPage();
  mkdirSync('test-artifacts', { recursive: true });
});
afterAll(async () => {
  await controllerContext?.close();
  await agentContext?.close();
  await browser?.close();
  await t?.close();
  await smtp?.stop();
});

describe("the controller's link page", () => {
  it('opens from the mail in Dutch, with the request but without the requester’s details, and no accessibility violations', async () => {
    const response = await cPage.goto(`${t.baseUrl}/c/${token}`);
    expect(response?.status()).toBe(200);
    expect(await cPage.getAttribute('html', 'lang')).toBe('nl');
    await expect(cPage.locator('h1').innerText()).resolves.toBe(`Verzoek ${request.reference}`);
    const text = await cPage.locator('main').innerText();
    expect(text).toContain('Tuincentrum De Linde B.V.');
    expect(text).toContain('Uw termijn');
    expect(text).not.toContain(REQUESTER_EMAIL);
    expect(text).not.toContain('Petra de Boer');
    expect(text).not.toContain(REQUESTER_MESSAGE);
    await expect(cPage.getByRole('button', { name: 'Gegevens tonen' }).isVisible()).resolves.toBe(true);
    expect(await axe(cPage)).toEqual([]);
  });

  it('shows the requester’s details and message after "Gegevens tonen"', async () => {
    await cPage.getByRole('button', { name: 'Gegevens tonen' }).click();
    await cPage.waitForURL(`${t.baseUrl}/c/${token}/details`);
    const section = cPage.locator('section[aria-labelledby="h-verzoeker"]');
    await expect(section.locator('dl').innerText()).resolves.toContain(REQUESTER_EMAIL);
    const text = await section.innerText();
    expect(text).toContain('Petra de Boer');
    expect(text).toContain(REQUESTER_MESSAGE);
    await expect(cPage.getByRole('button', { name: 'Gegevens tonen' }).count()).resolves.toBe(0);
    expect(await axe(cPage)).toEqual([]);
  });

  it('acknowledges receipt: the page says so and offers the decision', async () => {
    await cPage.getByRole('button', { name: 'Ontvangst bevestigen' }).click();
    await cPage.waitForURL(`${t.baseUrl}/c/${token}`);
    const text = await cPage.locator('main').innerText();
    expect(text).toContain('Ontvangst bevestigd');
    // Back on the plain page the details are hidden again; acknowledging is done.
    expect(text).not.toContain(REQUESTER_EMAIL);
    await expect(cPage.getByRole('button', { name: 'Ontvangst bevestigen' }).count()).resolves.toBe(0);
    await expect(cPage.getByRole('button', { name: 'Besluit vastleggen' }).isVisible()).resolves.toBe(true);
    expect((await getRequest(request.id)).forwardings[0].state).toBe('acknowledged');
  });

  it('instructs "erase": a second, explicit confirmation page first, nothing recorded yet', async () => {
    await cPage.getByLabel('Wij geven de verwerker een instructie').check();
    await cPage.getByLabel('Instructie aan de verwerker (alleen als u een instructie geeft)').selectOption('erase');
    await cPage.getByLabel('Wat moet er precies gebeuren? (welke gegevens, welke wijziging)').fill(INSTRUCTION);
    await cPage.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await cPage.waitForURL(`${t.baseUrl}/c/${token}/decision`);
    await expect(cPage.locator('h1').innerText()).resolves.toBe(`Bevestig uw instructie (${request.reference})`);
    const alert = await cPage.getByRole('alert').innerText();
    expect(alert).toContain('Gegevens wissen');
    expect(alert).toContain('kan niet ongedaan worden gemaakt');
    await expect(cPage.locator('main').innerText()).resolves.toContain(INSTRUCTION);
    await expect(cPage.getByRole('link', { name: 'Nee, terug naar het verzoek' }).getAttribute('href')).resolves.toBe(`/c/${token}`);
    expect((await getRequest(request.id)).forwardings[0].decision).toBeNull();
    expect(await axe(cPage)).toEqual([]);
  });

  it('confirms: the page shows the recorded decision and the instruction, without the decision form', async () => {
    await cPage.getByRole('button', { name: 'Ja, ik geef deze instructie' }).click();
    await cPage.waitForURL(`${t.baseUrl}/c/${token}`);
    const decision = cPage.locator('section[aria-labelledby="h-besluit"]');
    const status = await decision.getByRole('status').innerText();
    expect(status).toMatch(/^Vastgelegd op .+ namens privacy@delinde\.example: Wij geven de verwerker een instructie — Gegevens wissen\.$/);
    // The instruction's own words may name the person: like the requester's details, not on a plain GET.
    await expect(decision.innerText()).resolves.not.toContain(INSTRUCTION);
    await expect(decision.innerText()).resolves.toContain('Uw instructie zoals u die schreef ziet u na "Gegevens tonen".');
    await expect(cPage.locator('section[aria-labelledby="h-uitvoering"]').innerText()).resolves.toContain('Uit te voeren');
    await expect(cPage.getByRole('button', { name: 'Besluit vastleggen' }).count()).resolves.toBe(0);
    const resource = await getRequest(request.id);
    expect(resource.state).toBe('forwarded.instructed');
    expect(resource.forwardings[0]).toMatchObject({ decision: 'instruct', instruction: 'erase', instructionDetails: INSTRUCTION });
    await cPage.screenshot({ path: 'test-artifacts/controller-page.png', fullPage: true });
    expect(await axe(cPage)).toEqual([]);
  });
});

describe('the agent’s "Verwerkersopdrachten" panel', () => {
  const task = () => aPage.locator('section.processor-tasks article.task');

  it('logs in, opens the request and sees the task with the verbatim instruction, without accessibility violations', async () => {
    await aPage.goto(`${t.baseUrl}/ui/login`);
    await aPage.getByLabel('Gebruikersnaam').fill(t.credentials.agent.username);
    await aPage.getByLabel('Wachtwoord').fill(t.credentials.agent.password);
    await aPage.getByRole('button', { name: 'Inloggen' }).click();
    await aPage.waitForURL(`${t.baseUrl}/ui`);
    await aPage.goto(`${t.baseUrl}/ui/requests/${request.id}`);
    await expect(aPage.locator('h1').innerText()).resolves.toContain('Instructie van de verwerkingsverantwoordelijke uitvoeren');
    await expect(aPage.getByRole('heading', { name: 'Verwerkersopdrachten' }).isVisible()).resolves.toBe(true);
    await expect(task().locator('h3').innerText()).resolves.toBe('Tuincentrum De Linde B.V.: gegevens wissen Uit te voeren');
    await expect(task().locator('dd.pre').first().innerText()).resolves.toBe(INSTRUCTION);
    // The art 19 recipients from ART19_RECIPIENTS are offered in the completion form.
    for (const name of RECIPIENTS) await expect(task().getByLabel(`${name} is geïnformeerd`).isVisible()).resolves.toBe(true);
    expect(await axe(aPage)).toEqual([]);
  });

  it('raises a concern with a reason: a success banner, the task waits for the controller', async () => {
    await task().locator('summary', { hasText: 'Bezwaar voorleggen' }).click();
    await task().getByLabel('Waarom is de instructie mogelijk onrechtmatig? (minstens 20 tekens)').fill(CONCERN);
    await task().getByRole('button', { name: 'Bezwaar voorleggen' }).click();
    await aPage.waitForURL(/opdracht=bezwaar/);
    await expect(aPage.locator('.banner.success').innerText()).resolves.toBe(
      'Het bezwaar is vastgelegd en per e-mail aan de verwerkingsverantwoordelijke voorgelegd.',
    );
    await expect(task().locator('h3 .state').innerText()).resolves.toBe('Bezwaar voorgelegd aan de verwerkingsverantwoordelijke');
    await expect(task().locator('.concern blockquote').innerText()).resolves.toBe(CONCERN);
    // While the concern is open the task cannot be completed from the panel.
    await expect(task().getByRole('button', { name: 'Instructie uitgevoerd' }).count()).resolves.toBe(0);
    expect(await axe(aPage)).toEqual([]);
  });

  it('records the controller’s answer "bevestigd": the task can be carried out again', async () => {
    await task().getByLabel(/Bevestigd: de instructie wordt uitgevoerd/).check();
    await task().getByLabel('Het antwoord (letterlijk of samengevat)').fill(ANSWER);
    await task().getByRole('button', { name: 'Antwoord vastleggen' }).click();
    await aPage.waitForURL(/opdracht=antwoord/);
    await expect(aPage.locator('.banner.success').innerText()).resolves.toBe('Het antwoord van de verwerkingsverantwoordelijke is vastgelegd.');
    await expect(task().locator('h3 .state').innerText()).resolves.toBe('Uit te voeren');
    await expect(task().locator('.concern').innerText()).resolves.toContain(ANSWER);
    await expect(task().getByRole('button', { name: 'Instructie uitgevoerd' }).isVisible()).resolves.toBe(true);
  });

  it('completes the task with the outcome and both art 19 recipients ticked: the request is closed', async () => {
    await task().getByLabel('Wat is er gedaan?').fill(OUTCOME);
    for (const name of RECIPIENTS) await task().getByLabel(`${name} is geïnformeerd`).check();
    await task().getByRole('button', { name: 'Instructie uitgevoerd' }).click();
    await aPage.waitForURL(/gedaan=INSTRUCTION_DONE/);
    await expect(aPage.locator('.banner.success').innerText()).resolves.toBe('Vastgelegd: Instructie uitgevoerd.');
    await expect(aPage.locator('h1 .state').innerText()).resolves.toBe('Afgehandeld');
    await expect(task().locator('h3 .state').innerText()).resolves.toBe('Uitgevoerd');
    const facts = await task().locator('dl.facts').innerText();
    expect(facts).toContain(OUTCOME);
    expect(facts).toContain('Afgerond');
    for (const name of RECIPIENTS) expect(facts).toContain(name);
    // Nothing left to do: no forms in the panel, no assignment on a closed request.
    await expect(task().locator('form').count()).resolves.toBe(0);
    await expect(aPage.getByRole('button', { name: 'Aan mij toewijzen' }).count()).resolves.toBe(0);
    const closed = await getRequest(request.id);
    expect(closed.state).toBe('closed.completed');
    expect(closed.processorTasks[0].recipientsNotified.map((r: Json) => r.name)).toEqual(RECIPIENTS);
    await aPage.screenshot({ path: 'test-artifacts/ui-processor-task.png', fullPage: true });
    expect(await axe(aPage)).toEqual([]);
  });

  it('the controller’s page then shows what was done and which recipients were told', async () => {
    t.service.app.get(LinkRateLimiter).reset();
    await cPage.goto(`${t.baseUrl}/c/${token}`);
    // On the page as any GET gets it: the state and date, not the free text.
    const before = cPage.locator('section[aria-labelledby="h-uitvoering"]');
    await expect(before.getByRole('status').innerText()).resolves.toMatch(/^Uitgevoerd op /);
    expect(await before.innerText()).not.toContain(OUTCOME);
    await cPage.getByRole('button', { name: 'Gegevens tonen' }).click();
    await cPage.waitForURL(`${t.baseUrl}/c/${token}/details`);
    const done = cPage.locator('section[aria-labelledby="h-uitvoering"]');
    const text = await done.innerText();
    expect(text).toContain(`Wat wij hebben gedaan: ${OUTCOME}`);
    expect(text).toMatch(/Uw antwoord \(.+\): de instructie is bevestigd\./);
    for (const name of RECIPIENTS) expect(text).toContain(name);
    await expect(cPage.locator('section[aria-labelledby="h-besluit"]').innerText()).resolves.toContain(`Instructie: ${INSTRUCTION}`);
    expect(await axe(cPage)).toEqual([]);
  });
});
