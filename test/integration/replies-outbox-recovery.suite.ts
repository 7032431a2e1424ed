/**
 * The outbox as a durable queue, driven step by step: SMTP down, a worker killed mid-batch (before
 * and after sending), and the last attempt (failed, request flagged, MAIL_FAILED audited).
 */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock.js';
import { LEASE_MS, recordAttempt } from '../../src/replies/outbox.js';
import { OutboxWorker } from '../../src/replies/outbox.worker.js';
import { SmtpTransport } from '../../src/replies/transport.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/process.js';
import { createTestSmtp, file, messagesOf, type TestSmtp } from '../support/replies-smtp.js';

describe('SMTP down, worker killed mid-batch, last attempt (worker driven by the test)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let worker: OutboxWorker;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    smtp = await createTestSmtp(await freePort());
    // The server is NOT started: mail cannot be delivered yet.
    t = await startTestApp({ clock, env: { SMTP_URL: smtp.url, OUTBOX_WORKER: 'false', OUTBOX_MAX_ATTEMPTS: '3' } });
    worker = t.service.app.get(OutboxWorker);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  /** Messages are queued at the database's time; the test clock moves to just after it (never back). */
  function catchUp(): void {
    const now = Date.now() + 1000;
    if (clock.now().getTime() < now) clock.set(new Date(now));
  }

  async function drain(): Promise<void> {
    // Run until nothing is due now.
    for (let i = 0; i < 20; i++) if ((await worker.runOnce()).claimed === 0) return;
  }

  it('keeps messages queued while SMTP is down and delivers each exactly once when it is back', async () => {
    const a = await file(t);
    const b = await file(t);
    catchUp();
    const first = await worker.runOnce();
    expect(first).toMatchObject({ claimed: 2, retried: 2, sent: 0 });
    for (const r of [a, b]) {
      const [m] = await messagesOf(t, r.id);
      expect(m).toMatchObject({ status: 'queued', attempts: 1 });
      expect(m.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(m.last_error).not.toContain('@example');
    }
    // Not due again before the backoff.
    expect((await worker.runOnce()).claimed).toBe(0);

    await smtp.start();
    clock.advance(31_000);
    await drain();
    await smtp.waitFor(2);
    const ids = smtp.received.map((m) => m.parsed.messageId);
    const stored = [...(await messagesOf(t, a.id)), ...(await messagesOf(t, b.id))];
    expect(new Set(ids)).toEqual(new Set(stored.map((m) => m.message_id)));
    expect(ids).toHaveLength(2);
    expect(stored.every((m) => m.status === 'sent' && m.attempts === 2)).toBe(true);
    await smtp.stop();
    smtp.received.length = 0;
  });

  it('a worker killed after claiming (before sending) leaves nothing lost: after the lease the mail goes out once', async () => {
    await smtp.start();
    const r = await file(t);
    catchUp();
    const claimed = await worker.claimAndRender();
    expect(claimed.map((m) => m.requestId)).toEqual([r.id]);
    // "Crash": nothing is sent or marked. Within the lease nobody else takes it.
    clock.advance(LEASE_MS - 10_000);
    expect((await worker.runOnce()).claimed).toBe(0);
    clock.advance(11_000);
    await drain();
    await smtp.waitFor(1);
    await new Promise((res) => setTimeout(res, 200));
    expect(smtp.received).toHaveLength(1);
    const [m] = await messagesOf(t, r.id);
    expect(m).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received[0].parsed.messageId).toBe(m.message_id);
    expect(smtp.received[0].parsed.subject).toBe(claimed[0].subject);
    await smtp.stop();
    smtp.received.length = 0;
  });

  it('a worker killed between sending and marking resends the very same mail (same Message-ID, same body)', async () => {
    await smtp.start();
    const r = await file(t);
    catchUp();
    const [claimed] = await worker.claimAndRender();
    expect(claimed.requestId).toBe(r.id);
    // As the worker does: the attempt is on record before the mail server sees the mail.
    expect(await recordAttempt(t.service.app.get(DataSource), claimed, clock.now())).toBe(true);
    const transport = new SmtpTransport(smtp.url);
    await transport.send({
      from: { name: 'Voorbeeld Software B.V.', address: 'privacy@voorbeeld-software.example' },
      to: claimed.recipient,
      subject: claimed.subject!,
      html: claimed.html!,
      text: claimed.text!,
      messageId: claimed.messageId,
      date: claimed.createdAt,
    });
    transport.close();
    // "Crash" before marking; the lease runs out and the worker sends it again.
    clock.advance(LEASE_MS + 1000);
    await drain();
    await smtp.waitFor(2);
    const [one, two] = smtp.received;
    expect(two.parsed.messageId).toBe(one.parsed.messageId);
    expect(two.parsed.subject).toBe(one.parsed.subject);
    expect(two.parsed.text).toBe(one.parsed.text);
    expect(two.parsed.html).toBe(one.parsed.html);
    expect((await messagesOf(t, r.id))[0].status).toBe('sent');
    const [{ possibly_duplicate }] = await t.service.app.get(DataSource).query(`SELECT possibly_duplicate FROM messages WHERE request_id = $1`, [r.id]);
    expect(possibly_duplicate).toBe(true);
    await smtp.stop();
    smtp.received.length = 0;
  });

  it('after the last attempt the message is failed, the request flagged and MAIL_FAILED audited', async () => {
    const r = await file(t);
    catchUp();
    for (let i = 0; i < 3; i++) {
      await drain();
      clock.advance(10 * 60_000);
    }
    const [m] = await messagesOf(t, r.id);
    expect(m).toMatchObject({ status: 'failed', attempts: 3 });
    const res = await t.api(`/api/v1/requests/${r.id}`);
    const resource = (await res.json()) as { flags: Record<string, boolean> };
    expect(resource.flags.mailFailed).toBe(true);
    const audit: { type: string; data: Record<string, unknown> }[] = await t.service.app
      .get(DataSource)
      .query(`SELECT type, data FROM audit_events WHERE request_id = $1 AND type = 'MAIL_FAILED'`, [r.id]);
    expect(audit).toEqual([{ type: 'MAIL_FAILED', data: { template: 'acknowledgement', messageId: m.message_id } }]);
    // The helpdesk that filed it is told too (no address in the event).
    const hooks = await t.service.app
      .get(DataSource)
      .query(`SELECT type, data FROM webhook_events WHERE request_id = $1 AND type = 'message.failed'`, [r.id]);
    expect(hooks).toEqual([{ type: 'message.failed', data: expect.objectContaining({ requestId: r.id, template: 'acknowledgement' }) }]);
    expect(JSON.stringify(hooks)).not.toContain('@');
  });
});

