/**
 * The processor-task API a helpdesk integration uses: a concern about an instruction (art 28(3))
 * and the controller's answer, and the upload of an export, over REST with an API key. A task is
 * reached as the controller makes it: through its personal link's decision.
 */
import { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import { ApiKeysService } from '../../../src/api/api-keys.service.js';
import { LinkRateLimiter } from '../../../src/common/link-rate-limiter.js';
import { requestBody } from '../../factories/requests.js';
import type { TestApp } from '../../support/app.js';
import { useAppWithSmtp, controllerTokenIn, firstMailTo, type TestSmtp } from '../../support/replies-smtp.js';

describe('processor-tasks-api', () => {
  type Json = Record<string, any>;
  const RECIPIENTS = ['Hosting Noord B.V.'];
  const REASON = 'De facturen moeten volgens de fiscale bewaarplicht zeven jaar bewaard blijven; wissen zou die plicht schenden.';
  let smtp: TestSmtp;
  let t: TestApp;
  let seq = 0;

  useAppWithSmtp({ OUTBOX_POLL_MS: '200', ART19_RECIPIENTS: RECIPIENTS.join(';'), EXPORT_MAX_MB: '1' }, (app, server) => {
    t = app;
    smtp = server;
  });
  beforeEach(() => t.service.app.get(LinkRateLimiter).reset());

  const page = async (token: string) => (await fetch(`${t.baseUrl}/c/${token}`)).text();
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  const getRequest = async (id: string): Promise<Json> => (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
  const post = (path: string, json: unknown) => t.api(path, { method: 'POST', json });

  /** The controller's page after "Gegevens tonen" (a POST with the page's _csrf). */
  const revealed = async (token: string) => (await postForm(`/c/${token}/details`, { _csrf: csrfOf(await page(token)) })).text();

  /** A request forwarded to a new controller, which instructs through its link. */
  async function instructed(rights: string[], instruction: string, details: string) {
    seq++;
    const cRes = await post('/api/v1/controllers', {
      name: `Boekhandel Kaft ${seq} B.V.`,
      country: 'NL',
      privacyContact: { name: 'Sanne de Vries', email: `privacy${seq}@kaft.example` },
      tone: 'u',
      mayInformRequester: false,
    });
    expect(cRes.status).toBe(201);
    const c = (await cRes.json()) as Json;
    const email = `lezer${seq}.${Date.now()}@example.nl`;
    expect((await post(`/api/v1/controllers/${c.id}/identifiers`, { identifiers: [{ type: 'email', value: email }] })).status).toBe(200);
    const created = await post('/api/v1/requests', requestBody({ requester: { name: 'Jan Jansen', email }, rights, message: 'Graag actie op mijn gegevens.' }));
    expect(created.status).toBe(201);
    const request = (await created.json()) as Json;
    const token = controllerTokenIn(await firstMailTo(smtp, c.privacyContact.email, request.reference));
    const decided = await postForm(`/c/${token}/decision`, { _csrf: csrfOf(await page(token)), decision: 'instruct', instruction, details, confirm: 'ja' });
    expect(decided.status).toBe(303);
    const task = (await getRequest(request.id)).processorTasks[0] as Json;
    expect(task).toMatchObject({ instruction, state: 'open' });
    return { c, request, token, task, base: `/api/v1/requests/${request.id}/tasks/${task.id}` };
  }

  async function instructionDone(id: string, body: Json): Promise<Response> {
    const etag = (await t.api(`/api/v1/requests/${id}`)).headers.get('etag')!;
    return t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': etag }, json: { type: 'INSTRUCTION_DONE', ...body } });
  }

  const putExport = (base: string, content: Buffer, contentType: string, filename?: string, headers: Record<string, string> = {}) =>
    t.api(`${base}/export${filename === undefined ? '' : `?filename=${encodeURIComponent(filename)}`}`, {
      method: 'PUT',
      headers: { 'content-type': contentType, ...headers },
      body: new Uint8Array(content),
    });

  describe('concern and the controller answer over the API', () => {
    it('concern → 200 with the task; completion refused while open (422); confirmed → open again; completion works', async () => {
      const { c, request, token, base } = await instructed(['erasure'], 'erase', 'Klantaccount en bestelhistorie wissen.');

      const raised = await post(`${base}/concern`, { reason: REASON });
      expect(raised.status).toBe(200);
      const task = (await raised.json()) as Json;
      expect(task).toMatchObject({ state: 'concern', instruction: 'erase', controllerId: c.id, concern: { reason: REASON, resolution: null, note: null }, doneAt: null });
      // The same shape as the request resource's processorTasks; the controller's page shows the concern.
      expect((await getRequest(request.id)).processorTasks[0]).toEqual(task);
      expect(await revealed(token)).toContain(REASON);

      const again = await post(`${base}/concern`, { reason: REASON });
      expect(again.status).toBe(422);
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      expect((await again.json()) as Json).toMatchObject({ code: 'task-not-open', status: 422, detail: 'Only an open task can get a concern.' });

      const whileConcern = await instructionDone(request.id, { controllerId: c.id, outcome: 'Gewist.', recipientsNotified: RECIPIENTS });
      expect(whileConcern.status).toBe(422);
      expect((await whileConcern.json()) as Json).toMatchObject({ code: 'instruction-not-completable', reason: 'concern-open' });

      const note = 'Bevestigd per mail: facturen zijn elders bewaard.';
      const resolved = await post(`${base}/concern-resolution`, { resolution: 'confirmed', note });
      expect(resolved.status).toBe(200);
      expect((await resolved.json()) as Json).toMatchObject({ state: 'open', concern: { reason: REASON, resolution: 'confirmed', note, resolvedAt: expect.any(String) } });

      const noConcern = await post(`${base}/concern-resolution`, { resolution: 'confirmed', note });
      expect(noConcern.status).toBe(422);
      expect((await noConcern.json()) as Json).toMatchObject({ code: 'no-concern' });

      expect((await instructionDone(request.id, { controllerId: c.id, outcome: 'Gewist.', recipientsNotified: RECIPIENTS })).status).toBe(200);
      const closed = await getRequest(request.id);
      expect(closed.state).toBe('closed.completed');
      expect(closed.processorTasks[0]).toMatchObject({ state: 'done', outcome: 'Gewist.' });
    });

    it('withdrawn → the task is cancelled and the request closes', async () => {
      const { request, base } = await instructed(['restriction'], 'restrict', 'Verwerking van het klantprofiel beperken.');
      expect((await post(`${base}/concern`, { reason: 'Het profiel is nodig voor een lopende procedure van de klant zelf.' })).status).toBe(200);
      const withdrawn = await post(`${base}/concern-resolution`, { resolution: 'withdrawn', note: 'Ingetrokken: wij handelen het zelf af.' });
      expect(withdrawn.status).toBe(200);
      expect((await withdrawn.json()) as Json).toMatchObject({ state: 'cancelled', concern: { resolution: 'withdrawn' } });
      expect((await getRequest(request.id)).state).toBe('closed.completed');
    });

    it('bad bodies → 400 with a pointer per field; unknown task → 404; nothing changes', async () => {
      const { request, base } = await instructed(['rectification'], 'rectify', 'Huisnummer 12 wordt 12A.');
      const short = await post(`${base}/concern`, { reason: 'te kort' });
      expect(short.status).toBe(400);
      expect(short.headers.get('content-type')).toContain('application/problem+json');
      const shortProblem = (await short.json()) as Json;
      expect(shortProblem.code).toBe('validation-failed');
      expect(shortProblem.errors.map((e: Json) => e.pointer)).toEqual(['/reason']);

      const extra = (await (await post(`${base}/concern`, { reason: REASON, urgent: true })).json()) as Json;
      expect(extra.errors).toEqual([{ pointer: '/urgent', detail: expect.stringContaining('urgent') }]);

      const badResolution = await post(`${base}/concern-resolution`, { resolution: 'maybe', note: '  ' });
      expect(badResolution.status).toBe(400);
      expect(((await badResolution.json()) as Json).errors.map((e: Json) => e.pointer).sort()).toEqual(['/note', '/resolution']);

      const noName = await putExport(base, Buffer.from('a;b\n'), 'text/csv');
      expect(noName.status).toBe(400);
      expect(((await noName.json()) as Json).errors.map((e: Json) => e.pointer)).toEqual(['/query/filename']);

      const unknown = await post(`/api/v1/requests/${request.id}/tasks/00000000-0000-4000-8000-000000000000/concern`, { reason: REASON });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()) as Json).toMatchObject({ code: 'not-found' });

      expect((await getRequest(request.id)).processorTasks[0]).toMatchObject({ state: 'open', concern: null });
    });
  });

  describe('export upload over the API', () => {
    it('stores the bytes as sent (even JSON), the controller downloads the same bytes; too large → 413; not an export task → 422', async () => {
      const { c, request, token, base } = await instructed(['access'], 'export', 'Alle bestellingen als JSON.');
      // A JSON export: not parsed by the API's JSON body parser, kept byte for byte (whitespace and all).
      const bytes = Buffer.from('{ "bestellingen": [ {"nr": 1001, "datum": "2026-01-05"} ],\n  "naam": "Jan Jansen" }\n', 'utf8');

      const tooBig = await putExport(base, Buffer.alloc(1024 * 1024 + 1, 65), 'application/octet-stream', 'groot.bin');
      expect(tooBig.status).toBe(413);
      expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
      expect((await tooBig.json()) as Json).toMatchObject({ code: 'payload-too-large', detail: 'The export is larger than 1 MB (EXPORT_MAX_MB).' });

      const empty = await putExport(base, Buffer.alloc(0), 'application/json', 'leeg.json');
      expect(empty.status).toBe(400);
      expect((await empty.json()) as Json).toMatchObject({ code: 'export-missing' });

      const res = await putExport(base, bytes, 'application/json; charset=utf-8', 'export bestellingen é.json');
      expect(res.status).toBe(201);
      const stored = (await res.json()) as Json;
      expect(stored).toEqual({
        id: expect.any(String),
        filename: 'export bestellingen é.json',
        sizeBytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        expiresAt: expect.any(String),
      });
      expect((await getRequest(request.id)).processorTasks[0].exports).toEqual([{ ...stored, firstDownloadedAt: null }]);

      // The controller's download through its link: the same bytes and media type.
      const html = await revealed(token);
      const download = await postForm(`/c/${token}/exports/${stored.id}`, { _csrf: csrfOf(html) });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/json');
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

      expect((await instructionDone(request.id, { controllerId: c.id, outcome: 'Export van bestellingen gemaakt.' })).status).toBe(200);
      expect((await getRequest(request.id)).state).toBe('closed.completed');
      // A closed task takes no more exports.
      const late = await putExport(base, bytes, 'application/json', 'nog een.json');
      expect(late.status).toBe(422);
      expect((await late.json()) as Json).toMatchObject({ code: 'export-not-expected' });
    });

    it('an export of a task that lapses (the requester withdraws) is deleted at once', async () => {
      const { request, base } = await instructed(['access'], 'export', 'Alle bestellingen als CSV.');
      expect((await putExport(base, Buffer.from('nr;datum\n1001;2026-01-05\n'), 'text/csv', 'bestellingen.csv')).status).toBe(201);
      const db = t.service.app.get(DataSource);
      const count = async () => ((await db.query(`SELECT count(*)::int AS n FROM processor_exports WHERE request_id = $1`, [request.id])) as { n: number }[])[0].n;
      expect(await count()).toBe(1);
      const etag = (await t.api(`/api/v1/requests/${request.id}`)).headers.get('etag')!;
      const withdrawn = await t.api(`/api/v1/requests/${request.id}/events`, { method: 'POST', headers: { 'if-match': etag }, json: { type: 'WITHDRAW' } });
      expect(withdrawn.status).toBe(200);
      expect((await getRequest(request.id)).processorTasks[0].state).toBe('cancelled');
      expect(await count()).toBe(0);
    });

    it('refuses an export for a task that is not an export (422)', async () => {
      const { base } = await instructed(['erasure'], 'erase', 'Alles wissen.');
      const res = await putExport(base, Buffer.from('x'), 'text/plain', 'x.txt');
      expect(res.status).toBe(422);
      expect((await res.json()) as Json).toMatchObject({ code: 'export-not-expected', detail: 'Exports belong to open export tasks.' });
    });
  });

  describe('scope', () => {
    it('a key without requests:write gets 403 on every task route, and nothing changes', async () => {
      const { request, base } = await instructed(['access'], 'export', 'Alles als CSV.');
      const { key } = await t.service.app.get(ApiKeysService).create('alleen-lezen', ['requests:read']);
      const auth = { authorization: `Bearer ${key}` };
      const asReader = [
        await t.api(`${base}/concern`, { method: 'POST', headers: auth, json: { reason: REASON } }),
        await t.api(`${base}/concern-resolution`, { method: 'POST', headers: auth, json: { resolution: 'confirmed', note: 'Bevestigd.' } }),
        await putExport(base, Buffer.from('a;b\n'), 'text/csv', 'export.csv', auth),
      ];
      for (const res of asReader) {
        expect(res.status).toBe(403);
        expect((await res.json()) as Json).toMatchObject({ code: 'forbidden' });
      }
      expect((await getRequest(request.id)).processorTasks[0]).toMatchObject({ state: 'open', concern: null, exports: [] });
    });
  });
});
