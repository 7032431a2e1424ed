/**
 * Two app instances on one real PostgreSQL, both with scheduled jobs and the mail outbox on, the
 * same (injectable) clock and a real SMTP server: when the clock passes a forwarding's forwardBy
 * and later its respondBy, every reminder mail reaches the controller exactly once and the
 * overdue flag is set once, however the sweeps of the two nodes interleave (pg-boss jobs sent from
 * both nodes, and direct sweeps on both at the same time).
 */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock.js';
import { FORWARDING_REMINDER_JOB, ForwardingReminderSweeper } from '../../src/forwarding/reminder-sweeper.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, needsRealPostgres, type TestDatabase } from '../support/db.js';
import { createTestSmtp, waitUntil, type TestSmtp } from '../support/replies-smtp.js';

type Json = Record<string, any>;
const run = needsRealPostgres('two app instances sharing one database') ? describe : describe.skip;

run('two app instances on one PostgreSQL', () => {
  const clock = new FixedClock(new Date());
  let database: TestDatabase;
  let smtp: TestSmtp;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await createTestSmtp();
    await smtp.start();
    const env = { SCHEDULED_JOBS: 'true', OUTBOX_WORKER: 'true', OUTBOX_POLL_MS: '200', SMTP_URL: smtp.url };
    a = await startTestApp({ database, clock, env });
    b = await startTestApp({ database, clock, env });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await smtp?.stop();
    await database?.drop();
  });

  const db = () => a.service.app.get(DataSource);

  /** Sweeps on both nodes at once, directly and as pg-boss jobs sent from both; the number of forwardings each direct sweep flagged overdue. */
  async function sweepEverywhere(): Promise<number> {
    await Promise.all([a, b].map((n) => n.service.app.get(JobsService).send(FORWARDING_REMINDER_JOB, {})));
    const results = await Promise.all([a, b, a, b].map((n) => n.service.app.get(ForwardingReminderSweeper).sweep()));
    return results.reduce((sum, r) => sum + r.overdue, 0);
  }

  /** Waits until the outbox is empty and the pg-boss workers (polling every 2 s) had time to run the jobs. */
  async function settle(): Promise<void> {
    await new Promise((r) => setTimeout(r, 4_500));
    await waitUntil(async () => {
      const [row] = await db().query(`SELECT count(*)::int AS n FROM messages WHERE status NOT IN ('sent', 'failed')`);
      return row.n === 0;
    }, 15_000);
  }

  it('each reminder mail is sent exactly once, and the overdue flag is set once', async () => {
    const c = (await (
      await a.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: 'Drukkerij Tweeling B.V.', country: 'NL', privacyContact: { name: 'Eva Smit', email: 'privacy@tweeling.example' }, tone: 'u' },
      })
    ).json()) as Json;
    const email = `klant.${Date.now()}@example.nl`;
    expect((await a.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } })).status).toBe(200);
    const request = (await (await b.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Tim Jansen', email } }) })).json()) as Json;
    expect(request.state).toBe('forwarded.awaitingControllers');
    // The outbox sends what is due by the (fixed) clock: let it pass the rows' creation time.
    clock.advance(60_000);
    await waitUntil(() => smtp.received.some((m) => m.envelopeTo.includes(c.privacyContact.email)), 10_000);
    // Every mail of the intake settled before the clock jumps by days: a mail still being sent
    // would otherwise outlive its lease (2 minutes on this clock) and be claimed again.
    await settle();

    // Past forwardBy: the first reminder day.
    const [f] = await db().query(`SELECT to_char(next_reminder_on, 'YYYY-MM-DD') AS next, to_char(respond_by, 'YYYY-MM-DD') AS respond_by FROM forwardings WHERE request_id = $1`, [request.id]);
    clock.set(new Date(`${f.next}T09:00:00Z`));
    await sweepEverywhere();
    await sweepEverywhere();
    await settle();
    const reminders = () => smtp.received.filter((m) => m.envelopeTo.includes(c.privacyContact.email) && /herinnering/i.test(m.parsed.subject ?? ''));
    expect(reminders()).toHaveLength(1);
    const [row1] = await db().query(`SELECT reminder_count FROM forwardings WHERE request_id = $1`, [request.id]);
    expect(row1.reminder_count).toBe(1);

    // Past respondBy: overdue once (and whatever reminders are due, each once).
    clock.set(new Date(Date.parse(`${f.respond_by}T09:00:00Z`) + 86_400_000));
    const overdue = (await sweepEverywhere()) + (await sweepEverywhere());
    await settle();
    const [flag] = await db().query(`SELECT overdue_at IS NOT NULL AS overdue FROM forwardings WHERE request_id = $1`, [request.id]);
    expect(flag.overdue).toBe(true);
    const overdueEvents = await db().query(`SELECT 1 FROM audit_events WHERE request_id = $1 AND type = 'FORWARDING_OVERDUE'`, [request.id]);
    expect(overdueEvents).toHaveLength(1);
    // The direct sweeps flagged it at most once (a pg-boss job may have been first).
    expect(overdue).toBeLessThanOrEqual(1);

    // Every message of the request went out exactly once (by its stable Message-ID), on whichever node.
    const messages: { messageId: string; template: string }[] = await db().query(
      `SELECT message_id AS "messageId", template FROM messages WHERE request_id = $1 AND status = 'sent'`,
      [request.id],
    );
    expect(messages.filter((m) => m.template === 'controller-reminder').length).toBeGreaterThanOrEqual(2);
    const [reminderRows] = await db().query(`SELECT reminder_count, decision_reminded_at IS NOT NULL AS decision FROM forwardings WHERE request_id = $1`, [request.id]);
    expect(messages.filter((m) => m.template === 'controller-reminder')).toHaveLength(reminderRows.reminder_count + (reminderRows.decision ? 1 : 0));
    for (const m of messages) {
      expect(smtp.received.filter((r) => r.parsed.messageId === m.messageId)).toHaveLength(1);
    }
    expect(reminders()).toHaveLength(messages.filter((m) => m.template === 'controller-reminder').length);
  }, 90_000);
});
