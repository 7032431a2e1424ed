/**
 * Reminders survive a restart: a forwarding not acknowledged by forwardBy gets a reminder on the
 * next working day, exactly once however often the sweep runs and across a restart of the app;
 * then every 3 working days up to 3, then escalation (flag, urgent mail, mail to the processor's
 * privacy address). No decision 7 days before respondBy → one decision reminder.
 */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock.js';
import { ForwardingReminderSweeper } from '../../src/forwarding/reminder-sweeper.js';
import { OutboxWorker } from '../../src/replies/outbox.worker.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('forwarding-reminders', () => {
  type Json = Record<string, any>;
  const ENV = { OUTBOX_WORKER: 'false' };
  let database: TestDatabase;
  let t: TestApp | undefined;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  async function start(): Promise<TestApp> {
    t = await startTestApp({ database, clock, env: ENV });
    return t;
  }

  async function stop(): Promise<void> {
    await t?.close();
    t = undefined;
  }

  const db = () => t!.service.app.get(DataSource);
  const sweep = () => t!.service.app.get(ForwardingReminderSweeper).sweep();

  async function fileRouted(): Promise<{ requestId: string; controllerEmail: string }> {
    const suffix = Math.random().toString(36).slice(2, 8);
    const c = (await (
      await t!.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: `Fietsenmaker ${suffix}`, country: 'NL', privacyContact: { name: 'Piet', email: `privacy-${suffix}@fiets.example` }, tone: 'je' },
      })
    ).json()) as Json;
    const email = `klant-${suffix}@example.nl`;
    const ids = await t!.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } });
    expect([ids.status, c.id ? 'created' : JSON.stringify(c)]).toEqual([200, 'created']);
    const r = (await (await t!.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Jan', email } }) })).json()) as Json;
    expect(r.state).toBe('forwarded.awaitingControllers');
    // The outbox delivers (to .eml files): the forwarding becomes `sent`.
    clock.advance(60_000);
    await t!.service.app.get(OutboxWorker).runOnce();
    return { requestId: r.id, controllerEmail: c.privacyContact.email };
  }

  async function forwarding(requestId: string): Promise<Json> {
    const [row] = await db().query(
      `SELECT id, state, reminder_count, escalated, to_char(next_reminder_on, 'YYYY-MM-DD') AS next, to_char(respond_by, 'YYYY-MM-DD') AS respond_by,
              snapshot->'context' AS context
         FROM forwardings WHERE request_id = $1`,
      [requestId],
    );
    return row;
  }

  async function mails(requestId: string): Promise<{ template: string; recipient: string }[]> {
    return db().query(`SELECT template, recipient FROM messages WHERE request_id = $1 ORDER BY created_at, id`, [requestId]);
  }

  /** 10:00 in Amsterdam on a date. */
  const on = (date: string) => new Date(`${date}T09:00:00Z`);

  describe('controller reminders (pg-boss sweep, injectable clock)', () => {
    it('not acknowledged: a reminder exactly once across sweeps and a restart; every 3 working days up to 3; then escalation', async () => {
      await start();
      const { requestId, controllerEmail } = await fileRouted();
      let f = await forwarding(requestId);
      expect(f.state).toBe('sent');
      expect(f.next).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await sweep()).toMatchObject({ reminders: 0, escalations: 0 });

      // Stop the app, move the clock to the reminder day, start again.
      const firstDay = f.next;
      await stop();
      clock.set(on(firstDay));
      await start();
      expect((await sweep()).reminders).toBe(1);
      expect((await sweep()).reminders).toBe(0);
      await stop();
      await start();
      expect((await sweep()).reminders).toBe(0);
      f = await forwarding(requestId);
      expect(f).toMatchObject({ state: 'sent', reminder_count: 1, escalated: false });
      expect(f.context).toMatchObject({ reminded: true, reminderCount: 1 });
      expect(f.next > firstDay).toBe(true);
      const reminders = (await mails(requestId)).filter((m) => m.template === 'controller-reminder');
      expect(reminders).toEqual([{ template: 'controller-reminder', recipient: controllerEmail }]);

      // The reminder carries a new link (the mail is rendered and scrubbed by the outbox).
      clock.advance(60_000);
      await t!.service.app.get(OutboxWorker).runOnce();
      const [sent] = await db().query(`SELECT status, data->>'link' AS link, text FROM messages WHERE request_id = $1 AND template = 'controller-reminder'`, [requestId]);
      expect(sent.status).toBe('sent');
      expect(sent.link).toMatch(/\/c\/\[verwijderd\]$/);
      expect(sent.text).toContain('/c/[verwijderd]');

      // Second and third reminder, each 3 working days later.
      for (const count of [2, 3]) {
        clock.set(on((await forwarding(requestId)).next));
        expect((await sweep()).reminders).toBe(1);
        expect((await forwarding(requestId)).reminder_count).toBe(count);
      }
      // Then escalation: flag, urgent mail to the controller and a mail to the processor's privacy address.
      clock.set(on((await forwarding(requestId)).next));
      expect((await sweep()).escalations).toBe(1);
      expect(await sweep()).toMatchObject({ reminders: 0, escalations: 0 });
      f = await forwarding(requestId);
      expect(f).toMatchObject({ state: 'sent', reminder_count: 3, escalated: true, next: null });
      const all = await mails(requestId);
      expect(all.filter((m) => m.template === 'controller-reminder')).toHaveLength(3);
      expect(all.filter((m) => m.template === 'controller-escalation')).toEqual([{ template: 'controller-escalation', recipient: controllerEmail }]);
      expect(all.filter((m) => m.template === 'processor-escalation')).toEqual([
        { template: 'processor-escalation', recipient: t!.service.config.processor.privacyEmail },
      ]);
      clock.advance(60_000);
      const run = await t!.service.app.get(OutboxWorker).runOnce();
      expect(run.failed).toBe(0);
      const resource = (await (await t!.api(`/api/v1/requests/${requestId}`)).json()) as Json;
      expect(resource.forwardings[0].flags).toMatchObject({ reminded: true, escalated: true });
    });

    it('acknowledged but no decision 7 days before respondBy: one decision reminder', async () => {
      clock.set(new Date(Math.max(Date.now(), clock.now().getTime())));
      t ??= await start();
      const { requestId } = await fileRouted();
      const f = await forwarding(requestId);
      await db().query(
        `UPDATE forwardings SET state = 'acknowledged', acknowledged_at = now(), version = version + 1,
                snapshot = jsonb_set(snapshot, '{value}', '"acknowledged"') WHERE id = $1`,
        [f.id],
      );
      const eightBefore = new Date(on(f.respond_by).getTime() - 8 * 86_400_000);
      const reminders = async () => (await mails(requestId)).filter((m) => m.template === 'controller-reminder').length;
      clock.set(eightBefore);
      await sweep();
      expect(await reminders()).toBe(0);
      clock.set(new Date(eightBefore.getTime() + 86_400_000));
      await sweep();
      await sweep();
      expect(await reminders()).toBe(1);
      expect((await forwarding(requestId)).context).toMatchObject({ decisionReminded: true, reminded: true });
    });
  });
});
