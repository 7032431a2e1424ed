/**
 * Mail intake through the folder source: 1,000 mails (each a new request) written into the inbox
 * folder at once, as a mail server renames them into place. Figures: mails per second (first file
 * seen → last request stored) and the p50/p95 time from a file first seen to its request stored
 * (it includes the wait for a fresh file to prove complete, STABLE_MS, and the queue of a burst).
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { FolderSource } from '../src/inbox/folder-source.js';
import { InboxService } from '../src/inbox/inbox.service.js';
import { bench, benchDatabase, benchService, percentile } from './support.js';

const MAILS = 1000;

function mail(i: number): string {
  return [
    `From: Bench Persoon ${i} <bench.${i}@example.nl>`,
    'To: privacy@verwerker.example',
    `Subject: Inzage in mijn gegevens (${i})`,
    `Message-ID: <${randomUUID()}@bench.example>`,
    'Date: Mon, 1 Jan 2024 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Beste heer, mevrouw,',
    '',
    'Ik wil graag weten welke gegevens u van mij verwerkt en daarna wil ik dat u ze verwijdert.',
    '',
    'Met vriendelijke groet,',
    `Bench Persoon ${i}`,
    '',
  ].join('\r\n');
}

export async function run(): Promise<void> {
  const db = await benchDatabase();
  // The built-in source is off: the benchmark drives its own on the service's intake, to time each mail.
  const svc = await benchService(db, { DB_POOL_SIZE: db.kind === 'embedded' ? '1' : '8', OUTBOX_WORKER: 'false', INBOX: 'false' });
  const dir = join(svc.service.config.dataDir, 'bench-inbox');
  mkdirSync(dir, { recursive: true });
  const latencies: number[] = [];
  let errors = 0;
  let firstSeen = Infinity;
  let lastStored = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const source = new FolderSource(dir, svc.service.app.get(InboxService), pino({ level: 'silent' }), 200, (_file, outcome, ms) => {
    const now = Date.now();
    if (outcome.kind !== 'request') errors++;
    latencies.push(ms);
    firstSeen = Math.min(firstSeen, now - ms);
    lastStored = Math.max(lastStored, now);
    if (latencies.length === MAILS) done();
  });
  try {
    // Written under hidden names first, then renamed into place at once (a burst).
    for (let i = 0; i < MAILS; i++) {
      writeFileSync(join(dir, `.m${i}.tmp`), mail(i));
    }
    await source.start();
    for (let i = 0; i < MAILS; i++) renameSync(join(dir, `.m${i}.tmp`), join(dir, `m${i}.eml`));
    await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error('inbox bench: not all mails taken in within 10 minutes')), 600_000))]);
    const sorted = latencies.sort((a, b) => a - b);
    bench('inbox', 'mails_per_second', (MAILS / (lastStored - firstSeen)) * 1000, 'mails/s');
    bench('inbox', 'p50_ms', percentile(sorted, 50), 'ms');
    bench('inbox', 'p95_ms', percentile(sorted, 95), 'ms');
    bench('inbox', 'errors', errors + readdirSync(join(dir, 'onleesbaar')).length, 'count');
    process.stderr.write(`database: ${db.kind}\n`);
  } finally {
    await source.stop();
    await svc.close();
    await db.drop();
  }
}
