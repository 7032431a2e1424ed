/**
 * The requester's own country (issue 20, point 9): given on intake or derived from a +31/+32
 * phone number or the address, stored, shown in the resource, and followed by the identification
 * letter's redaction guidance (a Belgian requester at a Dutch processor hears of the
 * rijksregisternummer, not the BSN; unknown: both).
 */
import { DataSource } from 'typeorm';
import { FixedClock } from '../../../src/common/clock.js';
import { OutboxWorker } from '../../../src/replies/outbox.worker.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { requestBody } from '../../factories/requests.js';

describe('requester-country', () => {
  let t: TestApp;
  let db: DataSource;
  const clock = new FixedClock(new Date('2026-04-20T10:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    db = t.service.app.get(DataSource);
  });
  beforeEach(() => clock.set(new Date('2026-04-20T10:00:00Z')));
  afterAll(async () => {
    await t?.close();
  });

  async function create(requester: Record<string, unknown>): Promise<Record<string, any>> {
    const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Jan Jansen', ...requester } }) });
    expect(res.status).toBe(201);
    return (await res.json()) as Record<string, any>;
  }

  describe('requester.country on intake', () => {
    it('is stored as given (upper case), or derived from a +32/+31 phone number or the address, or null', async () => {
      expect((await create({ email: 'a@example.be', country: 'be' })).requester.country).toBe('BE');
      expect((await create({ email: 'b@example.de', country: 'DE' })).requester.country).toBe('DE');
      expect((await create({ phone: '+32 470 12 34 56' })).requester.country).toBe('BE');
      expect((await create({ phone: '+31 6 11112222' })).requester.country).toBe('NL');
      expect((await create({ address: 'Dorpsstraat 1, 1234 AB Ergens' })).requester.country).toBe('NL');
      const unknown = await create({ email: 'c@example.com' });
      expect(unknown.requester.country).toBeNull();
      const [row] = await db.query(`SELECT requester_country FROM requests WHERE id = $1`, [unknown.id]);
      expect(row.requester_country).toBeNull();
    });

    it('refuses a country that is not a two-letter code (400 with a pointer)', async () => {
      const res = await t.api('/api/v1/requests', { method: 'POST', json: requestBody({ requester: { name: 'Jan', email: 'x@example.nl', country: 'BEL' } }) });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { pointer: string }[] };
      expect(body.errors.map((e) => e.pointer)).toContain('/requester/country');
    });

    it('is declared in the OpenAPI description of the intake', async () => {
      const doc = JSON.stringify(await (await fetch(`${t.baseUrl}/api/openapi.json`)).json());
      expect(doc).toContain("The requester's own country (ISO 3166-1 alpha-2");
    });
  });

  describe('the identification letter follows the requester\'s country', () => {
    async function identificationText(requester: Record<string, unknown>): Promise<string> {
      const r = await create(requester);
      const classified = await t.api(`/api/v1/requests/${r.id}/events`, { method: 'POST', headers: { 'if-match': `"${r.version}"` }, json: { type: 'CLASSIFY', scope: 'in-house' } });
      expect(classified.status).toBe(200);
      const res = await t.api(`/api/v1/requests/${r.id}/verification`, {
        method: 'POST',
        json: { method: 'id-document', reason: 'Het verzoek kwam van een onbekend adres en vraagt alle gegevens.', lessIntrusiveUnsuitable: 'Geen account en geen bekend telefoonnummer.' },
      });
      expect(res.status).toBe(201);
      // The outbox counts due dates in database time.
      clock.set(new Date(Date.now() + 60_000));
      for (let i = 0; i < 20; i++) {
        const [m] = await db.query(`SELECT status, text FROM messages WHERE request_id = $1 AND template = 'identification-request'`, [r.id]);
        if (m?.status === 'sent') return m.text as string;
        await t.service.app.get(OutboxWorker).runOnce();
      }
      const rows = await db.query(`SELECT template, status, last_error FROM messages WHERE request_id = $1`, [r.id]);
      throw new Error(`the identification letter was not sent: ${JSON.stringify(rows)}`);
    }

    it('a Belgian requester at a Dutch processor: the rijksregisternummer, the front of the card only, KOPIE for the processor', async () => {
      const text = await identificationText({ email: 'jan@example.be', country: 'BE' });
      expect(text).toContain('rijksregisternummer');
      expect(text).not.toContain('burgerservicenummer');
      expect(text).toContain('Stuur van een identiteitskaart alleen de voorkant');
      expect(text).toMatch(/KOPIE voor .+, identiteitscontrole verzoek AVG-\d{4}-\d{6}, <datum>/);
      expect(text).toContain('advocaat, ouder, voogd, bewindvoerder of curator');
    });

    it('an unknown country: both Dutch and Belgian documents', async () => {
      const text = await identificationText({ email: 'jan@example.com' });
      expect(text).toContain('burgerservicenummer');
      expect(text).toContain('rijksregisternummer');
    });
  });
});
