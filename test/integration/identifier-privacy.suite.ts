/**
 * Identifier values never reach the database or the logs: after adding, replacing, importing
 * (COPY) and routing with them, a dump of every table and every log line is searched for them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { startService, type RunningService } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { importIdentifiers } from '../../src/data-controllers/identifier-import.js';
import type { InitialCredentials } from '../../src/initial-credentials.js';
import { REQUEST_ROUTER, type RequestRouter } from '../../src/requests/request-router.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TEST_IDENTIFIER_KEY } from '../support/app.js';

describe('identifier-privacy', () => {
  /** Clear values as given, and their normalised forms: none may appear anywhere. */
  const SECRETS = {
    email: ['Geheim.Persoon@Verborgen.example', 'geheim.persoon@verborgen.example'],
    phone: ['06-12348765', '+31612348765', '612348765'],
    iban: ['NL91 ABNA 0417 1643 00', 'NL91ABNA0417164300', '0417164300'],
    customerRef: ['GEHEIM-KLANT-4711', 'geheim-klant-4711'],
    kvk: ['87654321'],
    vat: ['NL987654321B02'],
    imported: ['import.persoon@verborgen.example', '+31611223344', 'imp-klant-0815', '0611223344'],
  };
  const ALL = Object.values(SECRETS).flat();

  let database: TestDatabase;
  let service: RunningService;
  let dataDir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'vr-privacy-'));
    const logger = pino({ level: 'trace', base: { service: 'verzoekrouter' } }, { write: (line: string) => void logLines.push(line) });
    service = await startService(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        IDENTIFIER_KEY: TEST_IDENTIFIER_KEY,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'trace',
        DEMO_DATA: 'false',
        DB_POOL_SIZE: database.kind === 'embedded' ? '1' : '5',
      }),
      { logger },
    );
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps identifier values out of every table and every log line', async () => {
    const key = (JSON.parse(readFileSync(service.credentialsFile!, 'utf8')) as InitialCredentials).apiKey;
    const api = async (path: string, method: string, json: unknown) => {
      const res = await fetch(service.url + path, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const created = await api('/api/v1/controllers', 'POST', {
      name: 'Kapsalon Knip B.V.',
      country: 'NL',
      privacyContact: { email: 'privacy@knip.example' },
      tone: 'je',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    // One of each type, added and then sent again in full (a replace that changes nothing).
    const identifiers = [
      { type: 'email', value: SECRETS.email[0] },
      { type: 'phone', value: SECRETS.phone[0] },
      { type: 'iban', value: SECRETS.iban[0] },
      { type: 'customer-ref', value: SECRETS.customerRef[0] },
      { type: 'kvk', value: SECRETS.kvk[0] },
      { type: 'vat', value: SECRETS.vat[0] },
    ];
    const added = await api(`/api/v1/controllers/${id}/identifiers`, 'POST', { identifiers });
    expect(added.body).toMatchObject({ added: 6, invalid: [] });
    const replaced = await api(`/api/v1/controllers/${id}/identifiers`, 'PUT', { identifiers });
    expect(replaced.body).toMatchObject({ total: 6, unchanged: 6 });

    // The CLI import path: CSV streamed through COPY (INSERT batches on the embedded database) into the staging table.
    const db = service.app.get(DataSource);
    const runner = db.createQueryRunner();
    const client = (await runner.connect()) as pg.PoolClient;
    try {
      const csv = `type,value\nemail,${SECRETS.imported[0]}\nphone,${SECRETS.imported[3]}\ncustomer-ref,${SECRETS.imported[2].toUpperCase()}\nphone,not-a-number\n`;
      const summary = await importIdentifiers(client, {
        controllerId: id,
        identifierKey: TEST_IDENTIFIER_KEY,
        country: 'NL',
        input: Readable.from([csv]),
        staging: database.kind === 'embedded' ? 'insert' : 'copy',
      });
      expect(summary).toEqual({ rows: 4, added: 3, duplicates: 0, invalid: 1, invalidLines: [{ line: 5, reason: expect.any(String) }] });
    } finally {
      await runner.release();
    }

    const router = service.app.get<RequestRouter>(REQUEST_ROUTER);
    expect(await router.route({ email: SECRETS.email[0], phone: SECRETS.phone[0], customerRef: SECRETS.customerRef[0] })).toEqual([
      { controllerId: id, matchedBy: ['email', 'phone', 'customer-ref'] },
    ]);
    expect(await router.route({ email: null, phone: SECRETS.imported[1], customerRef: null })).toEqual([{ controllerId: id, matchedBy: ['phone'] }]);

    // Dump every table of the schema as text.
    const tables: { name: string }[] = await db.query(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['data_controllers', 'controller_identifiers']));
    let dump = '';
    for (const t of tables) {
      const rows: { row: string }[] = await db.query(`SELECT t::text AS row FROM ${t.name} t`);
      dump += rows.map((r) => r.row).join('\n') + '\n';
    }
    const identifierRows: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM controller_identifiers`);
    expect(identifierRows[0].n).toBe(9);
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const value of ALL) {
      expect({ value, inDatabase: dump.toLowerCase().includes(value.toLowerCase()) }).toEqual({ value, inDatabase: false });
      expect({ value, inLogs: logs.toLowerCase().includes(value.toLowerCase()) }).toEqual({ value, inLogs: false });
    }
  });
});
