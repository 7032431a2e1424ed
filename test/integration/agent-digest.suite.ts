/**
 * The agents' daily digest end to end: addresses set by an admin and by the agent, the job's
 * selection per agent, delivery over real SMTP by the outbox worker, and once per agent per day.
 */
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AGENT_DIGEST_CRON, AGENT_DIGEST_JOB, AgentDigestService } from '../../src/agent-ui/agent-digest.service.js';
import { AgentsService } from '../../src/agents/agents.service.js';
import { FixedClock } from '../../src/common/clock.js';
import { VERIFICATION_REPAIR_JOB } from '../../src/verification/verification-repair.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestSmtp, waitUntil, type ReceivedMail, type TestSmtp } from '../support/replies-smtp.js';
import { UiClient } from '../support/ui-client.js';

describe('agent-digest', () => {
  const BASE = 'https://avg.verwerker.example';
  // Friday 27 November 2026, 06:30 in Amsterdam.
  const clock = new FixedClock(new Date('2026-11-27T05:30:00Z'));
  let smtp: TestSmtp;
  let t: TestApp;
  let db: DataSource;
  const agentIds: Record<string, string> = {};
  const refs: Record<string, { id: string; reference: string }> = {};

  async function inHouse(receivedAt: string, requester: { name: string; email: string }, assignee: string | null): Promise<{ id: string; reference: string }> {
    const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ receivedAt, requester }) })).json()) as { id: string; version: number; reference: string };
    const res = await t.api(`/api/v1/requests/${created.id}/events`, { method: 'POST', headers: { 'if-match': `"${created.version}"` }, json: { type: 'CLASSIFY', scope: 'in-house' } });
    expect(res.status).toBe(200);
    if (assignee) await db.query(`UPDATE requests SET assignee_id = $2 WHERE id = $1`, [created.id, agentIds[assignee]]);
    return { id: created.id, reference: created.reference };
  }

  const digestsTo = (address: string): ReceivedMail[] => smtp.received.filter((m) => m.envelopeTo.includes(address));
  const digestRows = async (): Promise<{ recipient: string; status: string }[]> =>
    db.query(`SELECT recipient, status FROM messages WHERE template = 'agent-digest' ORDER BY recipient, created_at`);

  beforeAll(async () => {
    smtp = await createTestSmtp();
    await smtp.start();
    t = await startTestApp({ clock, env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '200', PUBLIC_BASE_URL: BASE } });
    db = t.service.app.get(DataSource);
    const agents = t.service.app.get(AgentsService);
    for (const [username, email] of [['anna', 'anna@verwerker.example'], ['bert', 'bert@verwerker.example'], ['carl', undefined], ['dirk', 'dirk@verwerker.example']] as const) {
      const a = await agents.create({ username, displayName: username[0]!.toUpperCase() + username.slice(1), password: 'geheim-wachtwoord-123', role: 'agent', ...(email ? { email } : {}) });
      agentIds[username] = a!.id;
    }
    // Received 1 October: due 2 November, overdue. 30 October: due Monday 30 November. 20 November: due 21 December.
    refs.annaOverdue = await inHouse('2026-10-01T09:00:00+02:00', { name: 'Petra Geheim', email: 'petra.geheim@example.nl' }, 'anna');
    refs.annaSoon = await inHouse('2026-10-30T09:00:00+01:00', { name: 'Karel Verborgen', email: 'karel@example.nl' }, 'anna');
    refs.annaLater = await inHouse('2026-11-20T09:00:00+01:00', { name: 'Lotte Later', email: 'lotte@example.nl' }, 'anna');
    refs.annaBounced = await inHouse('2026-11-20T09:00:00+01:00', { name: 'Bas Bounce', email: 'bas@example.nl' }, 'anna');
    await db.query(`UPDATE messages SET status = 'failed' WHERE request_id = $1`, [refs.annaBounced.id]);
    refs.bertOverdue = await inHouse('2026-10-01T09:00:00+02:00', { name: 'Ria Rood', email: 'ria@example.nl' }, 'bert');
    refs.carlOverdue = await inHouse('2026-10-01T09:00:00+02:00', { name: 'Cor Carl', email: 'cor@example.nl' }, 'carl');
    refs.nobodys = await inHouse('2026-10-01T09:00:00+02:00', { name: 'Niemand', email: 'niemand@example.nl' }, null);
    refs.dirkLater = await inHouse('2026-11-20T09:00:00+01:00', { name: 'Dirk Klant', email: 'dk@example.nl' }, 'dirk');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  describe('the daily digest', () => {
    it('mails each agent with an address only their own requests that need attention, grouped, without requester data', async () => {
      const result = await t.service.app.get(AgentDigestService).run();
      expect(result).toMatchObject({ date: '2026-11-27', skipped: false, sent: 2, empty: 1 });
      await waitUntil(() => digestsTo('anna@verwerker.example').length === 1 && digestsTo('bert@verwerker.example').length === 1, 10_000);

      const anna = digestsTo('anna@verwerker.example')[0]!.parsed;
      expect(anna.subject).toBe(`Dagoverzicht vrijdag 27 november 2026: 3 verzoeken vragen aandacht, als eerste ${refs.annaOverdue.reference}`);
      const text = anna.text!;
      const section = (title: string) => text.slice(text.indexOf(title)).split('\n\n')[0]!;
      expect(section('Termijn verstreken')).toContain(`- ${refs.annaOverdue.reference} · inzage (art. 15 AVG) · de termijn is 25 dagen verstreken\n  ${BASE}/ui/requests/${refs.annaOverdue.id}`);
      expect(section('Termijn verstrijkt binnen 7 dagen')).toContain(`- ${refs.annaSoon.reference} · inzage (art. 15 AVG) · nog 3 dagen\n  ${BASE}/ui/requests/${refs.annaSoon.id}`);
      expect(section('E-mail kon niet worden bezorgd')).toContain(refs.annaBounced.reference);
      expect(text).not.toContain('Geëscaleerd');
      for (const other of [refs.annaLater, refs.bertOverdue, refs.carlOverdue, refs.nobodys, refs.dirkLater]) expect(text).not.toContain(other!.reference);
      // Mail is less protected than the workspace: no names or addresses of requesters.
      for (const secret of ['Petra', 'Geheim', 'petra.geheim@example.nl', 'Karel', 'karel@example.nl', 'Bas Bounce', 'bas@example.nl']) {
        expect(anna.html).not.toContain(secret);
        expect(text).not.toContain(secret);
      }
      expect(anna.html).toContain(`<a href="${BASE}/ui/requests/${refs.annaOverdue.id}">${refs.annaOverdue.reference}</a>`);

      const bert = digestsTo('bert@verwerker.example')[0]!.parsed.text!;
      expect(bert).toContain(refs.bertOverdue.reference);
      expect(bert).not.toContain(refs.annaOverdue.reference);
      // Carl has no address, Dirk nothing to report: no mail.
      expect(digestsTo('dirk@verwerker.example')).toEqual([]);
      expect(smtp.received.filter((m) => m.parsed.subject?.startsWith('Dagoverzicht'))).toHaveLength(2);
    });

    it('sends nothing twice on the same day: a rerun, or two nodes at once', async () => {
      const again = await t.service.app.get(AgentDigestService).run();
      expect(again).toMatchObject({ sent: 0, already: 2 });
      expect(await digestRows()).toHaveLength(2);

      // Monday: two runs at the same moment (as two nodes would) still give one digest per agent.
      clock.set(new Date('2026-11-30T05:30:00Z'));
      const both = await Promise.all([t.service.app.get(AgentDigestService).run(), t.service.app.get(AgentDigestService).run()]);
      expect(both[0].sent + both[1].sent).toBe(2);
      expect(await db.query(`SELECT agent_id FROM agent_digests WHERE digest_date = '2026-11-30'`)).toHaveLength(2);
      await waitUntil(async () => (await digestRows()).every((m) => m.status === 'sent'), 10_000);
      expect(digestsTo('anna@verwerker.example')).toHaveLength(2);
      expect(digestsTo('bert@verwerker.example')).toHaveLength(2);
    });

    it('sends nothing on a weekend or a public holiday', async () => {
      clock.set(new Date('2026-11-28T05:30:00Z'));
      expect(await t.service.app.get(AgentDigestService).run()).toMatchObject({ skipped: true, sent: 0 });
      clock.set(new Date('2026-12-25T05:30:00Z'));
      expect(await t.service.app.get(AgentDigestService).run()).toMatchObject({ date: '2026-12-25', skipped: true, sent: 0 });
    });
  });

  describe('the digest address', () => {
    it('an admin sets or clears any agent\'s address; an invalid one is refused in Dutch and not stored', async () => {
      const c = new UiClient(t.baseUrl);
      expect((await c.login(t.credentials.agent.username, t.credentials.agent.password)).status).toBe(303);
      const page = await (await c.get('/ui/admin/agents')).text();
      expect(page).toContain('value="anna@verwerker.example"');
      // The admin sees who gets no digest.
      expect(page).toContain(`2 actieve medewerkers hebben geen e-mailadres en krijgen dus geen dagoverzicht: ${t.credentials.agent.username} en carl.`);
      const csrf = UiClient.csrfOf(page);
      const bad = await c.post(`/ui/admin/agents/${agentIds.carl}/email`, { _csrf: csrf, email: 'carl@' });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('Dit is geen geldig e-mailadres');
      const ok = await c.post(`/ui/admin/agents/${agentIds.carl}/email`, { _csrf: csrf, email: ' carl@verwerker.example ' });
      expect(ok.status).toBe(200);
      const okPage = await ok.text();
      expect(okPage).toContain('Het dagoverzicht van carl gaat naar carl@verwerker.example.');
      expect(okPage).toContain(`1 actieve medewerker heeft geen e-mailadres en krijgt dus geen dagoverzicht: ${t.credentials.agent.username}.`);
      expect((await t.service.app.get(AgentsService).get(agentIds.carl!))!.email).toBe('carl@verwerker.example');
      await c.post(`/ui/admin/agents/${agentIds.carl}/email`, { _csrf: csrf, email: '' });
      expect((await t.service.app.get(AgentsService).get(agentIds.carl!))!.email).toBeNull();
      // The database refuses a malformed address too.
      await expect(db.query(`UPDATE agents SET email = 'geen adres' WHERE id = $1`, [agentIds.carl])).rejects.toThrow(/agents_email_valid/);
    });

    it('an agent sets their own address on the Dagoverzicht page, and cannot reach the admin route', async () => {
      const c = new UiClient(t.baseUrl);
      expect((await c.login('dirk', 'geheim-wachtwoord-123')).status).toBe(303);
      const page = await (await c.get('/ui/account/email')).text();
      expect(page).toContain('<html lang="nl">');
      expect(page).toContain('value="dirk@verwerker.example"');
      const csrf = UiClient.csrfOf(page);
      const bad = await c.post('/ui/account/email', { _csrf: csrf, email: 'dirk at verwerker' });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('Dit is geen geldig e-mailadres');
      expect((await c.post('/ui/account/email', { _csrf: csrf, email: 'd.klaassen@verwerker.example' })).status).toBe(200);
      expect((await t.service.app.get(AgentsService).get(agentIds.dirk!))!.email).toBe('d.klaassen@verwerker.example');
      expect((await c.post('/ui/account/email', { email: 'x@verwerker.example' })).status).toBe(403);
      expect((await c.post(`/ui/admin/agents/${agentIds.anna}/email`, { _csrf: csrf, email: 'x@verwerker.example' })).status).toBe(403);
      expect((await t.service.app.get(AgentsService).get(agentIds.anna!))!.email).toBe('anna@verwerker.example');
    });
  });

  it('schedules the digest on working-day mornings and the verification repair, only with SCHEDULED_JOBS on', async () => {
    const other = await startTestApp({ env: { SCHEDULED_JOBS: 'true' } });
    try {
      const c = new pg.Client({ connectionString: other.database.url });
      await c.connect();
      const { rows } = await c.query(`SELECT name, cron, options->>'tz' AS tz FROM pgboss.schedule WHERE name = ANY($1) ORDER BY name`, [[AGENT_DIGEST_JOB, VERIFICATION_REPAIR_JOB]]);
      await c.end();
      expect(rows).toEqual([
        { name: AGENT_DIGEST_JOB, cron: AGENT_DIGEST_CRON, tz: 'Europe/Amsterdam' },
        { name: VERIFICATION_REPAIR_JOB, cron: '*/5 * * * *', tz: 'Europe/Amsterdam' },
      ]);
      expect(AGENT_DIGEST_CRON).toBe('30 6 * * 1-5');
    } finally {
      await other.close();
    }
    const c = new pg.Client({ connectionString: t.database.url });
    await c.connect();
    const { rows } = await c.query(`SELECT name FROM pgboss.schedule WHERE name = $1`, [AGENT_DIGEST_JOB]);
    await c.end();
    expect(rows).toEqual([]);
  });
});
