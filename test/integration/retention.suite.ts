/**
 * Retention: requests closed longer than RETENTION_MONTHS lose exactly the requester's personal
 * data (and their messages', notes' and forwardings' free text); open, recent and held requests
 * lose nothing. Checked in the database with a pg client, not through the API.
 */
import pg from 'pg';
import { FixedClock } from '../../src/common/clock.js';
import { RetentionService } from '../../src/retention/retention.service.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('retention', () => {
  type Json = Record<string, any>;
  const clock = new FixedClock(new Date('2025-01-06T09:00:00Z'));
  let t: TestApp;
  let db: pg.Client;

  beforeAll(async () => {
    // No mail worker: the stored messages stay as the workflow wrote them (no race with the test).
    t = await startTestApp({ clock, env: { OUTBOX_WORKER: 'false', RETENTION_MONTHS: '12' } });
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function file(name: string, email: string, extra: Json = {}): Promise<Json> {
    const res = await t.api('/api/v1/requests', {
      method: 'POST',
      json: requestBody({
        requester: { name, email, phone: '0612345678', customerRef: 'K-991', address: 'Dorpsstraat 1, 1234 AB Ergens' },
        message: `Bericht van ${name}`,
        ...extra,
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as Json;
  }

  async function send(id: string, event: Json): Promise<Json> {
    const current = (await (await t.api(`/api/v1/requests/${id}`)).json()) as Json;
    const res = await t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': `"${current.version}"` }, json: event });
    expect([event.type, res.status]).toEqual([event.type, 200]);
    return (await res.json()) as Json;
  }

  async function snapshotOf(id: string): Promise<Json> {
    const requests = await db.query(`SELECT to_jsonb(r) AS row FROM requests r WHERE id = $1`, [id]);
    const messages = await db.query(`SELECT to_jsonb(m) AS row FROM messages m WHERE request_id = $1 ORDER BY id`, [id]);
    const notes = await db.query(`SELECT to_jsonb(n) AS row FROM request_notes n WHERE request_id = $1 ORDER BY id`, [id]);
    const forwardings = await db.query(`SELECT to_jsonb(f) AS row FROM forwardings f WHERE request_id = $1 ORDER BY id`, [id]);
    const audit = await db.query(`SELECT to_jsonb(a) AS row FROM audit_events a WHERE request_id = $1 ORDER BY id`, [id]);
    const incidents = await db.query(`SELECT to_jsonb(i) AS row FROM incidents i WHERE request_id = $1 ORDER BY id`, [id]);
    return {
      incidents: incidents.rows.map((r) => r.row),
      request: requests.rows[0].row,
      messages: messages.rows.map((r) => r.row),
      notes: notes.rows.map((r) => r.row),
      forwardings: forwardings.rows.map((r) => r.row),
      audit: audit.rows.map((r) => r.row),
    };
  }

  describe('retention purge', () => {
    let old: Json; // closed 2025-01-07: purged
    let held: Json; // closed 2025-01-07 under legal hold: kept
    let open: Json; // never closed: kept
    let recent: Json; // closed 2026-01-20: kept (within 12 months)
    let controllerId: string;
    const before: Record<string, Json> = {};

    beforeAll(async () => {
      const c = await t.api('/api/v1/controllers', {
        method: 'POST',
        json: { name: 'Bakkerij Retentie B.V.', country: 'NL', privacyContact: { email: 'privacy@retentie.example' }, tone: 'u' },
      });
      expect(c.status).toBe(201);
      controllerId = ((await c.json()) as Json).id;
      await t.api(`/api/v1/controllers/${controllerId}/identifiers`, { method: 'POST', json: { identifiers: [{ type: 'email', value: 'oud@example.nl' }] } });

      old = await file('Oud Verzoek', 'oud@example.nl'); // routed: a forwarding and its mail
      expect(old.state).toMatch(/^forwarded/);
      held = await file('Vastgehouden Verzoek', 'held@example.nl');
      open = await file('Open Verzoek', 'open@example.nl');
      recent = await file('Recent Verzoek', 'recent@example.nl');

      // Free text in the places the purge must reach: a note, a question, a forwarding's decision text.
      await send(old.id, { type: 'NOTE', text: 'Belde op 06-12345678 over zijn dochter.' });
      await db.query(`UPDATE forwardings SET note = 'Klant is al bekend', instruction_details = 'Wis account 42 van Oud' WHERE request_id = $1`, [old.id]);
      // An assessed incident about its forwarding, with free text.
      await db.query(
        `INSERT INTO incidents (kind, request_id, forwarding_id, controller_id, description, reported_by, reported_at,
                               status, notifiable, assessment, assessed_by, assessed_at)
         SELECT 'misdirected-forwarding', f.request_id, f.id, f.controller_id, 'Verkeerde bakkerij voor Oud Verzoek', 'agent:test', now(),
                'assessed', false, 'Oud Verzoek opende de link niet', 'agent:test', now()
           FROM forwardings f WHERE f.request_id = $1`,
        [old.id],
      );
      await send(held.id, { type: 'NOTE', text: 'Notitie over de verzoeker die moet blijven.' });
      await send(held.id, { type: 'REQUEST_INFO', reason: 'Stuur een kopie van uw klantenpas, mevrouw Vastgehouden.', forIdentification: true });

      clock.set(new Date('2025-01-07T10:00:00Z'));
      await send(old.id, { type: 'WITHDRAW' });
      await send(held.id, { type: 'REFUSE', ground: 'manifestly-unfounded', reason: 'Mevrouw Vastgehouden stuurde dit verzoek al twaalf keer, steeds met dezelfde tekst, ondanks onze antwoorden.' });
      const hold = await t.api(`/api/v1/requests/${held.id}/legal-hold`, { method: 'POST', json: { reason: 'Klacht bij de AP' } });
      expect(hold.status).toBe(200);
      expect(((await hold.json()) as Json).legalHold).toMatchObject({ reason: 'Klacht bij de AP', by: 'api:bootstrap' });

      clock.set(new Date('2026-01-20T10:00:00Z'));
      await send(recent.id, { type: 'WITHDRAW' });
      clock.set(new Date('2026-02-01T10:00:00Z')); // cutoff: 2025-02-01

      for (const r of [old, held, open, recent]) before[r.id] = await snapshotOf(r.id);
      expect(before[old.id].messages.length).toBeGreaterThan(0);
      expect(before[old.id].notes).toHaveLength(1);
      expect(before[old.id].forwardings).toHaveLength(1);
    });

    it('a dry run lists the qualifying request only (reference and counts) and changes nothing', async () => {
      const plan = await t.service.app.get(RetentionService).dryRun();
      expect(plan.requests).toEqual([
        {
          reference: old.reference,
          closedAt: new Date('2025-01-07T10:00:00Z'),
          messages: before[old.id].messages.length,
          notes: 1,
          forwardings: 1,
        },
      ]);
      expect(plan.held).toBe(1);
      expect(await snapshotOf(old.id)).toEqual(before[old.id]);
    });

    it('purges exactly the listed fields of exactly the qualifying requests', async () => {
      const result = await t.service.app.get(RetentionService).purge();
      expect(result).toMatchObject({ requests: 1, messages: before[old.id].messages.length, notes: 1, forwardings: 1 });

      const after = await snapshotOf(old.id);
      const b = before[old.id];
      // The request: personal data gone, everything else as it was (version bumped, purge time set).
      expect(after.request).toEqual({
        ...b.request,
        requester_name: null,
        requester_email: null,
        requester_phone: null,
        requester_customer_ref: null,
        requester_address: null,
        requester_country: null,
        message: null,
        purged_at: after.request.purged_at,
        version: b.request.version + 1,
        updated_at: after.request.updated_at,
        snapshot: b.request.snapshot,
      });
      expect(new Date(after.request.purged_at).toISOString()).toBe('2026-02-01T10:00:00.000Z');
      expect(after.request.reference).toBe(old.reference);
      expect(after.request.state).toBe('closed.withdrawn');
      expect(after.request.rights).toEqual(['access']);
      expect(after.request.closed_at).toBe(b.request.closed_at);

      // Messages: recipient, data (but the reference), bodies gone; template, status, dates kept.
      expect(after.messages).toEqual(
        b.messages.map((m: Json) => ({
          ...m,
          recipient: '[verwijderd]',
          data: m.data.reference ? { reference: m.data.reference } : {},
          subject: null,
          html: null,
          text: null,
          last_error: null,
          status: ['queued', 'sending'].includes(m.status) ? 'failed' : m.status,
        })),
      );
      expect(after.notes).toEqual([{ ...b.notes[0], text: '[verwijderd]' }]);
      expect(after.forwardings).toEqual([{ ...b.forwardings[0], note: null, instruction_details: null, token_digest: null }]);
      // An assessed incident keeps its facts; its free texts go.
      expect(after.incidents).toEqual([{ ...b.incidents[0], description: '[verwijderd]', assessment: '[verwijderd]' }]);
      // The audit trail: untouched, one event appended.
      expect(after.audit.slice(0, b.audit.length)).toEqual(b.audit);
      expect(after.audit.slice(b.audit.length).map((a: Json) => [a.type, a.actor])).toEqual([['PERSONAL_DATA_PURGED', 'system:retention']]);
      expect(JSON.stringify(after)).not.toMatch(/Oud Verzoek|oud@example|06-12345678|Dorpsstraat|account 42/);

      // Held, open and recent requests: nothing changed at all.
      for (const r of [held, open, recent]) expect([r.reference, await snapshotOf(r.id)]).toEqual([r.reference, before[r.id]]);

      // The purge on the audit trail, with counts and no request.
      const { rows } = await db.query(`SELECT request_id, actor, data FROM audit_events WHERE type = 'RETENTION_PURGE'`);
      expect(rows).toEqual([
        { request_id: null, actor: 'system:retention', data: expect.objectContaining({ requests: 1, notes: 1, forwardings: 1, retentionMonths: 12, cutoff: '2025-02-01T10:00:00.000Z' }) },
      ]);
    });

    it('is idempotent: a second run purges nothing more', async () => {
      const snapshot = await snapshotOf(old.id);
      const result = await t.service.app.get(RetentionService).purge();
      expect(result).toMatchObject({ requests: 0, messages: 0, notes: 0, forwardings: 0 });
      expect(await snapshotOf(old.id)).toEqual(snapshot);
    });

    it('shows the purge on the request timeline and refuses a hold on a purged request', async () => {
      const timeline = (await (await t.api(`/api/v1/requests/${old.id}/timeline`)).json()) as Json;
      expect(timeline.items.map((i: Json) => i.description)).toContainEqual(expect.stringContaining('Persoonsgegevens verwijderd'));
      const res = await t.api(`/api/v1/requests/${old.id}/legal-hold`, { method: 'POST', json: { reason: 'te laat' } });
      expect(res.status).toBe(409);
      expect(((await res.json()) as Json).code).toBe('request-purged');
    });

    it('purges a held request once the hold is lifted, free text in its snapshot included', async () => {
      const lifted = await t.api(`/api/v1/requests/${held.id}/legal-hold`, { method: 'DELETE' });
      expect(lifted.status).toBe(200);
      expect(((await lifted.json()) as Json).legalHold).toBeNull();
      const result = await t.service.app.get(RetentionService).purge();
      expect(result.requests).toBe(1);
      const after = await snapshotOf(held.id);
      expect(after.request.requester_name).toBeNull();
      expect(after.request.snapshot.context.refusal).toEqual({ ground: 'manifestly-unfounded', reason: '[verwijderd]' });
      expect(after.request.snapshot.context.infoRequest.reason).toBe('[verwijderd]');
      expect(after.request.snapshot.context.pauses.every((p: Json) => p.reason === '[verwijderd]')).toBe(true);
      expect(JSON.stringify(after)).not.toMatch(/Vastgehouden|klantenpas|twaalf keer/);
      expect(after.audit.map((a: Json) => a.type)).toEqual(expect.arrayContaining(['LEGAL_HOLD_SET', 'LEGAL_HOLD_CLEARED', 'PERSONAL_DATA_PURGED']));
      // Open and recent requests still untouched.
      for (const r of [open, recent]) expect(await snapshotOf(r.id)).toEqual(before[r.id]);
    });

    it('has metrics off without METRICS_TOKEN', async () => {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    });

    it('validates the legal hold body', async () => {
      const res = await t.api(`/api/v1/requests/${open.id}/legal-hold`, { method: 'POST', json: {} });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json).errors[0].pointer).toBe('/reason');
    });

    it('deletes processor exports past their expiry, file and all, and keeps those still offered to the controller', async () => {
      const { rows: [task] } = await db.query(
        `INSERT INTO processor_tasks (request_id, controller_id, instruction) VALUES ($1, $2, 'export') RETURNING id`,
        [open.id, controllerId],
      );
      const insert = (name: string, expires: string) =>
        db.query(
          `INSERT INTO processor_exports (task_id, request_id, filename, content_type, size_bytes, sha256, content, uploaded_by, expires_at)
           VALUES ($1, $2, $3, 'text/csv', 3, repeat('0', 64), 'a,b'::bytea, 'agent:test', $4) RETURNING id`,
          [task.id, open.id, name, expires],
        );
      const { rows: [expired] } = await insert('verlopen.csv', '2026-01-31T10:00:00Z'); // the clock stands at 2026-02-01
      const { rows: [live] } = await insert('geldig.csv', '2026-02-10T10:00:00Z');

      expect((await t.service.app.get(RetentionService).dryRun()).exports).toBe(1);
      const result = await t.service.app.get(RetentionService).purge();
      expect(result.exports).toBe(1);
      const { rows } = await db.query(`SELECT id FROM processor_exports WHERE task_id = $1`, [task.id]);
      expect(rows).toEqual([{ id: live.id }]);
      const { rows: audit } = await db.query(`SELECT data FROM audit_events WHERE type = 'PROCESSOR_EXPORT_DELETED' AND request_id = $1`, [open.id]);
      expect(audit).toEqual([{ data: { exportId: expired.id, taskId: task.id } }]);
    });
  });
});
