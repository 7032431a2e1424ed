/**
 * Issue #18, part 3: a heavy dossier (a 20,000-character message and 100 notes of 10,000
 * characters) must not stall the service. The built service (dist/) runs as a child process; while
 * several dossier PDFs of that request are rendered in parallel, `/health/live` keeps answering
 * quickly (the PDF is laid out in a worker thread), every PDF is complete, and a download beyond
 * the node's cap is refused with a 503 problem and Retry-After instead of queueing without bound.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { requestBody } from '../../factories/requests.js';
import { createTestDatabase, needsRealPostgres, type TestDatabase } from '../../support/db.js';
import { looksLikePdf, pdfText } from '../../support/pdf.js';
import { freePort, serviceEnv, spawnService, waitForHealth, type ServiceProcess } from '../../support/process.js';

jest.setTimeout(240_000);

/** Distinct words, so every line of the PDF is laid out (no trivially repeated runs). */
function prose(length: number, seed: number): string {
  const words = ['verzoek', 'gegevens', 'verwerker', 'klant', 'inzage', 'wissing', 'bewaartermijn', 'factuur', 'account', 'contact'];
  let out = '';
  for (let i = 0; out.length < length; i++) out += `${words[(i * 7 + seed) % words.length]}${i % 13 === 12 ? '.\n' : ' '}`;
  return out.slice(0, length);
}

describe('a heavy dossier while the service keeps answering (built service)', () => {
  let database: TestDatabase | undefined;
  let proc: ServiceProcess | undefined;
  let db: pg.Client | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'vr-dossier-heavy-'));

  afterAll(async () => {
    await db?.end();
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps /health/live fast while dossier PDFs of 100 long notes render, and refuses beyond the cap with 503', async () => {
    if (!needsRealPostgres('a spawned service against its own database')) return;
    database = await createTestDatabase();
    const port = await freePort();
    proc = spawnService(
      serviceEnv(database.url, dataDir, port, {
        SCHEDULED_JOBS: 'false',
        OUTBOX_WORKER: 'false',
        WEBHOOK_WORKER: 'false',
        DOSSIER_PDF_THREADS: '1',
        DOSSIER_PDF_QUEUE: '2',
      }),
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    await Promise.race([
      waitForHealth(baseUrl, 120_000),
      proc.exited.then((code) => {
        throw new Error(`service exited with ${code}: ${proc!.output()}`);
      }),
    ]);
    const { apiKey } = JSON.parse(readFileSync(join(dataDir, 'initial-credentials.json'), 'utf8')) as { apiKey: string };
    const api = (path: string, init: RequestInit = {}) => fetch(baseUrl + path, { ...init, headers: { authorization: `Bearer ${apiKey}`, ...init.headers } });

    const filed = await api('/api/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestBody()) });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    // The heavy content goes straight into the tables: this test is about rendering, not input limits.
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const message = prose(20_000, 0);
    await db.query(`UPDATE requests SET message = $2 WHERE id = $1`, [id, message]);
    const notes = Array.from({ length: 100 }, (_, i) => `Notitie ${i + 1}: ${prose(10_000 - 20, i + 1)}`);
    await db.query(
      `INSERT INTO request_notes (request_id, author, text, created_at)
       SELECT $1, 'admin', n.text, now() + n.i * interval '1 second' FROM unnest($2::text[]) WITH ORDINALITY AS n(text, i)`,
      [id, notes],
    );

    // Three downloads at once (one renders, two wait: within the cap); /health/live probed meanwhile.
    const downloads = Array.from({ length: 3 }, () => api(`/api/v1/requests/${id}/dossier`).then(async (r) => ({ status: r.status, body: Buffer.from(await r.arrayBuffer()) })));
    let finished = false;
    void Promise.allSettled(downloads).then(() => (finished = true));
    const latencies: number[] = [];
    const until = Date.now() + 120_000;
    while (!finished && Date.now() < until) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/health/live`);
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
    }
    const results = await Promise.all(downloads);
    // eslint-disable-next-line no-console
    console.log(`/health/live during 3 heavy dossiers: ${latencies.length} probes, max ${Math.round(Math.max(...latencies))} ms, median ${Math.round(latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)])} ms`);
    expect(latencies.length).toBeGreaterThan(2);
    // The issue measured 3.5-8.3 s; a blocked event loop cannot answer within this bound.
    expect(Math.max(...latencies)).toBeLessThan(750);

    for (const r of results) {
      expect(r.status).toBe(200);
      expect(looksLikePdf(r.body)).toBe(true);
    }
    expect(results[1].body.length).toBe(results[0].body.length);

    // A burst beyond one rendering and two waiting: each download is the PDF or, when the node is
    // at its cap, refused at once with a 503 problem and Retry-After (how many depends on timing;
    // the cap itself is tested deterministically in test/unit/register/dossier-pdf-pool.test.ts).
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => api(`/api/v1/requests/${id}/dossier`).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), retryAfter: r.headers.get('retry-after'), body: await r.text() }))),
    );
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    for (const r of burst.filter((b) => b.status === 503)) {
      expect(r.type).toMatch(/^application\/problem\+json/);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
      expect(JSON.parse(r.body)).toMatchObject({ status: 503, code: 'dossier-busy' });
    }
    expect(burst.every((r) => r.status === 200 || r.status === 503)).toBe(true);
  });
});
