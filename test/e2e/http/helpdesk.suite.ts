/**
 * The helpdesk integration over HTTP: Idempotency-Key, externalRef per client, rate limit,
 * signed webhooks to a receiver on a loopback port, the OpenAPI description, junk input.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeysService } from '../../../src/api/api-keys.service.js';
import { IdempotencyStore, type Claim } from '../../../src/commands/idempotency-store.js';
import { API_SCOPES } from '../../../src/common/auth.decorators.js';
import { FixedClock } from '../../../src/common/clock.js';
import { WebhookLogPurge } from '../../../src/webhooks/webhook-log-purge.js';
import { WebhookWorker } from '../../../src/webhooks/webhook.worker.js';
import { requestBody } from '../../factories/requests.js';
import { newApiClient, startTestApp, type TestApp } from '../../support/app.js';
import { contractOf } from '../../support/contract.js';
import { needsRealPostgres, untilWaitingForRow } from '../../support/db.js';

describe('helpdesk', () => {
  const RATE_LIMIT = 40;
  let t: TestApp;
  // Near real time: webhook timestamps are checked against the receiver's clock.
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '100' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  type Api = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

  /** A new API client's id (for the stores that take it directly). */
  async function clientId(name: string): Promise<string> {
    return (await t.service.app.get(ApiKeysService).create(name, ['requests:read'])).clientId;
  }

  /** A fetch with the key of a new API client of its own (own rate limit, own externalRefs, own webhooks, own requests). */
  function client(name: string): Promise<Api> {
    return newApiClient(t, name, API_SCOPES.filter((s) => s !== 'requests:all'));
  }

  const post = (api: Api, path: string, json: unknown, headers: Record<string, string> = {}) => api(path, { method: 'POST', json, headers });

  async function countByExternalRef(api: Api, externalRef: string): Promise<number> {
    const res = await api(`/api/v1/requests?externalRef=${encodeURIComponent(externalRef)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: unknown[] }).items.length;
  }

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, without a second request', async () => {
      const api = await client('idem-replay');
      const body = requestBody();
      const first = await post(api, '/api/v1/requests', body, { 'idempotency-key': 'ticket-1-create' });
      expect(first.status).toBe(201);
      const created = (await first.json()) as { id: string; reference: string };
      // The same body with its keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await post(api, '/api/v1/requests', reordered, { 'idempotency-key': 'ticket-1-create' });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('location')).toBe(`/api/v1/requests/${created.id}`);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(((await again.json()) as { id: string }).id).toBe(created.id);
      expect(await countByExternalRef(api, String(body.externalRef))).toBe(1);
    });

    it('refuses the same key with a different body (422), also on another path', async () => {
      const api = await client('idem-mismatch');
      expect((await post(api, '/api/v1/requests', requestBody(), { 'idempotency-key': 'k-1' })).status).toBe(201);
      const res = await post(api, '/api/v1/requests', requestBody(), { 'idempotency-key': 'k-1' });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'idempotency-key-reused', status: 422 });
    });

    it('keeps keys per client: another client may use the same key', async () => {
      const a = await client('idem-a');
      const b = await client('idem-b');
      const ra = await post(a, '/api/v1/requests', requestBody(), { 'idempotency-key': 'shared' });
      const rb = await post(b, '/api/v1/requests', requestBody(), { 'idempotency-key': 'shared' });
      expect([ra.status, rb.status]).toEqual([201, 201]);
      expect(rb.headers.get('idempotent-replayed')).toBeNull();
    });

    it('stores a refusal (4xx) too, and refuses a malformed key', async () => {
      const api = await client('idem-4xx');
      const junk = requestBody({ rights: [] });
      const first = await post(api, '/api/v1/requests', junk, { 'idempotency-key': 'bad-body' });
      expect(first.status).toBe(400);
      const again = await post(api, '/api/v1/requests', junk, { 'idempotency-key': 'bad-body' });
      expect(again.status).toBe(400);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      expect(await again.json()).toEqual(await first.json());

      const malformed = await post(api, '/api/v1/requests', requestBody(), { 'idempotency-key': 'x'.repeat(256) });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'bad-idempotency-key' });
    });

    it('creates exactly one request for ten concurrent calls with one key', async () => {
      if (!needsRealPostgres('ten concurrent intakes with one Idempotency-Key')) return;
      const api = await client('idem-concurrent');
      const body = requestBody();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => post(api, '/api/v1/requests', body, { 'idempotency-key': 'concurrent-1' })),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as { id?: string; code?: string }[];
      const ids = new Set(bodies.filter((b) => b.id).map((b) => b.id));
      expect(ids.size).toBe(1);
      for (const [i, r] of responses.entries()) {
        if (r.status === 409) {
          expect(bodies[i].code).toBe('idempotency-key-in-progress');
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        }
      }
      expect(await countByExternalRef(api, String(body.externalRef))).toBe(1);
      // Once the first has finished, a retry gets its response.
      const retry = await post(api, '/api/v1/requests', body, { 'idempotency-key': 'concurrent-1' });
      expect(retry.status).toBe(201);
      expect(((await retry.json()) as { id: string }).id).toBe([...ids][0]);
    });

    it('lets a handler that outlived its claim neither overwrite nor release the retry\'s claim', async () => {
      const store = t.service.app.get(IdempotencyStore);
      const db = t.service.app.get(DataSource);
      const slow = await clientId('idem-slow');
      const first = await store.claim(slow, 'slow-1', 'fp');
      expect(first.kind).toBe('claimed');
      // The first handler is still busy when its claim counts as abandoned.
      await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '2 minutes' WHERE api_client = $1`, [slow]);
      const second = await store.claim(slow, 'slow-1', 'fp');
      expect(second.kind).toBe('claimed');
      const tokenOf = (c: Claim) => (c.kind === 'claimed' ? c.token : '');
      expect(tokenOf(second)).not.toBe(tokenOf(first));
      // The slow first handler finishes (or fails) late: the retry's claim stands.
      expect(await store.complete(slow, 'slow-1', tokenOf(first), { status: 201, headers: {}, body: '"first"' })).toBe(false);
      await store.release(slow, 'slow-1', tokenOf(first));
      expect((await store.claim(slow, 'slow-1', 'fp')).kind).toBe('in-progress');
      expect(await store.complete(slow, 'slow-1', tokenOf(second), { status: 201, headers: {}, body: '"second"' })).toBe(true);
      expect(await store.claim(slow, 'slow-1', 'fp')).toEqual({ kind: 'replay', response: { status: 201, headers: {}, body: '"second"' } });
    });
  });

  describe('externalRef', () => {
    it('is unique per API client: a second request with it is a 409 naming the first', async () => {
      const api = await client('ext-a');
      const other = await client('ext-b');
      const externalRef = `TOP-${Date.now()}`;
      const first = await post(api, '/api/v1/requests', requestBody({ externalRef }));
      expect(first.status).toBe(201);
      const created = (await first.json()) as { id: string; reference: string };

      const dup = await post(api, '/api/v1/requests', requestBody({ externalRef: ` ${externalRef} ` }));
      expect(dup.status).toBe(409);
      expect(dup.headers.get('content-type')).toContain('application/problem+json');
      expect(await dup.json()).toMatchObject({ code: 'duplicate-external-ref', requestId: created.id, reference: created.reference });

      // Another helpdesk may have the same ticket number, and each finds its own request by it.
      const second = await post(other, '/api/v1/requests', requestBody({ externalRef }));
      expect(second.status).toBe(201);
      const secondId = ((await second.json()) as { id: string }).id;
      const ids = async (c: typeof api) =>
        ((await (await c(`/api/v1/requests?externalRef=${externalRef}`)).json()) as { items: { id: string }[] }).items.map((i) => i.id);
      expect(await ids(api)).toEqual([created.id]);
      expect(await ids(other)).toEqual([secondId]);
    });

    it('finds the request by externalRef', async () => {
      const api = await client('ext-lookup');
      const externalRef = `FD-${Date.now()}`;
      const created = (await (await post(api, '/api/v1/requests', requestBody({ externalRef }))).json()) as { id: string };
      const res = await api(`/api/v1/requests?externalRef=${externalRef}`);
      const list = (await res.json()) as { items: { id: string; externalRef: string }[] };
      expect(list.items).toEqual([expect.objectContaining({ id: created.id, externalRef })]);
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After once a client has used its minute, per client', async () => {
      const api = await client('rate-limited');
      // One burst, so that the bucket (refilled at RATE_LIMIT a minute) barely refills meanwhile.
      const responses = await Promise.all(Array.from({ length: RATE_LIMIT + 10 }, () => api('/api/v1/requests?limit=1')));
      const ok = responses.filter((r) => r.status === 200);
      const limited = responses.filter((r) => r.status === 429);
      expect(ok.length + limited.length).toBe(responses.length);
      expect(ok.length).toBeGreaterThanOrEqual(RATE_LIMIT);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited[0].headers.get('content-type')).toContain('application/problem+json');
      expect(await limited[0].json()).toMatchObject({ code: 'rate-limited', status: 429 });
      await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.arrayBuffer()));
      // Another client is not affected.
      const other = await client('rate-other');
      expect((await other('/api/v1/requests?limit=1')).status).toBe(200);
    });
  });

  interface Received {
    headers: IncomingHttpHeaders;
    body: string;
  }

  /** A receiver on a loopback port: answers 500 to the first `failFirst` deliveries, then 200. */
  async function receiver(failFirst: number): Promise<{ url: string; received: Received[]; server: Server }> {
    const received: Received[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = received.length <= failFirst ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
  }

  /** What a receiver does: verification with the Standard Webhooks reference library. */
  function verify(secret: string, r: Received): boolean {
    try {
      new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }

  async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The worker records a failed attempt (and its next time) just after the receiver answered: wait for that before moving the clock. */
  async function failureRecorded(hookId: string): Promise<void> {
    const db = t.service.app.get(DataSource);
    for (let i = 0; i < 200; i++) {
      const [row] = (await db.query(`SELECT response_code AS "code" FROM webhook_deliveries WHERE subscription_id = $1`, [hookId])) as { code: number | null }[];
      if (row?.code === 500) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out waiting for the failed attempt to be recorded');
  }

  describe('webhooks', () => {
    it('delivers a request event signed, retries after a 500, and logs the deliveries', async () => {
      const api = await client('hooks');
      const rx = await receiver(1);
      try {
        const created = await post(api, '/api/v1/webhooks', { url: rx.url, events: ['request.routed', 'request.closed'] });
        expect(created.status).toBe(201);
        const hook = (await created.json()) as { id: string; secret: string; active: boolean };
        expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
        expect(hook.active).toBe(true);
        // The secret is shown once.
        const listed = (await (await api('/api/v1/webhooks')).json()) as { items: Record<string, unknown>[] };
        expect(listed.items).toHaveLength(1);
        expect(listed.items[0]).not.toHaveProperty('secret');

        const request = (await (await post(api, '/api/v1/requests', requestBody({ requester: { name: 'Petra Pieters', email: 'petra@example.nl' } }))).json()) as {
          id: string;
          reference: string;
        };
        const classified = await post(api, `/api/v1/requests/${request.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' });
        expect(classified.status).toBe(200);

        // First attempt: the receiver fails.
        await waitFor('the first attempt', () => rx.received.length >= 1);
        expect(verify(hook.secret, rx.received[0])).toBe(true);
        await failureRecorded(hook.id);
        // The retry follows after the backoff (5 s on the service's clock).
        clock.advance(6000);
        await waitFor('the retry', () => rx.received.length >= 2);
        const [first, second] = rx.received;
        expect(verify(hook.secret, second)).toBe(true);
        // Another secret (the first character changed, whatever it was) does not verify.
        expect(verify(hook.secret.replace(/^whsec_(.)/, (_m, c: string) => `whsec_${c === 'A' ? 'B' : 'A'}`), second)).toBe(false);
        expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
        expect(second.headers['content-type']).toBe('application/json');

        const payload = JSON.parse(second.body) as Record<string, any>;
        expect(payload).toMatchObject({ id: first.headers['webhook-id'], type: 'request.routed', data: { requestId: request.id, reference: request.reference } });
        expect(typeof payload.data.state).toBe('string');
        expect(Number.isInteger(payload.sequence)).toBe(true);
        expect(second.body).not.toMatch(/Petra|petra@example/);
        // The payload as the document's webhooks section types it (request.routed: sequence, data with dueDate).
        expect((await contractOf(t.baseUrl)).verifyWebhook(second.body)).toEqual([]);

        let deliveries: Record<string, unknown>[] = [];
        for (let i = 0; i < 20; i++, await new Promise((r) => setTimeout(r, 200))) {
          deliveries = ((await (await api(`/api/v1/webhooks/${hook.id}/deliveries`)).json()) as { items: Record<string, unknown>[] }).items;
          if (deliveries[0]?.status === 'delivered') break;
        }
        expect(deliveries).toHaveLength(1);
        expect(deliveries[0]).toMatchObject({ eventType: 'request.routed', requestId: request.id, status: 'delivered', attempts: 2, responseCode: 200 });

        // After a rotation the new secret signs, and for a day the old one too (a test event shows
        // it); a replay reaches the same receiver with the same webhook-id; a deleted endpoint is gone.
        const rotated = (await (await post(api, `/api/v1/webhooks/${hook.id}/rotate-secret`, {})).json()) as { secret: string };
        expect(rotated.secret).toMatch(/^whsec_/);
        expect(rotated.secret).not.toBe(hook.secret);
        expect((await post(api, `/api/v1/webhooks/${hook.id}/test`, {})).status).toBe(202);
        const test = await waitFor('the test event', () => rx.received.find((r) => JSON.parse(r.body).type === 'webhook.test'));
        expect(verify(rotated.secret, test)).toBe(true);
        expect(verify(hook.secret, test)).toBe(true);
        // The test event has the guide's fields (null: no request) and names the endpoint.
        expect(JSON.parse(test.body).data).toEqual({ webhookId: hook.id, requestId: null, reference: null, state: null, respondBy: null });
        expect((await contractOf(t.baseUrl)).verifyWebhook(test.body)).toEqual([]);
        expect((await post(api, `/api/v1/webhooks/${hook.id}/deliveries/${String(deliveries[0].id)}/replay`, {})).status).toBe(202);
        await waitFor('the replay', () => rx.received.filter((r) => r.headers['webhook-id'] === first.headers['webhook-id']).length >= 3);
        // The day of overlap is over (moved in the database: the receiver checks timestamps against real time).
        await t.service.app.get(DataSource).query(`UPDATE webhook_subscriptions SET previous_secret_until = $2 WHERE id = $1`, [hook.id, new Date(clock.now().getTime() - 1000)]);
        expect((await post(api, `/api/v1/webhooks/${hook.id}/test`, {})).status).toBe(202);
        const later = await waitFor('the second test event', () => rx.received.filter((r) => JSON.parse(r.body).type === 'webhook.test')[1]);
        expect(verify(rotated.secret, later)).toBe(true);
        expect(verify(hook.secret, later)).toBe(false);
        expect((await api(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(204);
        expect((await api(`/api/v1/webhooks/${hook.id}`)).status).toBe(404);
      } finally {
        rx.server.close();
      }
    });

    it('forgets finished deliveries and their events after 30 days, never a pending one', async () => {
      const db = t.service.app.get(DataSource);
      const old = new Date(clock.now().getTime() - 31 * 86_400_000);
      const purge = await clientId('purge');
      const [{ id: sub }]: { id: string }[] = await db.query(
        `INSERT INTO webhook_subscriptions (api_client, url, events, secret_encrypted, created_at) VALUES ($2, 'https://example.com/h', '{*}', 'x', $1) RETURNING id`,
        [old, purge],
      );
      const events: { id: string }[] = await db.query(
        `INSERT INTO webhook_events (api_client, type, created_at, fanned_out_at) SELECT $2, 'webhook.test', $1, $1 FROM generate_series(1, 3) RETURNING id`,
        [old, purge],
      );
      await db.query(
        `INSERT INTO webhook_deliveries (subscription_id, event_id, sequence, status, created_at, next_attempt_at)
         VALUES ($1, $2, 1, 'delivered', $4, $4), ($1, $3, 2, 'pending', $4, $5)`,
        // The pending one is not due (the worker of this app must not try to deliver it).
        [sub, events[0].id, events[1].id, old, new Date(clock.now().getTime() + 365 * 86_400_000)],
      );
      const purged = await t.service.app.get(WebhookLogPurge).purge();
      expect(purged.deliveries).toBeGreaterThanOrEqual(1);
      const left: { id: string }[] = await db.query(`SELECT id FROM webhook_events WHERE api_client = $1`, [purge]);
      // The event with a pending delivery stays; the delivered one and the one without deliveries go.
      expect(left.map((e) => e.id)).toEqual([events[1].id]);
      const deliveries: { status: string }[] = await db.query(`SELECT status FROM webhook_deliveries WHERE subscription_id = $1`, [sub]);
      expect(deliveries).toEqual([{ status: 'pending' }]);
    });

    it('sends another client nothing of this client\'s requests', async () => {
      const owner = await client('hooks-owner');
      const stranger = await client('hooks-stranger');
      const rx = await receiver(0);
      try {
        expect((await post(stranger, '/api/v1/webhooks', { url: rx.url, events: ['*'] })).status).toBe(201);
        const request = (await (await post(owner, '/api/v1/requests', requestBody())).json()) as { id: string };
        expect((await post(owner, `/api/v1/requests/${request.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status).toBe(200);
        await t.service.app.get(WebhookWorker).runOnce();
        await new Promise((r) => setTimeout(r, 300));
        expect(rx.received).toHaveLength(0);
      } finally {
        rx.server.close();
      }
    });

    it('gives up after 24 hours of failures and disables the endpoint', async () => {
      const api = await client('hooks-failing');
      const rx = await receiver(Number.MAX_SAFE_INTEGER);
      const start = clock.now();
      try {
        const hook = (await (await post(api, '/api/v1/webhooks', { url: rx.url, events: ['*'] })).json()) as { id: string };
        expect((await post(api, `/api/v1/webhooks/${hook.id}/test`, {})).status).toBe(202);
        await waitFor('the first attempt', () => rx.received.length >= 1);
        await failureRecorded(hook.id);
        clock.advance(25 * 3600_000);
        await waitFor('the last attempt', () => rx.received.length >= 2);
        let endpoint: Record<string, unknown> = {};
        for (let i = 0; i < 20 && endpoint.active !== false; i++, await new Promise((r) => setTimeout(r, 200))) {
          endpoint = (await (await api(`/api/v1/webhooks/${hook.id}`)).json()) as Record<string, unknown>;
        }
        expect(endpoint).toMatchObject({ active: false, disabledReason: 'failing for 24 hours' });
        const log = (await (await api(`/api/v1/webhooks/${hook.id}/deliveries`)).json()) as { items: Record<string, unknown>[] };
        expect(log.items).toEqual([expect.objectContaining({ eventType: 'webhook.test', status: 'failed', attempts: 2, responseCode: 500, lastError: 'HTTP 500' })]);
        // Enabled again by the client once its receiver works.
        const enabled = await post(api, `/api/v1/webhooks/${hook.id}/enable`, {});
        expect(await enabled.json()).toMatchObject({ active: true, disabledAt: null, failingSince: null });
      } finally {
        clock.set(start);
        rx.server.close();
      }
    });

    const concurrent = needsRealPostgres('a delivery recorded while the endpoint is being deleted') ? it : it.skip;
    concurrent('records a success on a failing endpoint while its deletion holds the endpoint, without a deadlock', async () => {
      const api = await client('hooks-delete-race');
      const rx = await receiver(1);
      const db = t.service.app.get(DataSource);
      const start = clock.now();
      // Another session in the order of DELETE /webhooks/{id}: the endpoint, then its deliveries.
      const deletion = db.createQueryRunner();
      await deletion.connect();
      try {
        const hook = (await (await post(api, '/api/v1/webhooks', { url: rx.url, events: ['*'] })).json()) as { id: string };
        expect((await post(api, `/api/v1/webhooks/${hook.id}/test`, {})).status).toBe(202);
        await waitFor('the first attempt', () => rx.received.length >= 1);
        await failureRecorded(hook.id);
        await deletion.startTransaction();
        await deletion.query(`SELECT 1 FROM webhook_subscriptions WHERE id = $1 FOR NO KEY UPDATE`, [hook.id]);
        clock.advance(3600_000);
        await waitFor('the retry', () => rx.received.length >= 2);
        // The success clears failing_since: that waits for the endpoint the deletion holds.
        await untilWaitingForRow(db, 'failing_since = NULL');
        await deletion.query(`SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 FOR UPDATE`, [hook.id]);
        await deletion.commitTransaction();
        const recorded = async () => ((await db.query(`SELECT status FROM webhook_deliveries WHERE subscription_id = $1`, [hook.id])) as { status: string }[])[0]?.status;
        for (let i = 0; i < 100 && (await recorded()) !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 50));
        expect(await recorded()).toBe('delivered');
        expect(await (await api(`/api/v1/webhooks/${hook.id}`)).json()).toMatchObject({ active: true, failingSince: null });
      } finally {
        if (deletion.isTransactionActive) await deletion.rollbackTransaction().catch(() => undefined);
        await deletion.release();
        clock.set(start);
        rx.server.close();
      }
    });

    it("numbers each endpoint's events 1, 2, 3 … without gaps, whatever other clients and endpoints get", async () => {
      const api = await client('hooks-sequence');
      const other = await client('hooks-sequence-other');
      const routedOnly = await receiver(0);
      const everything = await receiver(0);
      const stranger = await receiver(0);
      try {
        expect((await post(api, '/api/v1/webhooks', { url: routedOnly.url, events: ['request.routed'] })).status).toBe(201);
        expect((await post(api, '/api/v1/webhooks', { url: everything.url, events: ['*'] })).status).toBe(201);
        expect((await post(other, '/api/v1/webhooks', { url: stranger.url, events: ['*'] })).status).toBe(201);
        for (let i = 0; i < 2; i++) {
          // Another client's events in between: the old global counter left gaps for them.
          const theirs = (await (await post(other, '/api/v1/requests', requestBody())).json()) as { id: string };
          expect((await post(other, `/api/v1/requests/${theirs.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status).toBe(200);
          const mine = (await (await post(api, '/api/v1/requests', requestBody())).json()) as { id: string };
          expect((await post(api, `/api/v1/requests/${mine.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status).toBe(200);
          expect((await post(api, `/api/v1/requests/${mine.id}/events`, { type: 'WITHDRAW' }, { 'if-match': '"2"' })).status).toBe(200);
        }
        await waitFor('the routed events', () => routedOnly.received.length >= 2);
        await waitFor('every event', () => everything.received.length >= 4);
        await new Promise((r) => setTimeout(r, 300));
        const sequences = (rx: { received: Received[] }) => rx.received.map((r) => (JSON.parse(r.body) as { sequence: number }).sequence).sort((a, b) => a - b);
        expect(sequences(routedOnly)).toEqual([1, 2]);
        const all = sequences(everything);
        expect(all).toEqual(all.map((_s, i) => i + 1));
        expect(everything.received.map((r) => JSON.parse(r.body).type)).toEqual(expect.arrayContaining(['request.routed', 'request.closed']));
        const theirs = sequences(stranger);
        expect(theirs).toEqual(theirs.map((_s, i) => i + 1));
      } finally {
        for (const rx of [routedOnly, everything, stranger]) rx.server.close();
      }
    });

    it('holds a later event of a request back while an earlier one to the same endpoint is retried', async () => {
      const api = await client('hooks-order');
      const rx = await receiver(1);
      const start = clock.now();
      try {
        const hook = (await (await post(api, '/api/v1/webhooks', { url: rx.url, events: ['request.routed', 'request.closed'] })).json()) as { id: string };
        const request = (await (await post(api, '/api/v1/requests', requestBody())).json()) as { id: string };
        expect((await post(api, `/api/v1/requests/${request.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status).toBe(200);
        await waitFor('the first attempt', () => rx.received.length >= 1);
        await failureRecorded(hook.id);
        // A second event of the same request while the first waits for its retry.
        expect((await post(api, `/api/v1/requests/${request.id}/events`, { type: 'WITHDRAW' }, { 'if-match': '"2"' })).status).toBe(200);
        await t.service.app.get(WebhookWorker).runOnce();
        await new Promise((r) => setTimeout(r, 500));
        expect(rx.received).toHaveLength(1);
        const log = (await (await api(`/api/v1/webhooks/${hook.id}/deliveries`)).json()) as { items: Record<string, unknown>[] };
        expect(log.items).toEqual([
          expect.objectContaining({ eventType: 'request.closed', sequence: 2, status: 'pending', attempts: 0 }),
          expect.objectContaining({ eventType: 'request.routed', sequence: 1, status: 'pending', attempts: 1 }),
        ]);
        // The retry is due: the first event, then the second.
        clock.advance(6000);
        await waitFor('both events', () => rx.received.length >= 3);
        expect(rx.received.map((r) => [JSON.parse(r.body).type, JSON.parse(r.body).sequence])).toEqual([
          ['request.routed', 1],
          ['request.routed', 1],
          ['request.closed', 2],
        ]);
      } finally {
        clock.set(start);
        rx.server.close();
      }
    });

    it('lets the later events go once an earlier one is given up, and does not hold back other requests', async () => {
      const api = await client('hooks-order-given-up');
      const db = t.service.app.get(DataSource);
      const rx = await receiver(1);
      try {
        const hook = (await (await post(api, '/api/v1/webhooks', { url: rx.url, events: ['request.routed', 'request.closed'] })).json()) as { id: string };
        const first = (await (await post(api, '/api/v1/requests', requestBody())).json()) as { id: string };
        expect((await post(api, `/api/v1/requests/${first.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status).toBe(200);
        await waitFor('the first attempt', () => rx.received.length >= 1);
        await failureRecorded(hook.id);
        // Another request's event is not held back by the retry of the first request's.
        const second = (await (await post(api, '/api/v1/requests', requestBody())).json()) as { id: string };
        expect((await post(api, `/api/v1/requests/${second.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status).toBe(200);
        await waitFor("the other request's event", () => rx.received.find((r) => JSON.parse(r.body).data.requestId === second.id));
        expect((await post(api, `/api/v1/requests/${first.id}/events`, { type: 'WITHDRAW' }, { 'if-match': '"2"' })).status).toBe(200);
        // The first request's first delivery is given up (as after WEBHOOK_MAX_ATTEMPTS): the later one goes.
        await db.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE subscription_id = $1 AND status = 'pending' AND sequence = 1`, [hook.id]);
        const closed = await waitFor('the closed event', () => rx.received.find((r) => JSON.parse(r.body).type === 'request.closed'));
        expect(JSON.parse(closed.body)).toMatchObject({ sequence: 3, data: { requestId: first.id } });
      } finally {
        rx.server.close();
      }
    });

    it('gives concurrent steps of one client distinct numbers without gaps, and a rolled-back step gives its number back', async () => {
      if (!needsRealPostgres('concurrent workflow transactions numbering webhook events')) return;
      const api = await client('hooks-concurrent');
      const db = t.service.app.get(DataSource);
      const rx = await receiver(0);
      const hook = (await (await post(api, '/api/v1/webhooks', { url: rx.url, events: ['request.routed'] })).json()) as { id: string };
      const requests = await Promise.all(
        Array.from({ length: 8 }, async () => ((await (await post(api, '/api/v1/requests', requestBody())).json()) as { id: string }).id),
      );
      // A step that records an event and then fails: its number is given back.
      const runner = db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`INSERT INTO webhook_events (api_client, request_id, type, data) SELECT api_client, id, 'request.routed', '{}' FROM requests WHERE id = $1`, [requests[0]]);
      await runner.rollbackTransaction();
      await runner.release();
      const statuses = await Promise.all(
        requests.map(async (id) => (await post(api, `/api/v1/requests/${id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status),
      );
      expect(statuses).toEqual(requests.map(() => 200));
      const rows: { sequence: string }[] = await db.query(`SELECT sequence FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY sequence`, [hook.id]);
      expect(rows.map((r) => Number(r.sequence))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await waitFor('the deliveries', () => rx.received.length >= 8);
      rx.server.close();
    });

    it.each([
      ['a private address', 'https://10.1.2.3/hook'],
      ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data'],
      ['plain http to a public host', 'http://203.0.113.10/hook'],
      ['credentials in the URL', 'https://user:pw@127.0.0.1/hook'],
    ])('refuses %s', async (_what, url) => {
      const api = await client(`ssrf-${Math.random()}`);
      const res = await post(api, '/api/v1/webhooks', { url, events: ['*'] });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { pointer: string }[] };
      expect(problem.errors.map((e) => e.pointer)).toEqual(['/url']);
    });
  });

  describe('OpenAPI', () => {
    let spec: Record<string, any>;

    beforeAll(async () => {
      const res = await fetch(`${t.baseUrl}/api/openapi.json`);
      expect(res.status).toBe(200);
      spec = (await res.json()) as Record<string, any>;
    });

    it('is served without credentials, as JSON and as docs', async () => {
      expect(spec.openapi).toBe('3.1.0');
      const docs = await fetch(`${t.baseUrl}/api/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger');
    });

    it('validates against the OpenAPI 3.1 schema', async () => {
      const result = await new Validator().validate(spec);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('describes every route under /api/v1 that the application serves, with examples and problems', () => {
      const express = t.service.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
      const routes = express.router.stack
        .filter((layer) => layer.route && layer.route.path.startsWith('/api/v1/'))
        .flatMap((layer) => Object.keys(layer.route!.methods).filter((m) => m !== '_all').map((m) => [m, layer.route!.path.replace(/:(\w+)/g, '{$1}')] as const));
      expect(routes.length).toBeGreaterThanOrEqual(10);
      expect(routes).toEqual(expect.arrayContaining([['post', '/api/v1/requests'], ['get', '/api/v1/requests/{id}'], ['post', '/api/v1/webhooks']]));
      const missing = routes.filter(([method, path]) => !spec.paths[path]?.[method]);
      expect(missing).toEqual([]);

      for (const [method, path] of routes) {
        const op = spec.paths[path][method];
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, typeof op.summary]).toEqual([where, 'string']);
        for (const param of path.match(/\{(\w+)\}/g) ?? []) {
          expect([where, op.parameters?.some((p: { in: string; name: string }) => p.in === 'path' && `{${p.name}}` === param)]).toEqual([where, true]);
        }
        const examples = [
          ...Object.values(op.requestBody?.content ?? {}),
          ...Object.values(op.responses ?? {}).flatMap((r: any) => Object.values(r.content ?? {})),
        ].filter((c: any) => c.example !== undefined || c.examples !== undefined);
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        expect([where, success.length > 0]).toEqual([where, true]);
        if (!success.includes('204')) expect([where, examples.length > 0]).toEqual([where, true]);
        const problems = Object.entries(op.responses).filter(([s]) => /^[45]/.test(s));
        expect([where, problems.length > 0]).toEqual([where, true]);
        for (const [, r] of problems as [string, any][]) expect([where, Object.keys(r.content)]).toEqual([where, ['application/problem+json']]);
        if (op.requestBody && !op.requestBody.content['application/json']) {
          // A file upload (the export): the body is the file itself.
          expect([where, op.requestBody.content['*/*']?.schema]).toEqual([where, { type: 'string', format: 'binary' }]);
        } else if (op.requestBody) {
          // Unknown fields are refused: every object variant of the body is closed.
          const schema = op.requestBody.content['application/json'].schema;
          const variants: any[] = schema.oneOf ?? schema.anyOf ?? [schema];
          expect([where, variants.map((v) => v.additionalProperties)]).toEqual([where, variants.map(() => false)]);
        }
      }
    });

    it('takes request bodies from the validating schemas', () => {
      const schema = spec.paths['/api/v1/requests'].post.requestBody.content['application/json'].schema;
      expect(schema.required).toEqual(expect.arrayContaining(['channel', 'requester', 'rights', 'message']));
      expect(schema.properties.requester.properties.email).toMatchObject({ format: 'email', maxLength: 254 });
      expect(schema.properties.message.maxLength).toBe(20_000);
      expect(spec.components.schemas.Problem.properties.code.enum).toEqual(expect.arrayContaining(['duplicate-external-ref', 'idempotency-key-reused', 'rate-limited']));
    });
  });

  describe('junk input', () => {
    it('lists every bad field of an intake with a JSON pointer', async () => {
      const api = await client('junk-intake');
      const res = await post(api, '/api/v1/requests', {
        channel: 'fax',
        receivedAt: 'yesterday',
        externalRef: 'x'.repeat(201),
        requester: { name: 'Jan', email: 'not-an-address', nickname: 'J' },
        rights: ['access', 'be-forgotten'],
        message: 'x'.repeat(20_001),
        priority: 'high',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { code: string; errors: { pointer: string }[] };
      expect(problem.code).toBe('validation-failed');
      expect(problem.errors.map((e) => e.pointer).sort()).toEqual(
        ['/channel', '/externalRef', '/message', '/priority', '/receivedAt', '/requester/email', '/requester/nickname', '/rights/1'].sort(),
      );
    });

    it.each([
      ['an unknown query parameter', '/api/v1/requests?sort=name', '/query/sort'],
      ['a limit that is not a number', '/api/v1/requests?limit=many', '/query/limit'],
      ['a limit with a sign', '/api/v1/requests?limit=%2B5', '/query/limit'],
      ['a limit with a space (a + in a query)', '/api/v1/requests?limit=+5', '/query/limit'],
      ['a limit with a decimal point', '/api/v1/controllers?limit=5.0', '/query/limit'],
      ['a limit in exponent notation', '/api/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries?limit=1e1', '/query/limit'],
      ['a date that does not exist', '/api/v1/requests?dueBefore=2026-02-30', '/query/dueBefore'],
      ['an overlong externalRef', `/api/v1/requests?externalRef=${'x'.repeat(201)}`, '/query/externalRef'],
      ['a webhook delivery status', '/api/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries?status=lost', '/query/status'],
    ])('refuses %s in a query', async (_what, path, pointer) => {
      const api = await client(`junk-query-${Math.random()}`);
      const res = await api(path);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual([pointer]);
    });

    it.each(['application/merge-patch+json', 'application/json-patch+json', 'text/plain'])('refuses a %s body with 415', async (type) => {
      const api = await client(`media-${Math.random()}`);
      const res = await api('/api/v1/controllers', { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify({ name: 'X BV', country: 'NL', privacyContact: { email: 'p@x.example' } }) });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'unsupported-media-type' });
    });

    it('pages the delivery log with a cursor, without gaps or repeats', async () => {
      const api = await client(`deliveries-cursor-${Math.random()}`);
      const hook = (await (await post(api, '/api/v1/webhooks', { url: 'http://127.0.0.1:9/pages', events: ['request.closed'] })).json()) as { id: string };
      const sent: string[] = [];
      for (let i = 0; i < 3; i++) sent.push(((await (await post(api, `/api/v1/webhooks/${hook.id}/test`, {})).json()) as { id: string }).id);
      const first = (await (await api(`/api/v1/webhooks/${hook.id}/deliveries?limit=2`)).json()) as { items: { id: string }[]; nextCursor: string | null };
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await (await api(`/api/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${first.nextCursor}`)).json()) as { items: { id: string }[]; nextCursor: string | null };
      expect(second).toMatchObject({ nextCursor: null });
      // (The test clock stands still: the three share a time, so only the set is certain.)
      expect([...first.items, ...second.items].map((d) => d.id).sort()).toEqual([...sent].sort());
      const junk = await api(`/api/v1/webhooks/${hook.id}/deliveries?cursor=bm9wZQ`);
      expect(((await junk.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/query/cursor']);
    });

    it('registers a URL for an event set once (409 naming the first), and keeps "*" apart from named types', async () => {
      const api = await client(`webhook-once-${Math.random()}`);
      const url = 'http://127.0.0.1:9/once';
      const first = await post(api, '/api/v1/webhooks', { url, events: ['request.routed', 'request.closed'] });
      expect(first.status).toBe(201);
      const { id } = (await first.json()) as { id: string };
      // The same set in another order is the same registration.
      const again = await post(api, '/api/v1/webhooks', { url, events: ['request.closed', 'request.routed'] });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'duplicate-webhook', webhookId: id });
      // Another set for the same URL is another registration.
      expect((await post(api, '/api/v1/webhooks', { url, events: ['request.closed'] })).status).toBe(201);
      const mixed = await post(api, '/api/v1/webhooks', { url: 'http://127.0.0.1:9/mixed', events: ['*', 'request.closed'] });
      expect(mixed.status).toBe(400);
      expect(((await mixed.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/events']);
    });

    it('refuses junk events and webhook registrations field by field', async () => {
      const api = await client('junk-events');
      const request = (await (await post(api, '/api/v1/requests', requestBody())).json()) as { id: string };
      const event = await post(api, `/api/v1/requests/${request.id}/events`, { type: 'EXTEND', reason: 'x'.repeat(2001), urgent: true }, { 'if-match': '"1"' });
      expect(event.status).toBe(400);
      expect(((await event.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual(['/reason', '/urgent']);

      const hook = await post(api, '/api/v1/webhooks', { url: 'not a url', events: ['request.exploded'], secret: 'mine' });
      expect(hook.status).toBe(400);
      expect(((await hook.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual(['/events/0', '/secret', '/url']);

      const malformed = await api('/api/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"channel":' });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: 'malformed-json' });
    });
  });
});
