import 'reflect-metadata';
import { startService } from './bootstrap.js';
import { ConfigError, loadConfig, processEnv } from './config/config.js';
import { DataDirInUseError } from './database/embedded.js';

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
  let service;
  try {
    service = await startService(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      process.stderr.write(err.message + '\n');
      process.exit(3);
    }
    throw err;
  }
  if (service.credentialsFile) {
    process.stdout.write(
      `Initial credentials (admin login and API key) written to ${service.credentialsFile}\n` +
        `Agent UI: ${service.config.publicBaseUrl}/ui\n`,
    );
  }
  process.stdout.write(`Verzoekrouter listening on ${service.config.publicBaseUrl} (health: /health)\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    service.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    service
      .close()
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
