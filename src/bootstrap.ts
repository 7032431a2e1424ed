/**
 * Starting and stopping the service: the embedded database when DATABASE_URL is unset, the Nest
 * application, migrations, initial credentials, then readiness. Used by main.ts and by tests.
 */
import { InboxSources } from './inbox/inbox.module.js';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import { createLogger, httpLogger, PinoNestLogger, requestIdMiddleware } from './common/logger.js';
import { ProblemException } from './common/problem.js';
import { expressProblemHandler, sendProblem } from './common/problem.filter.js';
import type { AppConfig } from './config/config.js';
import type { ResolvedConfig } from './config/config.module.js';
import { resolveSecrets } from './config/secrets.js';
import { startEmbedded, type EmbeddedDatabase } from './database/embedded.js';
import { Readiness } from './health/readiness.js';
import { HttpDrain } from './http/http-drain.js';
import { InitialCredentialsService } from './initial-credentials.js';
import { DemoDataService } from './agent-ui/demo-data.service.js';
import { DataControllersService } from './data-controllers/data-controllers.service.js';
import { JobsService } from './jobs/jobs.service.js';
import { OutboxWorker } from './replies/outbox.worker.js';
import { setupOpenApi } from './api/openapi/openapi.js';
import { WebhookWorker } from './webhooks/webhook.worker.js';
import { MetricsService } from './metrics/metrics.service.js';
import { exceptExportUpload } from './processor-tasks/export-upload.js';
import { inputDepthGuard, unsupportedMediaTypeGuard } from './http/input-guard.js';
import { securityHeaders } from './http/security-headers.js';

export interface RunningService {
  app: NestExpressApplication;
  config: ResolvedConfig;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:3000 */
  url: string;
  databaseUrl: string;
  logger: Logger;
  /** Set on the first start of an empty database. */
  credentialsFile?: string;
  /** How many fictional requests the demo data put in an empty database at this start (0: none). */
  demoRequests: number;
  /**
   * Stops: /health 503 and `Connection: close` at once, open keep-alive connections may send for
   * `graceMs` more (default 0), in-flight requests finish, then jobs, workers and pools.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** How long a stop waits for in-flight requests before it closes their connections. */
const HTTP_DRAIN_DEADLINE_MS = 5_000;

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
}

/** Extra connections the embedded server accepts beyond the application pool (CLI, job queue, tests). */
const EMBEDDED_EXTRA_CONNECTIONS = 12;
const MIGRATION_LOCK_ID = 727_146_001;

export async function startService(appConfig: AppConfig, options: StartOptions = {}): Promise<RunningService> {
  const config = resolveSecrets(appConfig);
  const logger = options.logger ?? createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbedded(config.dataDir, { maxConnections: config.dbPoolSize + EMBEDDED_EXTRA_CONNECTIONS });
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      // PGlite is one backend session: its socket multiplexer loses unnamed portals when several
      // connections interleave transactions, so the embedded service queues on one connection.
      AppModule.forRoot({ config: embedded ? { ...config, dbPoolSize: 1 } : config, databaseUrl, logger, clock: options.clock }),
      { bodyParser: false, logger: new PinoNestLogger(logger), abortOnError: false },
    );
    const readiness = app.get(Readiness);
    app.use(requestIdMiddleware());
    app.use(securityHeaders());
    app.use(app.get(MetricsService).middleware());
    if (logger.isLevelEnabled('info')) app.use(httpLogger(logger));
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (readiness.isReady() || req.path.startsWith('/health')) return next();
      sendProblem(res, new ProblemException(503, 'starting', 'Service starting', 'The service is starting; try again shortly.', { retryAfter: 2 }));
    });
    // An export upload (PUT …/tasks/:taskId/export) is read raw by its handler, after the API key guard.
    app.use(exceptExportUpload(unsupportedMediaTypeGuard()));
    app.use(exceptExportUpload(express.json({ limit: '1mb', type: ['application/json'] })));
    app.use(exceptExportUpload(express.urlencoded({ extended: false, limit: '1mb' })));
    app.use(inputDepthGuard());
    app.use(expressProblemHandler(logger));
    app.disable('x-powered-by');
    app.set('trust proxy', 'loopback');
    setupOpenApi(app);

    const drain = new HttpDrain(app.getHttpServer());
    await app.listen(config.port, config.host);
    const address = app.getHttpServer().address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

    await migrate(app.get(DataSource), databaseUrl, !embedded, logger);
    const credentialsFile = await app.get(InitialCredentialsService).ensure();
    const demoRequests = await app.get(DemoDataService).loadIfEmpty();
    await app.get(DataControllersService).ensureSelfController();
    await app.get(JobsService).start();
    readiness.markReady();
    app.get(OutboxWorker).start();
    app.get(WebhookWorker).start();
    await app.get(InboxSources).start();
    // At debug level, as the steps before it: `npm start` prints its banner (src/start-banner.ts) instead.
    logger.debug({ url, database: embedded ? 'embedded' : 'postgres' }, 'ready');

    const started = app;
    let closing: Promise<void> | undefined;
    return {
      app: started,
      config,
      url,
      databaseUrl,
      logger,
      credentialsFile,
      demoRequests,
      close: (closeOptions = {}) =>
        (closing ??= (async () => {
          readiness.markStopping();
          const graceMs = closeOptions.graceMs ?? 0;
          await drain.drain({ graceMs, deadlineMs: graceMs + HTTP_DRAIN_DEADLINE_MS });
          await started.close();
          await embedded?.stop();
        })()),
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}

/** Applies pending migrations; on a shared PostgreSQL one node at a time (advisory lock on its own session). */
async function migrate(db: DataSource, databaseUrl: string, shared: boolean, logger: Logger): Promise<void> {
  let lockClient: pg.Client | undefined;
  if (shared) {
    lockClient = new pg.Client({ connectionString: databaseUrl });
    // A lost connection fails the migration's queries; the event itself must not go unhandled.
    lockClient.on('error', (err: Error & { code?: string }) => logger.warn({ err: { code: err.code, message: err.message } }, 'migration lock connection lost'));
    await lockClient.connect();
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
  }
  try {
    const applied = await db.runMigrations();
    if (applied.length) logger.debug({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } finally {
    if (lockClient) {
      await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
      await lockClient.end();
    }
  }
}
