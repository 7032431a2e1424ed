/** Shared pieces of the benchmarks: an own database, the service on a free port, percentiles. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '../src/bootstrap.js';
import { loadConfig, processEnv } from '../src/config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch.js';
import type { InitialCredentials } from '../src/initial-credentials.js';

export function bench(suite: string, figure: string, value: number, unit: string): void {
  process.stdout.write(`BENCH ${suite}.${figure} ${Number.isInteger(value) ? value : value.toFixed(3)} ${unit}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export type BenchDatabase = ScratchDatabase;

/** A database of the benchmark's own: a fresh one on DATABASE_URL's server, else embedded in a temp folder. */
export function benchDatabase(maxConnections = 64): Promise<BenchDatabase> {
  return createScratchDatabase(processEnv().DATABASE_URL, 'vr_bench', maxConnections);
}

export interface BenchService {
  service: RunningService;
  apiKey: string;
  close(): Promise<void>;
}

export async function benchService(db: BenchDatabase, env: Record<string, string> = {}): Promise<BenchService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vr-bench-data-'));
  const service = await startService(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      IDENTIFIER_KEY: 'bench-identifier-key-0123456789abcdef',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      // No minute sweep in the middle of a measurement.
      SCHEDULED_JOBS: 'false',
      // Throughput, not the per-client rate limit (its in-memory bucket is still on the path).
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    }),
  );
  const credentials = JSON.parse(readFileSync(service.credentialsFile!, 'utf8')) as InitialCredentials;
  return {
    service,
    apiKey: credentials.apiKey,
    async close() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
