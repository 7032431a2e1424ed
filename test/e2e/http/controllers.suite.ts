/** The controller registry, the identifier directory and routing over HTTP. */
import { PassThrough } from 'node:stream';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../src/api/api-keys.service.js';
import { importIdentifiers } from '../../../src/data-controllers/identifier-import.js';
import { identifierDigest } from '../../../src/data-controllers/identifiers.js';
import { REQUEST_ROUTER, type RequestRouter } from '../../../src/requests/request-router.js';
import { startTestApp, TEST_IDENTIFIER_KEY, type TestApp } from '../../support/app.js';
import { needsRealPostgres, waitsForRow } from '../../support/db.js';
import { waitUntil } from '../../support/replies-smtp.js';
import { requestBody } from '../../factories/requests.js';

describe('controllers', () => {
  let t: TestApp;
  let db: DataSource;
  let router: RequestRouter;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.service.app.get(DataSource);
    router = t.service.app.get(REQUEST_ROUTER);
  });
  afterAll(async () => {
    await t?.close();
  });

  type Json = Record<string, any>;

  function controllerBody(overrides: Json = {}): Json {
    seq++;
    return {
      name: `Bakkerij de Korst ${seq} B.V.`,
      country: 'NL',
      privacyContact: { name: 'Petra Privacy', email: `privacy${seq}@korst.example`, phone: '020-1234567' },
      tone: 'u',
      agreement: { title: 'Verwerkersovereenkomst', version: '2.1', date: '2025-01-15' },
      ...overrides,
    };
  }

  async function createController(overrides: Json = {}): Promise<Json> {
    const res = await t.api('/api/v1/controllers', { method: 'POST', json: controllerBody(overrides) });
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  }

  async function addIdentifiers(id: string, identifiers: { type: string; value: string }[], method = 'POST'): Promise<Json> {
    const res = await t.api(`/api/v1/controllers/${id}/identifiers`, { method, json: { identifiers } });
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  }

  async function fileRequest(requester: Json): Promise<Json> {
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Jan Jansen', ...requester } }) });
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  }

  async function selfController(): Promise<Json> {
    const res = await t.api('/api/v1/controllers?limit=200');
    const body = (await res.json()) as { items: Json[] };
    return body.items.find((c) => c.isSelf)!;
  }

  describe('registry', () => {
    it('creates a controller with defaults and shows counts, never values', async () => {
      const res = await t.api('/api/v1/controllers', { method: 'POST', json: controllerBody({ name: '  Fietsenmaker Spaak  ' }) });
      expect(res.status).toBe(201);
      const c = (await res.json()) as Json;
      expect(res.headers.get('location')).toBe(`/api/v1/controllers/${c.id}`);
      expect(c).toMatchObject({
        name: 'Fietsenmaker Spaak',
        country: 'NL',
        privacyContact: { name: 'Petra Privacy', phone: '+31201234567' },
        tone: 'u',
        forwardingSlaWorkingDays: 1,
        mayInformRequester: true,
        agreement: { title: 'Verwerkersovereenkomst', version: '2.1', date: '2025-01-15' },
        responsePromiseDays: null,
        active: true,
        isSelf: false,
        identifierCounts: { email: 0, phone: 0, iban: 0, 'customer-ref': 0, kvk: 0, vat: 0 },
        identifierTotal: 0,
      });
      const got = await t.api(`/api/v1/controllers/${c.id}`);
      expect(await got.json()).toEqual(c);
    });

    it('has the processor itself as the one isSelf controller, from the configuration', async () => {
      const self = await selfController();
      expect(self).toMatchObject({ name: 'Voorbeeld Software B.V.', country: 'NL', isSelf: true, active: true });
      expect(self.privacyContact.email).toBe('privacy@voorbeeld-software.example');
      const count: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM data_controllers WHERE is_self`);
      expect(count[0].n).toBe(1);
    });

    it.each([
      ['no name', { name: undefined }, '/name'],
      ['an unknown country', { country: 'DE' }, '/country'],
      ['a bad contact e-mail', { privacyContact: { email: 'privacy@' } }, '/privacyContact/email'],
      ['an unknown tone', { tone: 'jij' }, '/tone'],
      ['an unknown field', { colour: 'blue' }, '/colour'],
      ['a negative SLA', { forwardingSlaWorkingDays: -1 }, '/forwardingSlaWorkingDays'],
      ['an invalid contact phone', { privacyContact: { email: 'a@b.nl', phone: '0123' } }, '/privacyContact/phone'],
    ])('refuses %s with 400 and a pointer', async (_label, overrides, pointer) => {
      const res = await t.api('/api/v1/controllers', { method: 'POST', json: controllerBody(overrides) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { pointer: string }[] };
      expect(body.errors.map((e) => e.pointer)).toContain(pointer);
    });

    it('searches by part of the name, case-insensitively, with pagination', async () => {
      const tag = `Zoek${Date.now()}`;
      for (const n of ['Alfa', 'Bravo', 'Charlie']) await createController({ name: `${n} ${tag}` });
      const first = (await (await t.api(`/api/v1/controllers?q=${tag.toLowerCase()}&limit=2`)).json()) as Json;
      expect(first.items.map((c: Json) => c.name)).toEqual([`Alfa ${tag}`, `Bravo ${tag}`]);
      const second = (await (await t.api(`/api/v1/controllers?q=${tag}&limit=2&cursor=${first.nextCursor}`)).json()) as Json;
      expect(second.items.map((c: Json) => c.name)).toEqual([`Charlie ${tag}`]);
      expect(second.nextCursor).toBeNull();
      expect((await t.api('/api/v1/controllers?limit=0')).status).toBe(400);
    });

    it('changes a controller with PATCH and refuses to deactivate the processor itself', async () => {
      const c = await createController();
      const res = await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', json: { tone: 'je', responsePromiseDays: 30, agreement: null } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ tone: 'je', responsePromiseDays: 30, agreement: null, name: c.name });
      expect((await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', json: {} })).status).toBe(400);
      const self = await selfController();
      const refused = await t.api(`/api/v1/controllers/${self.id}`, { method: 'PATCH', json: { active: false } });
      expect(refused.status).toBe(422);
    });

    it('versions a controller: ETag on POST, GET and PATCH; a stale If-Match is a 409 and changes nothing; If-Match: * proceeds', async () => {
      const created = await t.api('/api/v1/controllers', { method: 'POST', json: controllerBody() });
      expect(created.status).toBe(201);
      const c = (await created.json()) as Json;
      expect(c.version).toBe(1);
      expect(created.headers.get('etag')).toBe('"1"');
      const got = await t.api(`/api/v1/controllers/${c.id}`);
      expect(got.headers.get('etag')).toBe('"1"');
      const patched = await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', headers: { 'if-match': '"1"' }, json: { tone: 'je' } });
      expect(patched.status).toBe(200);
      expect(patched.headers.get('etag')).toBe('"2"');
      expect(await patched.json()).toMatchObject({ version: 2, tone: 'je' });
      // Someone who read version 1 would overwrite that change: refused, like a stale request event.
      const stale = await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', headers: { 'if-match': '"1"' }, json: { tone: 'u' } });
      expect(stale.status).toBe(409);
      expect(await stale.json()).toMatchObject({ code: 'version-conflict', status: 409 });
      expect(await (await t.api(`/api/v1/controllers/${c.id}`)).json()).toMatchObject({ version: 2, tone: 'je' });
      // RFC 9110: * matches any current representation.
      const any = await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', headers: { 'if-match': '*' }, json: { tone: 'u' } });
      expect(any.status).toBe(200);
      expect(any.headers.get('etag')).toBe('"3"');
      // A weak ETag of this API is read as its version; junk is a 400.
      expect((await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', headers: { 'if-match': 'W/"3"' }, json: { tone: 'je' } })).status).toBe(200);
      const junk = await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', headers: { 'if-match': 'yesterday' }, json: { tone: 'u' } });
      expect(junk.status).toBe(400);
      expect(await junk.json()).toMatchObject({ code: 'bad-if-match' });
      // If-Match: * on a controller that does not exist: nothing to match (404).
      expect((await t.api('/api/v1/controllers/00000000-0000-4000-8000-000000000000', { method: 'PATCH', headers: { 'if-match': '*' }, json: { tone: 'u' } })).status).toBe(404);
    });

    it('lets exactly one of concurrent PATCHes with the same If-Match win', async () => {
      const c = await createController();
      const responses = await Promise.all(
        ['je', 'u', 'je', 'u', 'je'].map((tone, i) =>
          t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', headers: { 'if-match': '"1"' }, json: { tone, responsePromiseDays: i + 10 } }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409]);
      const winner = (await responses.find((r) => r.status === 200)!.json()) as Json;
      expect(await (await t.api(`/api/v1/controllers/${c.id}`)).json()).toMatchObject({ version: 2, responsePromiseDays: winner.responsePromiseDays });
      await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.arrayBuffer()));
    });

    it('answers 404 for an unknown controller', async () => {
      expect((await t.api('/api/v1/controllers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.api('/api/v1/controllers/nope')).status).toBe(404);
      const res = await t.api('/api/v1/controllers/00000000-0000-4000-8000-000000000000/identifiers', {
        method: 'POST',
        json: { identifiers: [] },
      });
      expect(res.status).toBe(404);
    });

    it('needs controllers:read and controllers:write', async () => {
      const { key } = await t.service.app.get(ApiKeysService).create('readonly', ['controllers:read']);
      const headers = { authorization: `Bearer ${key}` };
      expect((await t.api('/api/v1/controllers', { headers })).status).toBe(200);
      expect((await t.api('/api/v1/controllers', { method: 'POST', headers, json: controllerBody() })).status).toBe(403);
      expect((await fetch(t.baseUrl + '/api/v1/controllers')).status).toBe(401);
    });
  });

  describe('identifier directory', () => {
    it('adds identifiers, reports duplicates and invalid entries with index and reason, counts per type', async () => {
      const c = await createController();
      const result = await addIdentifiers(c.id, [
        { type: 'email', value: 'Klant.Een@Example.NL' },
        { type: 'email', value: ' klant.een@example.nl ' },
        { type: 'phone', value: '06-11112222' },
        { type: 'iban', value: 'NL91 ABNA 0417 1643 01' },
        { type: 'kvk', value: '1234' },
        { type: 'vat', value: 'NL123456789B01' },
      ]);
      expect(result).toEqual({
        added: 3,
        alreadyPresent: 1,
        invalid: [
          { index: 3, reason: 'IBAN checksum is wrong' },
          { index: 4, reason: 'a KvK number has 8 digits' },
        ],
      });
      const again = await addIdentifiers(c.id, [{ type: 'phone', value: '+31 6 1111 2222' }]);
      expect(again).toEqual({ added: 0, alreadyPresent: 1, invalid: [] });
      const resource = (await (await t.api(`/api/v1/controllers/${c.id}`)).json()) as Json;
      expect(resource.identifierCounts).toEqual({ email: 1, phone: 1, iban: 0, 'customer-ref': 0, kvk: 0, vat: 1 });
      expect(resource.identifierTotal).toBe(3);
      expect(JSON.stringify(resource)).not.toContain('klant.een');
    });

    it('refuses an unknown identifier type with 400 and a pointer', async () => {
      const c = await createController();
      const res = await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'fax', value: '1' }] } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json).errors[0].pointer).toBe('/identifiers/0/type');
    });

    it('replaces the whole set with PUT', async () => {
      const c = await createController();
      await addIdentifiers(c.id, [
        { type: 'email', value: 'oud1@example.nl' },
        { type: 'email', value: 'blijft@example.nl' },
      ]);
      const res = await t.api(`/api/v1/controllers/${c.id}/identifiers`, {
        method: 'PUT',
        json: {
          identifiers: [
            { type: 'email', value: 'Blijft@example.nl' },
            { type: 'customer-ref', value: 'KL-9' },
            { type: 'customer-ref', value: 'kl-9' },
            { type: 'phone', value: 'geen nummer' },
          ],
        },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        total: 2,
        added: 1,
        removed: 1,
        unchanged: 1,
        duplicates: 1,
        invalid: [{ index: 3, reason: expect.stringContaining('phone') }],
      });
      expect(await router.route({ email: 'oud1@example.nl', phone: null, customerRef: null })).toEqual([]);
      expect(await router.route({ email: 'blijft@example.nl', phone: null, customerRef: 'KL-9' })).toEqual([
        { controllerId: c.id, matchedBy: ['email', 'customer-ref'] },
      ]);
      const resource = (await (await t.api(`/api/v1/controllers/${c.id}`)).json()) as Json;
      expect(resource.identifierTotal).toBe(2);
    });

    it('PUT is atomic: a failure halfway leaves the old set', async () => {
      const c = await createController();
      const old = Array.from({ length: 50 }, (_, i) => ({ type: 'email', value: `oud.${i}@atomair.example` }));
      await addIdentifiers(c.id, old);
      const fresh = Array.from({ length: 50 }, (_, i) => ({ type: 'email', value: `nieuw.${i}@atomair.example` }));
      // The database refuses the 26th new identifier: the old ones have been deleted and 25 inserted by then.
      const poison = identifierDigest(TEST_IDENTIFIER_KEY, 'nieuw.25@atomair.example').toString('hex');
      await db.query(`
        CREATE FUNCTION test_fail_on_digest() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.digest = decode('${poison}', 'hex') THEN RAISE EXCEPTION 'injected failure'; END IF;
          RETURN NEW;
        END $$`);
      await db.query(`CREATE TRIGGER test_fail BEFORE INSERT ON controller_identifiers FOR EACH ROW EXECUTE FUNCTION test_fail_on_digest()`);
      try {
        const res = await t.api(`/api/v1/controllers/${c.id}/identifiers`, { method: 'PUT', json: { identifiers: [...old.slice(0, 10), ...fresh] } });
        expect(res.status).toBe(500);
        expect(JSON.stringify(await res.json())).not.toContain('injected');
      } finally {
        await db.query(`DROP TRIGGER test_fail ON controller_identifiers`);
        await db.query(`DROP FUNCTION test_fail_on_digest()`);
      }
      const rows: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM controller_identifiers WHERE controller_id = $1`, [c.id]);
      expect(rows[0].n).toBe(50);
      expect(await router.route({ email: 'oud.40@atomair.example', phone: null, customerRef: null })).toEqual([{ controllerId: c.id, matchedBy: ['email'] }]);
      expect(await router.route({ email: 'nieuw.1@atomair.example', phone: null, customerRef: null })).toEqual([]);
      const resource = (await (await t.api(`/api/v1/controllers/${c.id}`)).json()) as Json;
      expect(resource.identifierCounts.email).toBe(50);
    });
  });

  describe('routing on intake', () => {
    it('routes a request whose requester is in one directory to that controller, showing how it matched', async () => {
      const c = await createController();
      await addIdentifiers(c.id, [
        { type: 'email', value: 'marieke@voorbeeld.example' },
        { type: 'phone', value: '06-22223333' },
      ]);
      const r = await fileRequest({ email: 'Marieke@Voorbeeld.example', phone: '+31 6 2222 3333' });
      expect(r.state).toBe('forwarded.awaitingControllers');
      expect(r.flags.unmatched).toBe(false);
      expect(r.controllers).toEqual([{ controllerId: c.id, name: c.name, matchedBy: ['email', 'phone'], isSelf: false }]);
      const again = (await (await t.api(`/api/v1/requests/${r.id}`)).json()) as Json;
      expect(again.controllers).toEqual(r.controllers);
      expect(again.forwardings).toEqual(expect.any(Array));
      const timeline = (await (await t.api(`/api/v1/requests/${r.id}/timeline`)).json()) as { items: Json[] };
      expect(JSON.stringify(timeline)).not.toContain('22223333');
    });

    const concurrent = needsRealPostgres('routing while an identifier import holds the controller') ? it : it.skip;
    concurrent('routes a request to a controller while a long identifier import for it is still running', async () => {
      const c = await createController();
      await addIdentifiers(c.id, [{ type: 'email', value: 'lopende.import@voorbeeld.example' }]);
      // The CLI import, on a session of its own, waiting for the rest of its file.
      const input = new PassThrough();
      const runner = db.createQueryRunner();
      const client = (await runner.connect()) as pg.PoolClient;
      const imported = importIdentifiers(client, { controllerId: c.id, identifierKey: TEST_IDENTIFIER_KEY, country: 'NL', input, staging: 'copy' });
      try {
        input.write('type,value\nemail,nog.een@voorbeeld.example\n');
        const importing = async () =>
          (await db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE '%identifier_import%'`)).length > 0;
        await waitUntil(importing, 10_000);

        // The forwarding's reference to the controller must not wait for the import to finish:
        // the request is routed before any session waits on a lock.
        let settled = false;
        const filed = fileRequest({ email: 'lopende.import@voorbeeld.example' }).finally(() => (settled = true));
        let blocked = false;
        for (const until = Date.now() + 10_000; !settled && !blocked && Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
          blocked = await waitsForRow(db);
        }
        expect(blocked).toBe(false);
        expect(await filed).toMatchObject({ state: 'forwarded.awaitingControllers', controllers: [{ controllerId: c.id }] });
      } finally {
        input.end();
        await imported.catch(() => undefined);
        await runner.release();
      }
      expect(await imported).toMatchObject({ added: 1 });
    });

    it('routes to several controllers when several know the person', async () => {
      const a = await createController();
      const b = await createController();
      await addIdentifiers(a.id, [{ type: 'email', value: 'gedeeld@voorbeeld.example' }]);
      await addIdentifiers(b.id, [{ type: 'customer-ref', value: 'K-77' }]);
      const r = await fileRequest({ email: 'gedeeld@voorbeeld.example', customerRef: 'k-77' });
      expect(r.state).toBe('forwarded.awaitingControllers');
      expect(r.controllers).toHaveLength(2);
      expect(r.controllers).toEqual(
        expect.arrayContaining([
          { controllerId: a.id, name: a.name, matchedBy: ['email'], isSelf: false },
          { controllerId: b.id, name: b.name, matchedBy: ['customer-ref'], isSelf: false },
        ]),
      );
    });

    it('handles a request of the processor\'s own customer in-house', async () => {
      const self = await selfController();
      await addIdentifiers(self.id, [{ type: 'email', value: 'eigen.klant@voorbeeld.example' }]);
      const r = await fileRequest({ email: 'eigen.klant@voorbeeld.example' });
      expect(r.state).toMatch(/^inHouse\./);
      expect(r.controllers).toEqual([{ controllerId: self.id, name: self.name, matchedBy: ['email'], isSelf: true }]);
    });

    it('leaves an unknown person in triage, flagged for an agent; an inactive controller does not match', async () => {
      const c = await createController();
      await addIdentifiers(c.id, [{ type: 'email', value: 'vertrokken@voorbeeld.example' }]);
      await t.api(`/api/v1/controllers/${c.id}`, { method: 'PATCH', json: { active: false } });
      const r = await fileRequest({ email: 'vertrokken@voorbeeld.example' });
      expect(r.state).toBe('triage.open');
      expect(r.flags.unmatched).toBe(true);
      expect(r.controllers).toEqual([]);
      const none = await fileRequest({ email: 'onbekend@nergens.example' });
      expect(none.state).toBe('triage.open');
      expect(none.flags.unmatched).toBe(true);
    });

    it('lets an agent assign an active controller and refuses unknown or inactive ones with 422 naming them', async () => {
      const active = await createController();
      const inactive = await createController();
      await t.api(`/api/v1/controllers/${inactive.id}`, { method: 'PATCH', json: { active: false } });
      const r = await fileRequest({ email: 'niemand@nergens.example' });
      const unknown = '00000000-0000-4000-8000-000000000000';
      const refused = await t.api(`/api/v1/requests/${r.id}/events`, {
        method: 'POST',
        headers: { 'if-match': `"${r.version}"` },
        json: { type: 'ASSIGN_CONTROLLER', controllerIds: [active.id, unknown, inactive.id] },
      });
      expect(refused.status).toBe(422);
      const problem = (await refused.json()) as Json;
      expect(problem.code).toBe('unknown-controller');
      expect(problem.controllerIds).toEqual([unknown, inactive.id]);
      const res = await t.api(`/api/v1/requests/${r.id}/events`, {
        method: 'POST',
        headers: { 'if-match': `"${r.version}"` },
        json: { type: 'ASSIGN_CONTROLLER', controllerIds: [active.id] },
      });
      expect(res.status).toBe(200);
      const assigned = (await res.json()) as Json;
      expect(assigned.state).toBe('forwarded.awaitingControllers');
      expect(assigned.controllers).toEqual([{ controllerId: active.id, name: active.name, matchedBy: ['agent'], isSelf: false }]);
    });
  });
});
