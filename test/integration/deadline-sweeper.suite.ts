/** The time events: the sweep warns before the earliest open date (once per date, naming it) and flags it when it passes. */
import pg from 'pg';
import { FixedClock } from '../../src/common/clock.js';
import { DEADLINE_SWEEP_JOB, DeadlineSweeper } from '../../src/requests/deadline-sweeper.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { webhookPayload } from '../../src/webhooks/webhook.worker.js';
import { contractOf } from '../support/contract.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('deadline-sweeper', () => {
  interface Resource {
    id: string;
    version: number;
    state: string;
    flags: { deadlineNear: boolean; overdue: boolean };
    deadlines: { forwardBy: string; respondBy: string };
  }

  let database: TestDatabase;
  let t: TestApp;
  let sql: pg.Client;
  // Wednesday 25 November 2026, 10:00 in Amsterdam.
  const clock = new FixedClock(new Date('2026-11-25T09:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestApp({ database, clock });
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await database?.drop();
  });

  async function get(id: string): Promise<Resource> {
    return (await (await t.api(`/api/v1/requests/${id}`)).json()) as Resource;
  }

  async function timelineTypes(id: string): Promise<string[]> {
    const body = (await (await t.api(`/api/v1/requests/${id}/timeline`)).json()) as { items: { type: string; actor: string }[] };
    return body.items.filter((e) => e.actor === 'system').map((e) => e.type);
  }

  async function nearWebhooks(id: string): Promise<Record<string, unknown>[]> {
    const { rows } = await sql.query(`SELECT data FROM webhook_events WHERE request_id = $1 AND type = 'request.deadline_near' ORDER BY seq`, [id]);
    return rows.map((r: { data: Record<string, unknown> }) => r.data);
  }

  it('sends no warning for a forwarding date near on arrival, flags it when it passes, and follows the date after classification', async () => {
    clock.set(new Date('2026-11-25T09:00:00Z'));
    const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody() })).json()) as Resource;
    expect(created.state).toMatch(/^triage/);
    expect(created.deadlines.forwardBy).toBe('2026-11-26');
    const sweeper = t.service.app.get(DeadlineSweeper);

    // Forwarding is due tomorrow: that near from the start, so no request.deadline_near seconds after intake.
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0, overdue: 0 });
    expect((await get(created.id)).flags).toMatchObject({ deadlineNear: false, overdue: false });
    expect(await nearWebhooks(created.id)).toEqual([]);

    // Friday: the forwarding date (Thursday) has passed.
    clock.set(new Date('2026-11-27T09:00:00Z'));
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0, overdue: 1 });
    let r = await get(created.id);
    expect(r.flags).toMatchObject({ overdue: true });
    expect(await timelineTypes(created.id)).toContain('OVERDUE');

    // Classified in-house: the open date is now the answer date, 28 December; the warnings lapse.
    const res = await t.api(`/api/v1/requests/${created.id}/events`, { method: 'POST', headers: { 'if-match': `"${r.version}"` }, json: { type: 'CLASSIFY', scope: 'in-house' } });
    expect(res.status).toBe(200);
    r = (await res.json()) as Resource;
    expect(r.deadlines.respondBy).toBe('2026-12-28');
    expect(r.flags).toMatchObject({ deadlineNear: false, overdue: false });
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0, overdue: 0 });

    // 22 December: the 23rd, 24th and 28th are three working days: not yet.
    clock.set(new Date('2026-12-22T09:00:00Z'));
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0 });
    // 23 December: the 24th and the 28th are the two working days left: the warning names the date.
    clock.set(new Date('2026-12-23T09:00:00Z'));
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 1 });
    expect(await nearWebhooks(created.id)).toEqual([expect.objectContaining({ deadline: 'respondBy', deadlineDate: '2026-12-28', requestId: created.id })]);
    // As a receiver gets it, valid against the document's schema of request.deadline_near.
    const [data] = await nearWebhooks(created.id);
    const body = webhookPayload({ eventId: created.id, type: 'request.deadline_near', eventCreatedAt: clock.now(), sequence: '1', data });
    expect((await contractOf(t.baseUrl)).verifyWebhook(body)).toEqual([]);
    // Once per date.
    clock.set(new Date('2026-12-24T09:00:00Z'));
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0 });
    clock.set(new Date('2026-12-29T09:00:00Z'));
    expect(await sweeper.sweep()).toMatchObject({ overdue: 1 });
    expect((await get(created.id)).flags).toMatchObject({ deadlineNear: true, overdue: true });
    expect(await nearWebhooks(created.id)).toHaveLength(1);
  });

  it('warns again of the date an extension moved the answer to', async () => {
    clock.set(new Date('2026-11-25T09:00:00Z'));
    const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody() })).json()) as Resource;
    const sweeper = t.service.app.get(DeadlineSweeper);
    let res = await t.api(`/api/v1/requests/${created.id}/events`, { method: 'POST', headers: { 'if-match': '*' }, json: { type: 'CLASSIFY', scope: 'in-house' } });
    expect(res.status).toBe(200);
    clock.set(new Date('2026-12-23T09:00:00Z'));
    await sweeper.sweep();
    expect(await nearWebhooks(created.id)).toEqual([expect.objectContaining({ deadline: 'respondBy', deadlineDate: '2026-12-28' })]);
    res = await t.api(`/api/v1/requests/${created.id}/events`, {
      method: 'POST',
      headers: { 'if-match': '*' },
      json: { type: 'EXTEND', reason: 'Het verzoek omvat gegevens uit vijf systemen.' },
    });
    expect(res.status).toBe(200);
    const extended = (await res.json()) as Resource & { deadlines: { dueDate: string } };
    expect(extended.flags).toMatchObject({ deadlineNear: false });
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0 });
    // Within two working days of the extended date (here: on it): a warning for that date, once.
    const due = extended.deadlines.dueDate;
    expect(due > '2027-02-01').toBe(true);
    clock.set(new Date(`${due}T09:00:00Z`));
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 1 });
    expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0 });
    expect((await nearWebhooks(created.id)).map((d) => [d.deadline, d.deadlineDate])).toEqual([
      ['respondBy', '2026-12-28'],
      ['respondBy', due],
    ]);
  });

  it('leaves closed requests alone', async () => {
    clock.set(new Date('2026-11-25T09:00:00Z'));
    const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody() })).json()) as Resource;
    const res = await t.api(`/api/v1/requests/${created.id}/events`, { method: 'POST', headers: { 'if-match': `"${created.version}"` }, json: { type: 'WITHDRAW' } });
    expect(res.status).toBe(200);
    clock.set(new Date('2027-03-01T09:00:00Z'));
    await t.service.app.get(DeadlineSweeper).sweep();
    expect(await timelineTypes(created.id)).not.toContain('OVERDUE');
  });

  it('runs as a pg-boss job: a queued sweep is worked within seconds', async () => {
    clock.set(new Date('2026-11-25T09:00:00Z'));
    // Received the Friday before: its forwarding date (Monday) has passed.
    const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ receivedAt: '2026-11-20T10:00:00+01:00' }) })).json()) as Resource;
    await t.service.app.get(JobsService).send(DEADLINE_SWEEP_JOB, {});
    const deadline = Date.now() + 15_000;
    while (!(await get(created.id)).flags.overdue) {
      if (Date.now() > deadline) throw new Error('the queued sweep did not run within 15 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await timelineTypes(created.id)).toContain('OVERDUE');
  });

  it('schedules the sweep every minute when scheduled jobs are on', async () => {
    const other = await startTestApp({ env: { SCHEDULED_JOBS: 'true' } });
    try {
      const c = new pg.Client({ connectionString: other.database.url });
      await c.connect();
      const { rows } = await c.query(`SELECT name, cron FROM pgboss.schedule WHERE name = $1`, [DEADLINE_SWEEP_JOB]);
      await c.end();
      expect(rows).toEqual([{ name: DEADLINE_SWEEP_JOB, cron: '* * * * *' }]);
    } finally {
      await other.close();
    }
  });
});
