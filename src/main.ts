import 'reflect-metadata';
import { ConfigError, loadConfig, processEnv } from './config/config.js';
import { DataDirInUseError, readLock } from './database/embedded.js';
import { describeError } from './common/error-text.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Open keep-alive connections may still send during this time (answered with 503 on /health, Connection: close). */
const SHUTDOWN_GRACE_MS = 1_000;
/** A stop that has not finished by then exits 1. */
const SHUTDOWN_LIMIT_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(processEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(2);
    }
    throw err;
  }
  // A DATA_DIR another process serves is refused at once (startEmbedded takes the lock itself).
  const owner = config.databaseUrl ? undefined : readLock(config.dataDir);
  if (owner) {
    process.stderr.write(new DataDirInUseError(config.dataDir, owner).message + '\n');
    process.exit(3);
  }
  // Loaded once the settings are valid: a configuration error is reported without loading the whole service.
  const [{ startService }, { describeStartError, startBanner }, { CREDENTIALS_FILE }] = await Promise.all([
    import('./bootstrap.js'),
    import('./start-banner.js'),
    import('./initial-credentials.js'),
  ]);
  let service;
  try {
    service = await startService(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      process.stderr.write(err.message + '\n');
      process.exit(3);
    }
    // One line naming the setting; the stack only when asked for.
    process.stderr.write(describeStartError(err, config) + '\n');
    if (config.logLevel === 'debug' || config.logLevel === 'trace') process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  }
  process.stdout.write(
    startBanner({
      // With PORT=0 the address in the configuration names no port: the one actually listening.
      baseUrl: config.port === 0 ? service.url : service.config.publicBaseUrl,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      smtpUrl: config.smtpUrl,
      // The mail intake's source (its own setting once the inbox module is in).
      imapUrl: processEnv().IMAP_URL || undefined,
      outboxWorker: config.outbox.worker,
      credentialsFile: service.credentialsFile,
      credentialsFileExists: existsSync(join(config.dataDir, CREDENTIALS_FILE)),
      demoRequests: service.demoRequests,
    }),
  );

  // A lost connection or a forgotten promise is logged (code and message, without e-mail
  // addresses) and the service carries on: the pool replaces the connection, the poll loops retry.
  process.on('unhandledRejection', (reason: unknown) => {
    service.logger.error({ err: { name: (reason as Error)?.name, message: describeError(reason) } }, 'unhandled rejection');
  });
  process.on('uncaughtException', (err: Error) => {
    service.logger.error({ err: { name: err?.name, message: describeError(err) } }, 'uncaught exception');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS);
    force.unref();
    service
      .close({ graceMs: SHUTDOWN_GRACE_MS })
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        service.logger.error({ err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Start failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
