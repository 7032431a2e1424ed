/** The time events: the sweep warns before the earliest open date and flags it when it passes. */
import pg from 'pg';
import { FixedClock } from '../../src/common/clock.js';
import { DEADLINE_SWEEP_JOB, DeadlineSweeper } from '../../src/requests/deadline-sweeper.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

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

it('warns before the forwarding date, flags it when it passes, and follows the date after classification', async () => {
  clock.set(new Date('2026-11-25T09:00:00Z'));
  const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody() })).json()) as Resource;
  expect(created.state).toMatch(/^triage/);
  expect(created.deadlines.forwardBy).toBe('2026-11-26');
  const sweeper = t.service.app.get(DeadlineSweeper);

  // Forwarding is due tomorrow: urgent at once.
  expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 1, overdue: 0 });
  expect((await get(created.id)).flags).toMatchObject({ deadlineNear: true, overdue: false });
  // A second sweep sends nothing new.
  expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0, overdue: 0 });

  // Friday: the forwarding date (Thursday) has passed.
  clock.set(new Date('2026-11-27T09:00:00Z'));
  expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0, overdue: 1 });
  let r = await get(created.id);
  expect(r.flags).toMatchObject({ overdue: true });
  expect(await timelineTypes(created.id)).toEqual(expect.arrayContaining(['DEADLINE_NEAR', 'OVERDUE']));

  // Classified in-house: the open date is now the answer date, 28 December; the warnings lapse.
  const res = await t.api(`/api/v1/requests/${created.id}/events`, { method: 'POST', headers: { 'if-match': `"${r.version}"` }, json: { type: 'CLASSIFY', scope: 'in-house' } });
  expect(res.status).toBe(200);
  r = (await res.json()) as Resource;
  expect(r.deadlines.respondBy).toBe('2026-12-28');
  expect(r.flags).toMatchObject({ deadlineNear: false, overdue: false });
  expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 0, overdue: 0 });

  // 23 December: the 24th and the 28th are the two working days left, so the 28th is urgent.
  clock.set(new Date('2026-12-23T09:00:00Z'));
  expect(await sweeper.sweep()).toMatchObject({ deadlineNear: 1 });
  clock.set(new Date('2026-12-29T09:00:00Z'));
  expect(await sweeper.sweep()).toMatchObject({ overdue: 1 });
  expect((await get(created.id)).flags).toMatchObject({ deadlineNear: true, overdue: true });
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
  const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody() })).json()) as Resource;
  await t.service.app.get(JobsService).send(DEADLINE_SWEEP_JOB, {});
  const deadline = Date.now() + 15_000;
  while (!(await get(created.id)).flags.deadlineNear) {
    if (Date.now() > deadline) throw new Error('the queued sweep did not run within 15 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(await timelineTypes(created.id)).toContain('DEADLINE_NEAR');
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
