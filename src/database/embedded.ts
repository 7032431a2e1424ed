/**
 * The embedded PostgreSQL: PGlite persisted in DATA_DIR/pgdata, served over the PostgreSQL wire
 * protocol by pglite-socket, so the `pg` driver, TypeORM and pg-boss use it as any PostgreSQL.
 * PGlite accepts every connection without a password, so it listens on no TCP port: only on a
 * Unix socket in DATA_DIR/socket, a folder only the service's OS user may enter (0700). Another
 * local user cannot connect, whatever it knows. One process owns a DATA_DIR: a lock file holds its pid and the server's
 * URL, so a second server is refused and the admin CLI can connect to the running one.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface LockInfo {
  pid: number;
  url?: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockInfo,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another Verzoekrouter process (pid ${owner.pid}). ` +
        'Stop that process first, or use another DATA_DIR.',
    );
    this.name = 'DataDirInUseError';
  }
}

function lockPath(dataDir: string): string {
  return join(dataDir, 'pgdata.lock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner of DATA_DIR's embedded database, if any. */
export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return info.pid !== process.pid && isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Takes DATA_DIR's lock (a stale one is removed); returns its release. Refused while a live process owns it. */
export function acquireLock(dataDir: string): () => void {
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readLock(dataDir);
      if (owner) throw new DataDirInUseError(dataDir, owner);
      unlinkSync(path); // stale: its process is gone (e.g. killed with -9)
    }
  }
  throw new Error(`Could not lock ${path}`);
}

/** The longest Unix socket path the platforms accept (sun_path is 104 bytes on macOS, 108 on Linux). */
const MAX_SOCKET_PATH = 100;
/** The port in the socket's name (`.s.PGSQL.<port>`, as libpq and `pg` look for it). */
const SOCKET_PORT = 5432;

/**
 * The folder of the server's Unix socket: DATA_DIR/socket with mode 0700 (so only this OS user
 * can connect); a stale socket of a killed process is removed. When that path is too long for a
 * Unix socket, a private (0700) temporary folder instead, removed at stop.
 */
function socketFolder(dataDir: string): { dir: string; temporary: boolean } {
  let dir = join(dataDir, 'socket');
  let temporary = false;
  if (Buffer.byteLength(join(dir, `.s.PGSQL.${SOCKET_PORT}`)) > MAX_SOCKET_PATH) {
    dir = mkdtempSync(join(tmpdir(), 'vr-pg-'));
    temporary = true;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  rmSync(join(dir, `.s.PGSQL.${SOCKET_PORT}`), { force: true });
  return { dir, temporary };
}

/** A `pg` connection URL for the socket in `dir` (libpq style: the folder in `host`). */
export function socketUrl(dir: string): string {
  return `postgres://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(dir)}&sslmode=disable`;
}

/**
 * pglite-socket removes every listener of a client's socket when it detaches it (after an error
 * or a close) and then ends the socket: an error after that (EPIPE, ECONNRESET) would be an
 * unhandled 'error' event. Each accepted socket keeps a listener of its own for its whole life.
 */
function keepSocketErrorsHandled(server: PGLiteSocketServer): void {
  const net = (server as unknown as { server?: Server }).server;
  net?.on('connection', (socket: Socket) => {
    const keep = () => undefined;
    socket.on('error', keep);
    const original = socket.removeAllListeners.bind(socket);
    socket.removeAllListeners = ((event?: string | symbol) => {
      original(event);
      if (event === undefined || event === 'error') socket.on('error', keep);
      return socket;
    }) as Socket['removeAllListeners'];
  });
}

/** The extensions the migrations create (pg_trgm: the queue's search indexes); every PGlite instance loads them. */
export const EMBEDDED_EXTENSIONS = { pg_trgm };

export async function startEmbedded(dataDir: string, options: { maxConnections: number }): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const release = acquireLock(dataDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let socket: { dir: string; temporary: boolean } | undefined;
  const removeSocket = () => {
    if (socket?.temporary) rmSync(socket.dir, { recursive: true, force: true });
  };
  try {
    db = await PGlite.create({ dataDir: join(dataDir, 'pgdata'), extensions: EMBEDDED_EXTENSIONS });
    socket = socketFolder(dataDir);
    server = new PGLiteSocketServer({ db, path: join(socket.dir, `.s.PGSQL.${SOCKET_PORT}`), maxConnections: options.maxConnections });
    await server.start();
    keepSocketErrorsHandled(server);
    const url = socketUrl(socket.dir);
    const fd = openSync(lockPath(dataDir), 'w', 0o600);
    writeSync(fd, JSON.stringify({ pid: process.pid, url }));
    closeSync(fd);
    let stopped = false;
    return {
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server!.stop();
        await db!.close();
        removeSocket();
        release();
      },
    };
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    removeSocket();
    release();
    throw err;
  }
}
