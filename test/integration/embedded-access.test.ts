/**
 * The embedded database (PGlite served by pglite-socket) is reachable only by the service's own
 * OS user: a local user without access to DATA_DIR cannot connect, while the service (same user)
 * can. Runs with or without DATABASE_URL (it starts its own embedded server).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbedded, type EmbeddedDatabase } from '../../src/database/embedded.js';
import { seedDataDir } from '../support/db.js';

const NOBODY = 65534;

let dir: string;
let embedded: EmbeddedDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vr-embedded-'));
  chmodSync(dir, 0o755); // a DATA_DIR others may look into, as /var/lib/… often is
  seedDataDir(dir);
  embedded = await startEmbedded(dir, { maxConnections: 4 });
});
afterAll(async () => {
  await embedded?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Connects to what `url` names as another OS user, the way `pg` does (the Unix socket
 * `<host>/.s.PGSQL.<port>` when `host` is a folder, else TCP); returns "connected" or the error
 * code. Plain `node:net`, so the probe needs nothing from the checkout (which that user may not
 * be able to read). The server runs in this process: no sync spawn.
 */
async function connectAs(uid: number, url: string): Promise<string> {
  const script = join(dir, 'probe.mjs');
  writeFileSync(
    script,
    `import net from 'node:net';
     const u = new URL(process.argv[2]);
     const host = u.searchParams.get('host') ?? u.hostname;
     const port = Number(u.port || 5432);
     const s = host.startsWith('/') ? net.connect(host + '/.s.PGSQL.' + port) : net.connect(port, host);
     s.setTimeout(5000, () => { console.log('timeout'); s.destroy(); });
     s.on('connect', () => { console.log('connected'); s.end(); });
     s.on('error', (e) => console.log(e.code ?? e.message));`,
  );
  chmodSync(script, 0o644);
  return new Promise((resolve) =>
    execFile(process.execPath, [script, url], { uid, gid: uid, encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => resolve((stdout || stderr || String(err)).trim())),
  );
}

it('the service itself connects with the URL it was given', async () => {
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  } finally {
    await client.end();
  }
});

it('listens on no TCP port: the URL names a Unix socket inside DATA_DIR, in a folder only the owner may enter', () => {
  const socketDir = new URL(embedded.url).searchParams.get('host');
  expect(socketDir).toBe(join(dir, 'socket'));
  expect(statSync(socketDir!).mode & 0o777).toBe(0o700);
  expect(statSync(socketDir!).uid).toBe(process.getuid!());
});

const asRoot = process.getuid?.() === 0;
(asRoot ? it : it.skip)('another local user cannot connect, with the same URL', async () => {
  expect(await connectAs(NOBODY, embedded.url)).toMatch(/EACCES|ENOENT/);
});
if (!asRoot) console.log('skipped: connecting as another OS user needs root to switch user');
