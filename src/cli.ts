/**
 * Admin CLI: `npm run cli -- <command>`. Each module registers its own commands; they work
 * against DATABASE_URL, the embedded database of a running service, or start it themselves.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { registerApiKeyCommands } from './api/api-keys.cli.js';
import { registerIdentifierCommands } from './data-controllers/identifiers.cli.js';
import { registerMailCommands } from './replies/mail.cli.js';
import { registerRetentionCommands } from './retention/retention.cli.js';
import { registerBackupCommands } from './database/backup.cli.js';
import { ConfigError } from './config/config.js';

const program = new Command('verzoekrouter').description('Verzoekrouter admin CLI').showHelpAfterError();

registerApiKeyCommands(program);
registerIdentifierCommands(program);
registerMailCommands(program);
registerRetentionCommands(program);
registerBackupCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write((err instanceof ConfigError ? err.message : `Error: ${(err as Error).message}`) + '\n');
  process.exit(1);
});
