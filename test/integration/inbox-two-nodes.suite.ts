/**
 * Two app instances on one real PostgreSQL reading one mail folder: every mail becomes exactly one
 * request, whichever node reads it first, and every file ends in verwerkt/ once.
 */
import { existsSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { FolderSource } from '../../src/inbox/folder-source.js';
import { InboxService } from '../../src/inbox/inbox.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, needsRealPostgres, type TestDatabase } from '../support/db.js';
import { waitUntil } from '../support/replies-smtp.js';
import { plainMail } from '../support/mails.js';

const run = needsRealPostgres('two app instances sharing one database') ? describe : describe.skip;

run('two nodes reading one mail folder', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let second: FolderSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { OUTBOX_WORKER: 'false', INBOX_POLL_MS: '100' };
    a = await startTestApp({ database, env });
    b = await startTestApp({ database, env: { ...env, INBOX: 'false' } });
    // Node b reads node a's folder (a shared DATA_DIR/inbox), with its own intake and database pool.
    second = new FolderSource(join(a.service.config.dataDir, 'inbox'), b.service.app.get(InboxService), pino({ level: 'silent' }), 100);
    await second.start();
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await b?.close();
    await a?.close();
    await database?.drop();
  });

  it('takes each of 40 mails in exactly once', async () => {
    const inbox = join(a.service.config.dataDir, 'inbox');
    for (let i = 0; i < 40; i++) {
      writeFileSync(join(inbox, `.m${i}.tmp`), plainMail({ from: `twee-${i}@example.nl` }));
      renameSync(join(inbox, `.m${i}.tmp`), join(inbox, `m${i}.eml`));
    }
    await waitUntil(() => readdirSync(inbox).filter((f) => f.endsWith('.eml')).length === 0, 20_000);
    const [row]: { n: number; d: number }[] = await a.service.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n, count(DISTINCT requester_email)::int AS d FROM requests WHERE requester_email LIKE 'twee-%'`);
    expect(row).toEqual({ n: 40, d: 40 });
    const done = readdirSync(join(inbox, 'verwerkt'));
    expect(done.filter((f) => /^m\d+(-\d+)?\.eml$/.test(f)).length).toBe(40);
    expect(existsSync(join(inbox, 'onleesbaar')) ? readdirSync(join(inbox, 'onleesbaar')) : []).toEqual([]);
  });
});
