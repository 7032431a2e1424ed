/**
 * A forwarding that changes between planning a request event and writing it (its mail handed to
 * the transport a moment after the agent pressed a button) is never left behind: the statement
 * writes nothing, the event is planned again from what is stored, and the caller's If-Match still
 * holds. Interleaved deterministically: the planner's first result is followed by the outbox's
 * own "sent" write before the statement runs.
 */
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ForwardingPlannerService } from '../../src/forwarding/forwarding-planner.service.js';
import { ForwardingService } from '../../src/forwarding/forwarding.service.js';
import { ForwardingStore } from '../../src/forwarding/forwarding.store.js';
import { IncidentsService } from '../../src/incidents/incidents.service.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('forwarding-stale-plan', () => {
  type Json = Record<string, any>;
  let t: TestApp;
  let seq = 0;

  beforeAll(async () => {
    // No outbox worker: the forwarding stays queued until the test plays the worker's part.
    t = await startTestApp({ env: { OUTBOX_WORKER: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => jest.restoreAllMocks());

  /** A request routed to one controller: its forwarding is queued (mail not yet handed over). */
  async function routed(): Promise<{ request: Json; controllerId: string; forwardingId: string }> {
    seq++;
    const c = (await (await t.api('/api/v1/controllers', {
      method: 'POST',
      json: { name: `Stale ${seq} B.V.`, country: 'NL', privacyContact: { email: `privacy${seq}@stale.example` }, tone: 'u' },
    })).json()) as Json;
    const email = `klant${seq}.${Date.now()}@example.nl`;
    await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: email }] } });
    const request = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Jan Jansen', email } }) })).json()) as Json;
    expect(request.forwardings).toEqual([expect.objectContaining({ controllerId: c.id, state: 'queued' })]);
    return { request, controllerId: c.id, forwardingId: request.forwardings[0].id };
  }

  /** Runs `meanwhile` right after the planner has planned (the first time only, or every time). */
  function afterPlanning(meanwhile: () => Promise<unknown>, every = false) {
    const planner = t.service.app.get(ForwardingPlannerService);
    const plan = planner.plan.bind(planner);
    const spy = jest.spyOn(planner, 'plan');
    const then = async (...args: Parameters<typeof plan>) => {
      const planned = await plan(...args);
      await meanwhile();
      return planned;
    };
    return every ? spy.mockImplementation(then) : spy.mockImplementationOnce(then);
  }

  /** The planner's first plan is followed by the outbox marking the forwarding sent (its version moves on). */
  function sentRightAfterPlanning(forwardingId: string) {
    return afterPlanning(() => t.service.app.get(ForwardingStore).markSent(forwardingId));
  }

  async function forwardingRow(id: string): Promise<Json> {
    const [row] = await t.service.app.get(DataSource).query(
      `SELECT state, version, sent_at, cancelled_at, token_revoked_at, next_reminder_on, misdirected_at FROM forwardings WHERE id = $1`,
      [id],
    );
    return row as Json;
  }

  it('a withdrawal calls off a forwarding whose mail went out while it was planned, with the If-Match the agent sent', async () => {
    const { request, forwardingId } = await routed();
    const spy = sentRightAfterPlanning(forwardingId);

    const res = await t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': `"${request.version}"` }, json: { type: 'WITHDRAW' } });
    expect([res.status, ((await res.json()) as Json).state]).toEqual([200, 'closed.withdrawn']);
    expect(spy).toHaveBeenCalledTimes(2);

    const row = await forwardingRow(forwardingId);
    // The send is kept, and the forwarding is called off: no reminders for a withdrawn request, the link dead.
    expect(row).toMatchObject({ state: 'done', sent_at: expect.any(Date), cancelled_at: expect.any(Date), token_revoked_at: expect.any(Date), next_reminder_on: null });
    const audit: { type: string }[] = await t.service.app.get(DataSource).query(`SELECT type FROM audit_events WHERE request_id = $1 ORDER BY id`, [request.id]);
    expect(audit.map((a) => a.type)).toEqual(expect.arrayContaining(['FORWARDING_SENT', 'WITHDRAW']));
    expect(audit.filter((a) => a.type === 'WITHDRAW')).toHaveLength(1);
  });

  it('a forwarding reported as sent in error while its mail goes out is called off and its link revoked, one incident', async () => {
    const { request, controllerId, forwardingId } = await routed();
    const spy = sentRightAfterPlanning(forwardingId);

    const incident = await t.service.app.get(IncidentsService).reportSentInError(request.id, forwardingId, 'Naar de verkeerde klant gestuurd.', 'agent:test');
    expect(incident).toMatchObject({ forwardingId, controllerId, status: 'open' });
    expect(spy).toHaveBeenCalledTimes(2);

    const row = await forwardingRow(forwardingId);
    expect(row).toMatchObject({ state: 'done', cancelled_at: expect.any(Date), token_revoked_at: expect.any(Date), misdirected_at: expect.any(Date), next_reminder_on: null });
    const [{ n }] = await t.service.app.get(DataSource).query(`SELECT count(*)::int AS n FROM incidents WHERE forwarding_id = $1`, [forwardingId]);
    expect(n).toBe(1);
  });

  it('a request changed by someone else between planning and writing is still a version conflict, nothing written', async () => {
    const { request, forwardingId } = await routed();
    afterPlanning(async () => {
      // Another agent's note lands first: the request's version moves on.
      const current = (await (await t.api(`/api/v1/requests/${request.id}`)).json()) as Json;
      await t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': `"${current.version}"` }, json: { type: 'NOTE', text: 'Eerst even bellen.' } });
    });

    const res = await t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': `"${request.version}"` }, json: { type: 'WITHDRAW' } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as Json).type).toMatch(/version-conflict$/);
    expect(await forwardingRow(forwardingId)).toMatchObject({ state: 'queued', cancelled_at: null, token_revoked_at: null });
  });

  it('an agent revoking a link while its mail goes out: the link is revoked all the same', async () => {
    const { forwardingId } = await routed();
    const store = t.service.app.get(ForwardingStore);
    const write = store.write.bind(store);
    jest.spyOn(store, 'write').mockImplementationOnce(async (...args) => {
      await store.markSent(forwardingId);
      return write(...args);
    });
    await t.service.app.get(ForwardingService).revokeLink(forwardingId, 'agent:test');
    expect(await forwardingRow(forwardingId)).toMatchObject({ state: 'sent', sent_at: expect.any(Date), token_revoked_at: expect.any(Date) });
  });

  it('gives up with a 409 after three plans that each went stale, having written nothing', async () => {
    const { request, forwardingId } = await routed();
    const db = t.service.app.get(DataSource);
    const spy = afterPlanning(() => db.query(`UPDATE forwardings SET version = version + 1 WHERE id = $1`, [forwardingId]), true);

    const res = await t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': `"${request.version}"` }, json: { type: 'WITHDRAW' } });
    expect(res.status).toBe(409);
    expect(spy).toHaveBeenCalledTimes(3);
    const after = (await (await t.api(`/api/v1/requests/${request.id}`)).json()) as Json;
    expect([after.version, after.state]).toEqual([request.version, request.state]);
    expect(await forwardingRow(forwardingId)).toMatchObject({ state: 'queued', cancelled_at: null, token_revoked_at: null });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND type = 'WITHDRAW'`, [request.id]);
    expect(n).toBe(0);
  });
});
