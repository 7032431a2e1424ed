/** The runner against a real database: one transaction per event, version guard, restarts. */
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, needsRealPostgres, type TestDatabase } from '../support/db.js';
import { requestBody } from '../factories/requests.js';

describe('workflow-runner', () => {
  let database: TestDatabase;
  let t: TestApp;
  let sql: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The outbox worker would start delivering; these tests look at what the runner wrote.
    t = await startTestApp({ database, env: { OUTBOX_WORKER: 'false' } });
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await database?.drop();
  });

  async function create(): Promise<{ id: string; version: number }> {
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody() });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; version: number };
  }

  function event(id: string, version: number, body: Record<string, unknown>) {
    return t.api(`/api/v1/requests/${id}/events`, { method: 'POST', headers: { 'if-match': `"${version}"` }, json: body });
  }

  async function stored(id: string) {
    const r = await sql.query(`SELECT state, version, snapshot FROM requests WHERE id = $1`, [id]);
    const audit = await sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1`, [id]);
    const outbox = await sql.query(`SELECT count(*)::int AS n FROM messages WHERE request_id = $1`, [id]);
    return { ...r.rows[0], audit: audit.rows[0].n, outbox: outbox.rows[0].n };
  }

  it('writes the acknowledgement to the outbox in the intake transaction', async () => {
    const { id } = await create();
    const { rows } = await sql.query(`SELECT template, status, message_id FROM messages WHERE request_id = $1`, [id]);
    expect(rows).toEqual([{ template: 'acknowledgement', status: 'queued', message_id: expect.stringMatching(/^<[0-9a-f-]{36}@localhost>$/) }]);
  });

  it('a failure inside the transaction leaves snapshot, audit and outbox unchanged', async () => {
    const { id } = await create();
    await create(); // another request, to show only the failing one is affected
    await sql.query(`
      CREATE FUNCTION fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
      CREATE TRIGGER fail_outbox BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION fail_outbox();`);
    const before = await stored(id);
    try {
      // In-house classification, then a question to the requester: the letter goes to the outbox.
      const res = await event(id, 1, { type: 'CLASSIFY', scope: 'in-house' });
      expect(res.status).toBe(200);
      const failing = await event(id, 2, { type: 'REQUEST_INFO', reason: 'Wat bedoelt u precies met "alles"?', forIdentification: false });
      expect(failing.status).toBe(500);
      const problem = (await failing.json()) as { detail: string; correlationId: string };
      expect(problem.detail).not.toContain('injected');
      expect(problem.correlationId).toBeTruthy();
      const after = await stored(id);
      expect(after.version).toBe(2);
      expect(after.state).toBe('inHouse.verifying');
      expect(after.audit).toBe(before.audit + 1);
      expect(after.outbox).toBe(before.outbox);
    } finally {
      await sql.query(`DROP TRIGGER fail_outbox ON messages; DROP FUNCTION fail_outbox();`);
    }
    const retry = await event(id, 2, { type: 'REQUEST_INFO', reason: 'Wat bedoelt u precies met "alles"?', forIdentification: false });
    expect(retry.status).toBe(200);
    expect((await stored(id)).outbox).toBe(2);
  });

  it('resumes from the stored snapshot after a restart', async () => {
    const { id } = await create();
    expect((await event(id, 1, { type: 'CLASSIFY', scope: 'in-house' })).status).toBe(200);
    expect((await event(id, 2, { type: 'REQUEST_INFO', reason: 'Graag bevestigen vanaf uw adres.', forIdentification: true })).status).toBe(200);
    await t.close();
    t = await startTestApp({ database, env: { OUTBOX_WORKER: 'false' } });
    const res = await event(id, 3, { type: 'INFO_RECEIVED' });
    expect(res.status).toBe(200);
    // History: back to the step it waited in.
    expect(((await res.json()) as { state: string }).state).toBe('inHouse.verifying');
  });

  it('refuses to update or delete audit rows', async () => {
    const { id } = await create();
    await expect(sql.query(`UPDATE audit_events SET actor = 'someone-else' WHERE request_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(sql.query(`DELETE FROM audit_events WHERE request_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(sql.query(`TRUNCATE audit_events CASCADE`)).rejects.toThrow(/append-only/);
    // RECEIVED and the routing result (ROUTE_NONE: nobody's directory knows the requester).
    expect((await stored(id)).audit).toBe(2);
  });

  const concurrent = needsRealPostgres('20 concurrent events on one request') ? it : it.skip;
  concurrent('20 concurrent events with one If-Match: one wins, nineteen get 409', async () => {
    const { id } = await create();
    const before = await stored(id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => event(id, 1, { type: 'NOTE', text: 'Gelijktijdige notitie' }).then((r) => r.status)),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(19);
    const after = await stored(id);
    expect(after.version).toBe(before.version + 1);
    expect(after.audit).toBe(before.audit + 1);
    const notes = await sql.query(`SELECT count(*)::int AS n FROM request_notes WHERE request_id = $1`, [id]);
    expect(notes.rows[0].n).toBe(1);
  });
});
