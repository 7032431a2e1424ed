/** `npm run cli -- backup <file>` / `restore <file> [--force]` for the embedded database. */
import type { Command } from 'commander';
import { loadConfig, processEnv } from '../config/config.js';
import { backupEmbedded, KEY_FILE, restoreEmbedded } from './backup.js';

function embeddedDataDir(command: string): string {
  const config = loadConfig(processEnv());
  if (config.databaseUrl) {
    throw new Error(`${command} is for the embedded database; with DATABASE_URL use pg_dump / pg_restore or your PostgreSQL's point-in-time recovery (see README, Operations).`);
  }
  return config.dataDir;
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('write a consistent copy of the embedded database (DATA_DIR/pgdata) to <file> (gzip tar); the service must be stopped')
    .action(async (file: string) => {
      const dataDir = embeddedDataDir('backup');
      const result = await backupEmbedded(dataDir, file);
      process.stdout.write(
        `Backup written to ${result.file} (${result.bytes} bytes, mode 0600).\n` +
          `It holds personal data: store it like the database. ${KEY_FILE} is not in it: keep a copy of ${dataDir}/${KEY_FILE} apart, a restore needs it.\n`,
      );
    });

  program
    .command('restore <file>')
    .description('restore the embedded database of DATA_DIR from a backup; refused while a service uses DATA_DIR')
    .option('--force', 'replace an existing database (it is moved aside, not deleted)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const dataDir = embeddedDataDir('restore');
      const result = await restoreEmbedded(dataDir, file, { force: opts.force });
      process.stdout.write(`Restored ${file} into ${dataDir}/pgdata.\n`);
      if (result.previous) process.stdout.write(`The previous database was moved to ${result.previous}.\n`);
      if (!result.keyPresent) {
        process.stdout.write(`Warning: ${dataDir}/${KEY_FILE} is missing. Copy the key of the backed-up installation there before starting, or routing and encrypted secrets will not work.\n`);
      }
    });
}
