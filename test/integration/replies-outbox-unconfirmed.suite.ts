/**
 * Issue #18, part 5: the SMTP server accepted a mail but recording it as sent failed. The fault is
 * injected deterministically in the mark-sent step: a trigger on `messages` refuses the change to
 * `sent` a given number of times (a sequence counts the refusals; it is not rolled back).
 * - A short failure: the worker records the result on a retry; the requester gets the mail once.
 * - A longer one (the database is gone for longer than the worker waits): the attempt stays
 *   recorded, the lease runs out within a minute, and recovery sends the very same mail again
 *   (same Message-ID, same body: at-least-once), marked as possibly received twice, with an audit
 *   event the agents see on the request's timeline.
 */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock.js';
import { OutboxWorker } from '../../src/replies/outbox.worker.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/process.js';
import { createTestSmtp, file, type TestSmtp } from '../support/replies-smtp.js';

describe('SMTP accepted the mail, recording it as sent failed', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let worker: OutboxWorker;
  let db: DataSource;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    smtp = await createTestSmtp(await freePort());
    await smtp.start();
    t = await startTestApp({ clock, env: { SMTP_URL: smtp.url, OUTBOX_WORKER: 'false' } });
    worker = t.service.app.get(OutboxWorker);
    db = t.service.app.get(DataSource);
    await db.query(`CREATE SEQUENCE test_mark_sent_faults`);
    await db.query(`CREATE TABLE test_mark_sent_fault_limit (n bigint NOT NULL)`);
    await db.query(`INSERT INTO test_mark_sent_fault_limit VALUES (0)`);
    await db.query(`
      CREATE FUNCTION test_refuse_mark_sent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'sent' AND OLD.status = 'sending' AND (SELECT n FROM test_mark_sent_fault_limit) > 0
           AND nextval('test_mark_sent_faults') <= (SELECT n FROM test_mark_sent_fault_limit) THEN
          RAISE EXCEPTION 'injected fault: recording the mail as sent failed';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER test_refuse_mark_sent BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION test_refuse_mark_sent()`);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  /** The next `n` attempts to record `sent` fail (counted from now). */
  async function failMarkSent(n: number): Promise<void> {
    const [{ v }] = (await db.query(`SELECT nextval('test_mark_sent_faults')::int AS v`)) as { v: number }[];
    await db.query(`UPDATE test_mark_sent_fault_limit SET n = $1`, [n === 0 ? 0 : v + n]);
  }
  async function attemptsOf(requestId: string): Promise<{ status: string; attempts: number; message_id: string; attempted_at: Date | null; possibly_duplicate: boolean }[]> {
    return db.query(`SELECT status, attempts, message_id, attempted_at, possibly_duplicate FROM messages WHERE request_id = $1 ORDER BY created_at`, [requestId]);
  }
  function catchUp(): void {
    const now = Date.now() + 1000;
    if (clock.now().getTime() < now) clock.set(new Date(now));
  }
  async function timelineTypes(id: string): Promise<{ type: string; description: string; data: Record<string, unknown> }[]> {
    const res = await t.api(`/api/v1/requests/${id}/timeline`);
    return ((await res.json()) as { items: { type: string; description: string; data: Record<string, unknown> }[] }).items;
  }

  it('a short failure: the result is recorded on a retry and the requester gets the mail exactly once', async () => {
    const r = await file(t);
    catchUp();
    await failMarkSent(1);
    const result = await worker.runOnce();
    expect(result).toMatchObject({ claimed: 1, sent: 1 });
    await smtp.waitFor(1);
    const [m] = await attemptsOf(r.id);
    expect(m).toMatchObject({ status: 'sent', attempts: 1, possibly_duplicate: false });
    // Nothing is due any more, also not after the lease.
    clock.advance(10 * 60_000);
    expect((await worker.runOnce()).claimed).toBe(0);
    await new Promise((res) => setTimeout(res, 200));
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].parsed.messageId).toBe(m.message_id);
    expect((await timelineTypes(r.id)).map((e) => e.type)).not.toContain('MAIL_RESENT_UNCONFIRMED');
    smtp.received.length = 0;
  });

  it('a longer failure: the same mail goes out again within a minute, marked as possibly received twice, on the timeline', async () => {
    const r = await file(t);
    catchUp();
    await failMarkSent(1000);
    const first = await worker.runOnce();
    expect(first).toMatchObject({ claimed: 1, sent: 0 });
    await smtp.waitFor(1);
    // The attempt was recorded before the mail was handed to SMTP; its result is unknown to the database.
    const [pending] = await attemptsOf(r.id);
    expect(pending).toMatchObject({ status: 'sending', attempts: 1, possibly_duplicate: false });
    expect(pending.attempted_at).not.toBeNull();

    // The database is back; the worker that sent it "died". Within a minute the lease has run out.
    await failMarkSent(0);
    clock.advance(55_000);
    const recovery = await worker.runOnce();
    expect(recovery).toMatchObject({ claimed: 1, sent: 1 });
    await smtp.waitFor(2);
    const [one, two] = smtp.received;
    // At-least-once: the very same mail (Message-ID and body), which mail programs show once.
    expect(two.parsed.messageId).toBe(one.parsed.messageId);
    expect(two.parsed.subject).toBe(one.parsed.subject);
    expect(two.parsed.text).toBe(one.parsed.text);
    expect(two.envelopeTo).toEqual(one.envelopeTo);
    const [m] = await attemptsOf(r.id);
    expect(m).toMatchObject({ status: 'sent', attempts: 2, possibly_duplicate: true });
    expect(one.parsed.messageId).toBe(m.message_id);

    const resent = (await timelineTypes(r.id)).filter((e) => e.type === 'MAIL_RESENT_UNCONFIRMED');
    expect(resent).toHaveLength(1);
    expect(resent[0].data).toEqual({ template: 'acknowledgement', messageId: m.message_id });
    expect(resent[0].description).toMatch(/mogelijk twee keer/);
    expect(JSON.stringify(resent)).not.toContain('@example');

    // And that is the end of it.
    clock.advance(10 * 60_000);
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(smtp.received).toHaveLength(2);
    smtp.received.length = 0;
  });
});
