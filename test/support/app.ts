/** Starts the whole service in-process on a free port against an isolated test database. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeysService } from '../../src/api/api-keys.service.js';
import { API_SCOPES, type ApiScope } from '../../src/common/auth.decorators.js';
import { startService, type RunningService } from '../../src/bootstrap.js';
import type { Clock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import type { InitialCredentials } from '../../src/initial-credentials.js';
import { contractFetch } from './contract.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { writeTestPrivacyFacts } from './privacy-facts.js';
import { completeFirstLogin } from './ui-client.js';

export const TEST_IDENTIFIER_KEY = 'test-identifier-key-0123456789abcdef';

export interface TestApp {
  baseUrl: string;
  service: RunningService;
  database: TestDatabase;
  credentials: InitialCredentials;
  apiKey: string;
  /** fetch with the bootstrap API key (all scopes). */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse a database (e.g. to restart the app on the same data); it is then not dropped on close. */
  database?: TestDatabase;
  /**
   * Leave the initial admin password as the credentials file has it. By default the test app makes
   * the first login's forced change (to `<initial>-gewijzigd`), and `credentials` holds the new one.
   */
  keepInitialPassword?: boolean;
  /** false: no privacy facts file in DATA_DIR (by default a complete fictional one, test/support/privacy-facts.ts). */
  privacyFacts?: false;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'vr-test-data-'));
  // A complete privacy facts file in DATA_DIR (the in-house completion letter needs it), unless the test sets PRIVACY_FACTS_FILE.
  if (options.privacyFacts !== false) writeTestPrivacyFacts(dataDir);
  try {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      IDENTIFIER_KEY: TEST_IDENTIFIER_KEY,
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DEMO_DATA: 'false',
      // Time events only when a test sends them (DeadlineSweeper.sweep) or turns the schedule on.
      SCHEDULED_JOBS: 'false',
      // One connection on the embedded server (one backend session), as the service does itself.
      DB_POOL_SIZE: database.kind === 'embedded' ? '1' : '5',
      ...options.env,
    });
    const service = await startService(config, { clock: options.clock });
    // The contract check (contract.ts) compiles a validator the first time an operation answers,
    // blocking this process (server included) for a moment; on a loaded machine that can outlast
    // Node's 5 s keep-alive, and the server's close would race the next call (ECONNRESET).
    const server = service.app.getHttpServer() as { keepAliveTimeout: number };
    server.keepAliveTimeout = 60_000;
    // On a database that already has its credentials (a restart), the test gets a key of its own.
    const credentials: InitialCredentials = service.credentialsFile
      ? (JSON.parse(readFileSync(service.credentialsFile, 'utf8')) as InitialCredentials)
      : { agent: { username: 'admin', password: '' }, apiKey: (await service.app.get(ApiKeysService).create(`test-${randomUUID()}`, API_SCOPES)).key };
    if (service.credentialsFile && !options.keepInitialPassword) {
      const { username, password } = credentials.agent;
      credentials.agent = { username, password: await completeFirstLogin(service.url, username, password) };
    }
    const apiKey = credentials.apiKey;
    return {
      baseUrl: service.url,
      service,
      database,
      credentials,
      apiKey,
      api: apiWithKey(service.url, apiKey),
      async close() {
        await service.close();
        if (!options.database) await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
        // pg-boss lets its stopped workers wind down in a loop of 1 s delays after stop() resolved;
        // on the slower embedded database one may still be waiting. Let it finish before Jest
        // tears the module registry down (its delay would fail to load node:timers/promises).
        if (database.kind === 'embedded') await new Promise((r) => setTimeout(r, 1100));
      },
    };
  } catch (err) {
    if (!options.database) await database.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

export type ApiFetch = TestApp['api'];

/**
 * The API as seen with `key` (as Bearer, unless the call names another): a JSON body from `init.json`.
 * Each exchange under /api/v1 is checked against /api/openapi.json: an undeclared status, content
 * type or field rejects the call with a ContractViolation (test/support/contract.ts).
 */
export function apiWithKey(baseUrl: string, key: string | undefined): ApiFetch {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization') && key) headers.set('authorization', `Bearer ${key}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    // Every response is checked against the service's OpenAPI document (test/support/contract.ts).
    return contractFetch(baseUrl, path, { ...init, headers, body, requestJson: init.json });
  };
}

/** A new API client of its own (own rate limit, externalRefs, webhooks and requests) and the API as it sees it. */
export async function newApiClient(t: TestApp, name: string, scopes: readonly ApiScope[]): Promise<ApiFetch> {
  const { key } = await t.service.app.get(ApiKeysService).create(name, [...scopes]);
  return apiWithKey(t.baseUrl, key);
}
