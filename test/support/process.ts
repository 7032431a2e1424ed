/** Runs the built service (dist/src/main.js) as a child process, as `npm start` does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';
import { TEST_IDENTIFIER_KEY } from './app.js';

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnService(env: Record<string, string>): ServiceProcess {
  let out = '';
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitForHealth(baseUrl: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.status === 200) return (await res.json()) as Record<string, unknown>;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no healthy service at ${baseUrl} within ${timeoutMs} ms (${last})`);
}

/**
 * The process's output once it matches `pattern` (/health may answer before the service has
 * written its banner), or as it stands after `timeoutMs`, for the assertion to show.
 */
export async function outputMatching(proc: ServiceProcess, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return proc.output();
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * The environment of a service of its own on a test database: on loopback at `port`, with the
 * test identifier key, no demo data; `env` adds or overrides.
 */
export function serviceEnv(databaseUrl: string, dataDir: string, port: number, env: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: databaseUrl, IDENTIFIER_KEY: TEST_IDENTIFIER_KEY, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'false', ...env };
}
