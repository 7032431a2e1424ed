/**
 * Lock order between the mail side and the workflow. A transition takes the request row first,
 * then the request's other rows (a discarded mail purges all of its messages). A mail given up
 * (markFailed) and a bounce (markBounced) change a message and flag its request: taken the other
 * way round, message then request, the two deadlock and PostgreSQL aborts one of them. These
 * tests hold the request, then the messages, on a session of their own, as a transition would.
 */
import { DataSource } from 'typeorm';
import { claimMessages, markBounced, markFailed, type ClaimedMessage } from '../../src/replies/outbox.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { needsRealPostgres, stepAgainstTransition } from '../support/db.js';
import { file } from '../support/replies-smtp.js';

// Several sessions on one database: on the embedded one the suite is skipped whole (no app started).
(needsRealPostgres('the mail side racing a transition on one request') ? describe : describe.skip)('outbox lock order', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_WORKER: 'false' } });
    db = t.service.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The acknowledgement of a new request, claimed for sending as the outbox worker claims it. */
  async function claimedAcknowledgement(): Promise<ClaimedMessage> {
    const r = await file(t);
    const claimed = await claimMessages(db, new Date(Date.now() + 1000), 50);
    const mine = claimed.find((m) => m.requestId === r.id);
    expect(mine).toBeDefined();
    return mine!;
  }

  /** Runs `step` while another session takes the request, then its messages, as a transition would. */
  const againstATransition = (requestId: string, step: () => Promise<unknown>) =>
    stepAgainstTransition(
      db,
      [`SELECT 1 FROM requests WHERE id = $1 FOR NO KEY UPDATE`, [requestId]],
      step,
      'requests',
      [`SELECT 1 FROM messages WHERE request_id = $1 FOR UPDATE`, [requestId]],
    );

  async function stored(requestId: string, messageId: string): Promise<{ status: string; bounced: boolean; flagged: boolean }> {
    const [row] = (await db.query(
      `SELECT m.status, m.bounced_at IS NOT NULL AS bounced, r.flag_mail_failed AS flagged FROM messages m JOIN requests r ON r.id = m.request_id WHERE m.message_id = $1 AND r.id = $2`,
      [messageId, requestId],
    )) as { status: string; bounced: boolean; flagged: boolean }[];
    return row!;
  }

  it('gives a mail up while a transition holds its request: waits, then fails the mail and flags the request', async () => {
    const m = await claimedAcknowledgement();
    const outcome = await againstATransition(m.requestId!, () => db.transaction((tx) => markFailed(tx, m, new Date(), 'HTTP 550 mailbox unavailable')));
    expect(outcome).toBe('done');
    expect(await stored(m.requestId!, m.messageId)).toMatchObject({ status: 'failed', flagged: true });
  });

  it('records a bounce while a transition holds the request: waits, then marks the mail bounced and flags the request', async () => {
    const m = await claimedAcknowledgement();
    const outcome = await againstATransition(m.requestId!, () => db.transaction((tx) => markBounced(tx, [m.messageId], new Date(), 'dsn')));
    expect(outcome).toBe('done');
    expect(await stored(m.requestId!, m.messageId)).toMatchObject({ bounced: true, flagged: true });
  });
});
