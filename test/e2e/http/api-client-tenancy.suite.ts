/**
 * API clients are tenants (issue #19): a key sees and changes only the requests its client filed,
 * unless it holds `requests:all`; its webhooks deliver only its own requests' events (all of them
 * with `requests:all`); a client's name is unique, so a second key cannot take over another
 * client's webhooks by naming itself the same.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeysService } from '../../../src/api/api-keys.service.js';
import type { ApiScope } from '../../../src/common/auth.decorators.js';
import { WebhookWorker } from '../../../src/webhooks/webhook.worker.js';
import { requestBody } from '../../factories/requests.js';
import { newApiClient, startTestApp, type TestApp } from '../../support/app.js';
import { UiClient } from '../../support/ui-client.js';

describe('api-client-tenancy', () => {
  type Json = Record<string, any>;
  type Api = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

  const OWN: ApiScope[] = ['requests:read', 'requests:write', 'webhooks:manage'];
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '100' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  function client(name: string, scopes: ApiScope[] = OWN): Promise<Api> {
    return newApiClient(t, name, scopes);
  }

  const post = (api: Api, path: string, json: unknown, headers: Record<string, string> = {}) => api(path, { method: 'POST', json, headers });

  async function file(api: Api, body: Json = requestBody()): Promise<Json> {
    const res = await post(api, '/api/v1/requests', body);
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  }

  async function listIds(api: Api, query = ''): Promise<string[]> {
    const res = await api(`/api/v1/requests?limit=100${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Json[] }).items.map((r) => r.id as string);
  }

  async function receiver(): Promise<{ url: string; types: () => Json[]; server: Server }> {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, types: () => received.map((b) => JSON.parse(b) as Json), server };
  }

  describe('requests of another API client', () => {
    let a: Api;
    let b: Api;
    let mine: Json;
    let theirs: Json;

    beforeAll(async () => {
      a = await client('tenant-a');
      b = await client('tenant-b');
      mine = await file(a, requestBody({ externalRef: 'SHARED-1' }));
      theirs = await file(b, requestBody({ externalRef: 'SHARED-1' }));
    });

    it('are not found (404, not 403): the request, its events, timeline, dossier, verification and legal hold', async () => {
      const paths = ['', '/timeline', '/dossier', '/verification', '/legal-hold'];
      for (const p of paths) {
        const res = await b(`/api/v1/requests/${mine.id}${p}`);
        expect([p, res.status]).toEqual([p, 404]);
        expect([p, (await a(`/api/v1/requests/${mine.id}${p}`)).status]).toEqual([p, 200]);
      }
      const event = await post(b, `/api/v1/requests/${mine.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' });
      expect(event.status).toBe(404);
      const hold = await post(b, `/api/v1/requests/${mine.id}/legal-hold`, { reason: 'Een procedure loopt bij de rechtbank.' });
      expect(hold.status).toBe(404);
      const task = await post(b, `/api/v1/requests/${mine.id}/tasks/00000000-0000-4000-8000-000000000000/concern`, { reason: 'Niet onze klant, denken wij.' });
      expect(task.status).toBe(404);
      // Nothing changed: the request is as its own client left it.
      const own = (await (await a(`/api/v1/requests/${mine.id}`)).json()) as Json;
      expect(own.version).toBe(1);
      expect(((await (await a(`/api/v1/requests/${mine.id}/legal-hold`)).json()) as Json).legalHold).toBeNull();
    });

    it('are not in lists, also not by reference or by the same externalRef', async () => {
      expect(await listIds(b)).toEqual([theirs.id]);
      expect(await listIds(a)).toEqual([mine.id]);
      expect(await listIds(b, `&reference=${mine.reference}`)).toEqual([]);
      expect(await listIds(b, '&externalRef=SHARED-1')).toEqual([theirs.id]);
    });

    it('are all visible to a key with requests:all (and to the bootstrap key)', async () => {
      const all = await client('tenant-all', ['requests:read', 'requests:all']);
      expect((await all(`/api/v1/requests/${mine.id}`)).status).toBe(200);
      expect((await all(`/api/v1/requests/${theirs.id}/timeline`)).status).toBe(200);
      expect(await listIds(all)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(await listIds(t.api)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    });
  });

  describe('webhooks of API clients', () => {
    it("deliver a client none of another client's events; with requests:all, every client's", async () => {
      const owner = await client('hooks-a');
      const stranger = await client('hooks-b');
      const overseer = await client('hooks-all', ['requests:read', 'webhooks:manage', 'requests:all']);
      const rxStranger = await receiver();
      const rxAll = await receiver();
      try {
        expect((await post(stranger, '/api/v1/webhooks', { url: rxStranger.url, events: ['*'] })).status).toBe(201);
        expect((await post(overseer, '/api/v1/webhooks', { url: rxAll.url, events: ['*'] })).status).toBe(201);
        const request = await file(owner);
        expect((await post(owner, `/api/v1/requests/${request.id}/events`, { type: 'CLASSIFY', scope: 'in-house' }, { 'if-match': '"1"' })).status).toBe(200);
        for (let i = 0; i < 100 && !rxAll.types().length; i++) {
          await t.service.app.get(WebhookWorker).runOnce();
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(rxAll.types().map((e) => e.data?.requestId)).toContain(request.id);
        expect(rxStranger.types()).toEqual([]);
      } finally {
        rxStranger.server.close();
        rxAll.server.close();
      }
    });

    it("cannot be listed or rotated by another client", async () => {
      const owner = await client('rotate-a');
      const other = await client('rotate-b');
      const hook = (await (await post(owner, '/api/v1/webhooks', { url: 'https://example.com/hooks', events: ['*'] })).json()) as Json;
      expect(((await (await other('/api/v1/webhooks')).json()) as Json).items).toEqual([]);
      expect((await other(`/api/v1/webhooks/${hook.id}`)).status).toBe(404);
      expect((await post(other, `/api/v1/webhooks/${hook.id}/rotate-secret`, {})).status).toBe(404);
      expect(((await (await owner('/api/v1/webhooks')).json()) as Json).items.map((h: Json) => h.id)).toEqual([hook.id]);
    });
  });

  describe('client names', () => {
    it('a second client cannot be created with an existing name (any case); the first keeps its webhooks', async () => {
      const first = await client('unique-name');
      const hook = (await (await post(first, '/api/v1/webhooks', { url: 'https://example.com/hooks', events: ['*'] })).json()) as Json;
      const keys = t.service.app.get(ApiKeysService);
      await expect(keys.create('unique-name', OWN)).rejects.toThrow(/already exists/);
      await expect(keys.create('Unique-Name', OWN)).rejects.toThrow(/already exists/);
      await expect(keys.create('bootstrap', OWN)).rejects.toThrow(/already exists/);
      expect(((await (await first('/api/v1/webhooks')).json()) as Json).items.map((h: Json) => h.id)).toEqual([hook.id]);
    });

    it('the admin page refuses an existing name with a Dutch message and offers requests:all', async () => {
      const ui = new UiClient(t.baseUrl);
      await ui.login(t.credentials.agent.username, t.credentials.agent.password);
      const page = await (await ui.get('/ui/admin/api-keys')).text();
      expect(page).toContain('requests:all');
      const res = await ui.post('/ui/admin/api-keys', { _csrf: UiClient.csrfOf(page), clientName: 'bootstrap', scopes: 'requests:read' });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain('Er bestaat al een koppeling met de naam bootstrap');
    });
  });
});
