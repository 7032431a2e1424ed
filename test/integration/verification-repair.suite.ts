/**
 * Identity verification against a real database: asking for an ID copy is one statement (the
 * request never waits without its step), and the repair sweep finishes what a crash or an
 * undeliverable mail left behind.
 */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock.js';
import { markSent } from '../../src/replies/outbox.js';
import { VerificationRepairSweeper } from '../../src/verification/verification-repair.js';
import { WorkflowRunner } from '../../src/requests/workflow-runner.js';
import { requestBody } from '../factories/requests.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('verification-repair', () => {
  let t: TestApp;
  let db: DataSource;
  // Monday 20 April 2026, 12:00 in Amsterdam.
  const clock = new FixedClock(new Date('2026-04-20T10:00:00Z'));
  const DAY = 86_400_000;
  const DOUBT = 'Het verzoek kwam van een onbekend adres en vraagt alle gegevens.';
  const NONE_SUITS = 'Geen account en geen bekend telefoonnummer.';

  beforeAll(async () => {
    // The outbox worker stays off: the tests decide what the outbox did.
    t = await startTestApp({ clock, env: { OUTBOX_WORKER: 'false' } });
    db = t.service.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => clock.set(new Date('2026-04-20T10:00:00Z')));

  async function inHouse(): Promise<{ id: string; version: number }> {
    const created = (await (await t.api('/api/v1/requests', { method: 'POST', json: requestBody() })).json()) as { id: string; version: number };
    const res = await t.api(`/api/v1/requests/${created.id}/events`, { method: 'POST', headers: { 'if-match': `"${created.version}"` }, json: { type: 'CLASSIFY', scope: 'in-house' } });
    expect(res.status).toBe(200);
    return (await res.json()) as { id: string; version: number };
  }

  const start = (id: string, json: unknown) => t.api(`/api/v1/requests/${id}/verification`, { method: 'POST', json });
  const state = async (id: string) => ((await (await t.api(`/api/v1/requests/${id}`)).json()) as { state: string; version: number; deadlines: { pausedDays: number } });
  const steps = async (id: string) =>
    ((await (await t.api(`/api/v1/requests/${id}/verification`)).json()) as { items: { id: string; method: string; status: string; note: string | null }[] }).items;
  const sweep = () => t.service.app.get(VerificationRepairSweeper).sweep();

  describe('asking for an ID copy is one statement', () => {
    it('a failing step insert leaves the request, its letter and its audit trail unchanged', async () => {
      const r = await inHouse();
      const before = await state(r.id);
      const [{ n: auditBefore }] = await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1`, [r.id]);
      await db.query(`
        CREATE FUNCTION fail_step() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
        CREATE TRIGGER fail_step BEFORE INSERT ON verification_steps FOR EACH ROW EXECUTE FUNCTION fail_step();`);
      try {
        const res = await start(r.id, { method: 'id-document', reason: DOUBT, lessIntrusiveUnsuitable: NONE_SUITS, documentType: 'passport' });
        expect(res.status).toBe(500);
      } finally {
        await db.query(`DROP TRIGGER fail_step ON verification_steps; DROP FUNCTION fail_step();`);
      }
      const after = await state(r.id);
      expect(after).toMatchObject({ state: 'inHouse.verifying', version: before.version });
      expect(await db.query(`SELECT 1 FROM messages WHERE request_id = $1 AND template = 'identification-request'`, [r.id])).toEqual([]);
      const [{ n: auditAfter }] = await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1`, [r.id]);
      expect(auditAfter).toBe(auditBefore);
      expect(await steps(r.id)).toEqual([]);

      // Without the failure the same request gets its letter, its pause and its step together.
      const ok = await start(r.id, { method: 'id-document', reason: DOUBT, lessIntrusiveUnsuitable: NONE_SUITS, documentType: 'passport' });
      expect(ok.status).toBe(201);
      expect((await state(r.id)).state).toBe('inHouse.awaitingRequester');
      expect(await steps(r.id)).toEqual([expect.objectContaining({ method: 'id-document', status: 'requested' })]);
      const types: { type: string }[] = await db.query(`SELECT type FROM audit_events WHERE request_id = $1 ORDER BY id DESC LIMIT 2`, [r.id]);
      expect(types.map((e) => e.type).sort()).toEqual(['REQUEST_INFO', 'VERIFICATION_REQUESTED']);
    });

    it('a refused transition writes no step either', async () => {
      const r = await inHouse();
      await start(r.id, { method: 'id-document', reason: DOUBT, lessIntrusiveUnsuitable: NONE_SUITS });
      // Waiting already: the machine refuses a second REQUEST_INFO, so no second step appears.
      const again = await start(r.id, { method: 'representative-authority', reason: 'Advocaat mr. De Vries treedt op namens de verzoeker.' });
      expect(again.status).toBe(422);
      expect(await steps(r.id)).toHaveLength(1);
      // And the runner itself: a step that breaks a constraint takes the transition down with it.
      const row = (await t.service.app.get(WorkflowRunner).load(r.id))!;
      await expect(
        t.service.app.get(WorkflowRunner).apply(r.id, { type: 'NOTE', text: 'x' }, {
          actor: 'agent:test',
          extraEffects: {
            verificationSteps: [
              { id: '00000000-0000-4000-8000-000000000001', method: 'photo-upload', status: 'requested', reason: null, performedBy: 'agent:test', requestedAt: new Date().toISOString(), documentType: null, note: null, lateWarning: false },
            ],
          },
        }),
      ).rejects.toThrow(/verification_steps/);
      expect((await t.service.app.get(WorkflowRunner).load(r.id))!.version).toBe(row.version);
    });
  });

  describe('the repair sweep', () => {
    it('scrubs a sent confirmation mail that still holds its link, and markSent now scrubs in the same statement', async () => {
      const r = await inHouse();
      expect((await start(r.id, { method: 'email-confirmation' })).status).toBe(201);
      const [mail] = await db.query(`SELECT id, data FROM messages WHERE request_id = $1 AND template = 'email-confirmation'`, [r.id]);
      const token = new URL(mail.data.link).pathname.slice(3);
      // A crash after the send, before the scrub (the old two-step worker).
      await db.query(`UPDATE messages SET status = 'sent', sent_at = now(), text = 'Klik op ' || (data->>'link') WHERE id = $1`, [mail.id]);
      expect((await sweep()).linksScrubbed).toBeGreaterThanOrEqual(1);
      const [scrubbed] = await db.query(`SELECT data, text FROM messages WHERE id = $1`, [mail.id]);
      expect(scrubbed.data.link).toMatch(/\/v\/\[verwijderd\]$/);
      expect(scrubbed.text).not.toContain(token);
      expect((await sweep()).linksScrubbed).toBe(0);

      const other = await inHouse();
      await start(other.id, { method: 'email-confirmation' });
      const [m2] = await db.query(`SELECT id, data FROM messages WHERE request_id = $1 AND template = 'email-confirmation'`, [other.id]);
      await db.query(`UPDATE messages SET status = 'sending', html = '<a href="' || (data->>'link') || '">ja</a>' WHERE id = $1`, [m2.id]);
      await markSent(db, m2.id, new Date(), { data: m2.data });
      const [sent] = await db.query(`SELECT status, data, html FROM messages WHERE id = $1`, [m2.id]);
      expect(sent.status).toBe('sent');
      expect(sent.data.link).toMatch(/\/v\/\[verwijderd\]$/);
      expect(sent.html).not.toContain(new URL(m2.data.link).pathname.slice(3));
    });

    it('expires an unused confirmation link, fails one whose mail was undeliverable, and then allows an ID copy', async () => {
      const expired = await inHouse();
      await start(expired.id, { method: 'email-confirmation' });
      const bounced = await inHouse();
      await start(bounced.id, { method: 'email-confirmation' });
      await db.query(`UPDATE messages SET status = 'failed' WHERE request_id = $1 AND template = 'email-confirmation'`, [bounced.id]);

      const first = await sweep();
      expect(first.stepsClosed).toBeGreaterThanOrEqual(1);
      expect(await steps(bounced.id)).toEqual([expect.objectContaining({ status: 'failed', note: 'De e-mail met de bevestigingslink kon niet worden bezorgd.' })]);
      expect((await steps(expired.id))[0]!.status).toBe('requested');

      clock.advance(8 * DAY);
      await sweep();
      expect(await steps(expired.id)).toEqual([expect.objectContaining({ status: 'expired', note: 'De bevestigingslink is verlopen zonder bevestiging.' })]);
      const [stored] = await db.query(`SELECT status, decided_by FROM verification_steps WHERE request_id = $1`, [expired.id]);
      expect(stored).toEqual({ status: 'expired', decided_by: 'system' });
      const audit: { type: string; data: Record<string, unknown> }[] = await db.query(`SELECT type, data FROM audit_events WHERE request_id = $1 AND type LIKE 'VERIFICATION_%' ORDER BY id`, [expired.id]);
      expect(audit.map((e) => e.type)).toEqual(['VERIFICATION_REQUESTED', 'VERIFICATION_EXPIRED']);
      expect(audit[1]!.data).toMatchObject({ cause: 'link-expired' });
      const timeline = (await (await t.api(`/api/v1/requests/${expired.id}/timeline`)).json()) as { items: { description: string }[] };
      expect(timeline.items.map((e) => e.description)).toContain('Identiteitscontrole verlopen: bevestiging per e-mail; de link is niet gebruikt.');

      // Least intrusive tried and failed: an ID copy may now be asked with the reasonable-doubt reason alone.
      expect((await start(bounced.id, { method: 'id-document', reason: DOUBT })).status).toBe(201);
      expect((await sweep()).stepsClosed).toBe(0);
    });

    it('verifies a request whose confirmation passed before a crash, and resumes one whose ID copy was decided before a crash', async () => {
      const confirmed = await inHouse();
      const step = (await (await start(confirmed.id, { method: 'email-confirmation' })).json()) as { id: string };
      // The requester's POST passed the step; the process died before VERIFIED.
      await db.query(`UPDATE verification_steps SET status = 'passed', decided_at = $2, decided_by = 'requester' WHERE id = $1`, [step.id, clock.now()]);
      expect((await state(confirmed.id)).state).toBe('inHouse.verifying');

      const copy = await inHouse();
      const copyStep = (await (await start(copy.id, { method: 'id-document', reason: DOUBT, lessIntrusiveUnsuitable: NONE_SUITS })).json()) as { id: string };
      clock.advance(3 * DAY);
      // The agent closed the step; the process died before INFO_RECEIVED and VERIFIED.
      await db.query(
        `UPDATE verification_steps SET status = 'passed', decided_at = $2, decided_by = 'agent:test', checked_at = $2, destroyed_at = $2 WHERE id = $1`,
        [copyStep.id, clock.now()],
      );

      const result = await sweep();
      expect(result.requestsMoved).toBeGreaterThanOrEqual(3);
      expect((await state(confirmed.id)).state).toBe('inHouse.processing');
      const resumed = await state(copy.id);
      expect(resumed.state).toBe('inHouse.processing');
      expect(resumed.deadlines.pausedDays).toBe(3);
      expect((await sweep()).requestsMoved).toBe(0);
    });

    it('does not resume a wait an agent started after an earlier step was decided', async () => {
      const r = await inHouse();
      const s = (await (await start(r.id, { method: 'id-document', reason: DOUBT, lessIntrusiveUnsuitable: NONE_SUITS })).json()) as { id: string };
      const decided = await t.api(`/api/v1/requests/${r.id}/verification/${s.id}/decision`, { method: 'POST', json: { status: 'failed', checkedAndDestroyed: true } });
      expect(decided.status).toBe(200);
      clock.advance(DAY);
      const row = await state(r.id);
      expect(row.state).toBe('inHouse.verifying');
      const asked = await t.api(`/api/v1/requests/${r.id}/events`, {
        method: 'POST',
        headers: { 'if-match': `"${row.version}"` },
        json: { type: 'REQUEST_INFO', reason: 'Stuur een kopie van de volmacht mee.', forIdentification: true },
      });
      expect(asked.status).toBe(200);
      await sweep();
      expect((await state(r.id)).state).toBe('inHouse.awaitingRequester');
    });

    it('expires an open step of a closed request', async () => {
      const r = await inHouse();
      await start(r.id, { method: 'callback' });
      const row = await state(r.id);
      const res = await t.api(`/api/v1/requests/${r.id}/events`, { method: 'POST', headers: { 'if-match': `"${row.version}"` }, json: { type: 'WITHDRAW' } });
      expect(res.status).toBe(200);
      await sweep();
      expect(await steps(r.id)).toEqual([expect.objectContaining({ method: 'callback', status: 'expired', note: 'Het verzoek is afgesloten voordat deze stap was afgerond.' })]);
    });
  });
});
