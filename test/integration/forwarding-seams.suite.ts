/**
 * The two seams between a forwarding and its request that used to lose data (issue #17):
 *
 * 1. A controller's decision is recorded as pending in the statement that records it and applied
 *    to the request until it is applied or refused; the runner refusing it with version conflicts
 *    (more than settle's own attempts) leaves it pending, and the repair sweep finishes it.
 * 2. A forwarding called off (WITHDRAW) before its mail left: the mail is withheld in the same
 *    statement, never sent, and no FORWARDING_SENT, reminder or `request.forwarded` webhook follows.
 *
 * The outbox worker and the scheduled jobs are off: the test plays the worker and the sweep.
 */
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ForwardingReminderSweeper } from '../../src/forwarding/reminder-sweeper.js';
import { ForwardingService } from '../../src/forwarding/forwarding.service.js';
import { ForwardingStore } from '../../src/forwarding/forwarding.store.js';
import { OutboxWorker } from '../../src/replies/outbox.worker.js';
import { VersionConflictProblem, WorkflowRunner } from '../../src/requests/workflow-runner.js';
import { requestBody } from '../factories/requests.js';
import type { TestApp } from '../support/app.js';
import { useAppWithSmtp, type TestSmtp } from '../support/replies-smtp.js';

describe('forwarding-seams', () => {
  type Json = Record<string, any>;
  let smtp: TestSmtp;
  let t: TestApp;
  let seq = 0;

  useAppWithSmtp({ OUTBOX_WORKER: 'false' }, (app, server) => {
    t = app;
    smtp = server;
  });
  afterEach(() => jest.restoreAllMocks());

  const db = () => t.service.app.get(DataSource);

  /** A request routed to one controller: its forwarding is queued, its mail not yet handed over. */
  async function routed(): Promise<{ request: Json; controllerEmail: string; forwardingId: string }> {
    seq++;
    const controllerEmail = `privacy${seq}@seams.example`;
    const c = (await (await t.api('/api/v1/controllers', {
      method: 'POST',
      json: { name: `Naad ${seq} B.V.`, country: 'NL', privacyContact: { email: controllerEmail }, tone: 'u' },
    })).json()) as Json;
    const email = `klant${seq}.${Date.now()}@example.nl`;
    await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } });
    const request = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Jan Jansen', email } }) })).json()) as Json;
    expect(request.state).toBe('forwarded.awaitingControllers');
    expect(request.forwardings).toEqual([expect.objectContaining({ controllerId: c.id, state: 'queued' })]);
    return { request, controllerEmail, forwardingId: request.forwardings[0].id };
  }

  async function getRequest(id: string): Promise<Json> {
    return (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
  }

  async function auditTypes(requestId: string): Promise<string[]> {
    const rows: { type: string }[] = await db().query(`SELECT type FROM audit_events WHERE request_id = $1 ORDER BY id`, [requestId]);
    return rows.map((r) => r.type);
  }

  /** The runner answers FORWARDING_SETTLED with a version conflict `times` times (someone else kept changing the request). */
  function settlementConflicts(times: number) {
    const runner = t.service.app.get(WorkflowRunner);
    const apply = runner.apply.bind(runner);
    let left = times;
    return jest.spyOn(runner, 'apply').mockImplementation(async (requestId, event, options) => {
      if (event.type === 'FORWARDING_SETTLED' && left > 0) {
        left--;
        throw new VersionConflictProblem();
      }
      return apply(requestId, event, options);
    });
  }

  async function withdraw(requestId: string): Promise<Response> {
    const current = await getRequest(requestId);
    return t.api(`/api/v1/requests/${requestId}/events`, { method: 'POST', headers: { 'if-match': `"${current.version}"` }, json: { type: 'WITHDRAW' } });
  }

  async function decide(forwardingId: string, decision: 'takes-over' | 'not-ours'): Promise<'recorded' | 'settled'> {
    const row = await t.service.app.get(ForwardingStore).byId(forwardingId);
    return t.service.app.get(ForwardingService).decide(row!, { decision });
  }

  describe("a controller's decision is never lost", () => {
    it('stays pending when the request conflicts more often than settle retries, and the sweep applies it', async () => {
      const { request, forwardingId } = await routed();
      const spy = settlementConflicts(6);

      expect(await decide(forwardingId, 'takes-over')).toBe('recorded');
      expect(spy.mock.calls.filter(([, e]) => e.type === 'FORWARDING_SETTLED')).toHaveLength(3);
      // Not taken by the request yet: it still waits, and the decision is still to be applied.
      expect((await getRequest(request.id)).state).toBe('forwarded.awaitingControllers');

      // The next sweep meets three more conflicts (the decision stays pending), the one after applies it.
      await t.service.app.get(ForwardingReminderSweeper).sweep();
      expect((await getRequest(request.id)).state).toBe('forwarded.awaitingControllers');
      const [pending] = await db().query(`SELECT settled_at, settlement FROM forwardings WHERE id = $1`, [forwardingId]);
      expect(pending).toMatchObject({ settled_at: null, settlement: 'pending' });
      await t.service.app.get(ForwardingReminderSweeper).sweep();

      const after = await getRequest(request.id);
      expect(after.state).toBe('closed.handedOver');
      const types = await auditTypes(request.id);
      expect(types.filter((x) => x === 'FORWARDING_SETTLED')).toHaveLength(1);
      const [row] = await db().query(`SELECT settled_at, settlement FROM forwardings WHERE id = $1`, [forwardingId]);
      expect(row).toMatchObject({ settled_at: expect.any(Date), settlement: 'applied' });
    });

    it('a decision the request no longer takes is recorded as refused, with an audit event, not dropped silently', async () => {
      const { request, forwardingId } = await routed();
      settlementConflicts(3);
      expect(await decide(forwardingId, 'takes-over')).toBe('recorded');
      jest.restoreAllMocks();

      // Meanwhile the requester withdraws: the request is closed and takes no decision any more.
      const res = await withdraw(request.id);
      expect(res.status).toBe(200);
      await t.service.app.get(ForwardingReminderSweeper).sweep();

      expect((await getRequest(request.id)).state).toBe('closed.withdrawn');
      const types = await auditTypes(request.id);
      expect(types).toContain('FORWARDING_SETTLEMENT_REFUSED');
      expect(types).not.toContain('FORWARDING_SETTLED');
      // Refused is final: a later sweep does not try it again.
      await t.service.app.get(ForwardingReminderSweeper).sweep();
      expect((await auditTypes(request.id)).filter((x) => x === 'FORWARDING_SETTLEMENT_REFUSED')).toHaveLength(1);
    });
  });

  describe('a forwarding called off before its mail left', () => {
    it('withholds the mail: not sent to the controller, no FORWARDING_SENT, no reminder, no request.forwarded webhook', async () => {
      const { request, controllerEmail, forwardingId } = await routed();
      const res = await t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': `"${request.version}"` }, json: { type: 'WITHDRAW' } });
      expect([res.status, ((await res.json()) as Json).state]).toEqual([200, 'closed.withdrawn']);

      // The worker runs (everything else of the request is delivered), the sweep too.
      const worker = t.service.app.get(OutboxWorker);
      for (let i = 0; i < 5; i++) if ((await worker.runOnce()).claimed === 0) break;
      await t.service.app.get(ForwardingReminderSweeper).sweep();

      expect(smtp.received.filter((m) => m.envelopeTo.includes(controllerEmail)).length).toBe(0);
      const types = await auditTypes(request.id);
      expect(types).not.toContain('FORWARDING_SENT');
      expect(types).not.toContain('CONTROLLER_REMINDER_SENT');
      const [f] = await db().query(`SELECT state, sent_at, next_reminder_on, cancelled_at FROM forwardings WHERE id = $1`, [forwardingId]);
      expect(f).toMatchObject({ state: 'done', sent_at: null, next_reminder_on: null, cancelled_at: expect.any(Date) });
      const webhooks: { type: string }[] = await db().query(`SELECT type FROM webhook_events WHERE request_id = $1 ORDER BY id`, [request.id]);
      expect(webhooks.map((w) => w.type)).not.toContain('request.forwarded');
      const [after] = await db().query(`SELECT status FROM messages WHERE forwarding_id = $1`, [forwardingId]);
      expect(after.status).toBe('withheld');
    });

    it('the worker does not send a queued mail of a forwarding called off, nor mark it sent', async () => {
      const { request, controllerEmail, forwardingId } = await routed();
      // A forwarding called off while its mail stayed queued (written before withholding existed).
      const res = await withdraw(request.id);
      expect(res.status).toBe(200);
      await db().query(`UPDATE messages SET status = 'queued' WHERE forwarding_id = $1`, [forwardingId]);

      const worker = t.service.app.get(OutboxWorker);
      for (let i = 0; i < 5; i++) if ((await worker.runOnce()).claimed === 0) break;

      expect(smtp.received.filter((m) => m.envelopeTo.includes(controllerEmail)).length).toBe(0);
      expect(await auditTypes(request.id)).not.toContain('FORWARDING_SENT');
      const [m] = await db().query(`SELECT status, data->>'link' AS link FROM messages WHERE forwarding_id = $1`, [forwardingId]);
      expect(m.status).toBe('withheld');
      expect(m.link).toMatch(/\[verwijderd\]$/);
    });

    it('a mail already with the transport when the request is withdrawn goes, but the forwarding is not marked sent', async () => {
      const { request, controllerEmail, forwardingId } = await routed();
      const store = t.service.app.get(ForwardingStore);
      const check = store.withholdReason.bind(store);
      // The withdrawal lands right after the worker checked the forwarding, while the mail is being sent.
      jest.spyOn(store, 'withholdReason').mockImplementation(async (message) => {
        const reason = await check(message);
        if (message.data.forwardingId === forwardingId) expect((await withdraw(request.id)).status).toBe(200);
        return reason;
      });
      const worker = t.service.app.get(OutboxWorker);
      for (let i = 0; i < 5; i++) if ((await worker.runOnce()).claimed === 0) break;

      expect(smtp.received.filter((m) => m.envelopeTo.includes(controllerEmail)).length).toBe(1);
      const types = await auditTypes(request.id);
      expect(types).not.toContain('FORWARDING_SENT');
      expect(types).toContain('FORWARDING_SENT_AFTER_CANCEL');
      const [f] = await db().query(`SELECT state, sent_at, token_revoked_at FROM forwardings WHERE id = $1`, [forwardingId]);
      expect(f).toMatchObject({ state: 'done', sent_at: null, token_revoked_at: expect.any(Date) });
      const webhooks: { type: string }[] = await db().query(`SELECT type FROM webhook_events WHERE request_id = $1`, [request.id]);
      expect(webhooks.map((w) => w.type)).not.toContain('request.forwarded');
    });
  });
});
