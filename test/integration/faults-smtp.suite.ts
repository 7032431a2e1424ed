/**
 * Fault injection (issue #18): the SMTP server refuses with 421 (service not available, try
 * later) for a while, then accepts again. Every mail is delivered exactly once (counted by
 * Message-ID), none is given up.
 */
import { needsRealPostgres } from '../support/db.js';
import { file, messagesOf, useAppWithSmtp, waitUntil, type TestSmtp } from '../support/replies-smtp.js';
import type { TestApp } from '../support/app.js';
import { DataSource } from 'typeorm';
import { requestBody } from '../factories/requests.js';

const INTAKES = 20;

describe('SMTP refusing with 421, then recovering', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  useAppWithSmtp({ OUTBOX_POLL_MS: '100' }, (app, server) => {
    t = app;
    smtp = server;
  });

  it('delivers every mail exactly once', async () => {
    if (!needsRealPostgres('the SMTP outage scenario of the fault suite')) return;
    smtp.refuseWith = 421;
    for (let i = 0; i < INTAKES; i++) await file(t, requestBody({ externalRef: `SMTP-421-${i}` }));
    // Every mail was tried and refused at least once, and waits for its next attempt.
    await waitUntil(async () => (await messagesOf(t)).every((m) => m.status === 'queued' && m.attempts >= 1), 20_000);
    const refusedBefore = smtp.refused;
    expect(smtp.received).toHaveLength(0);

    // The server is back; the backoff (30 s) has passed.
    smtp.refuseWith = undefined;
    await t.service.app.get(DataSource).query(`UPDATE messages SET next_attempt_at = now() WHERE status = 'queued'`);
    const rows = await messagesOf(t);
    await smtp.waitFor(rows.length, 20_000);
    await waitUntil(async () => (await messagesOf(t)).every((m) => m.status === 'sent'), 10_000);
    await new Promise((r) => setTimeout(r, 1_000)); // a second delivery would arrive meanwhile

    const byMessageId = new Map<string, number>();
    for (const mail of smtp.received) byMessageId.set(mail.parsed.messageId!, (byMessageId.get(mail.parsed.messageId!) ?? 0) + 1);
    // eslint-disable-next-line no-console
    console.log('SMTP 421 then recovery:', JSON.stringify({ intakes: INTAKES, mails: rows.length, refused: refusedBefore, delivered: smtp.received.length }));
    expect(rows.length).toBeGreaterThanOrEqual(INTAKES);
    expect(smtp.received).toHaveLength(rows.length);
    expect([...byMessageId.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(rows.map((r) => `<${r.message_id.replace(/^<|>$/g, '')}>`))).toEqual(new Set(byMessageId.keys()));
  }, 90_000);
});
