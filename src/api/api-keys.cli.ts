/** `npm run cli -- api-keys create|list|revoke`. */
import type { Command } from 'commander';
import { withDatabase } from '../cli/with-database.js';
import { API_SCOPES, type ApiScope } from '../common/auth.decorators.js';
import { ApiKeysService, KEY_CACHE_MS } from './api-keys.service.js';

export function registerApiKeyCommands(program: Command): void {
  const apiKeys = program.command('api-keys').description('manage API keys of helpdesk clients');

  apiKeys
    .command('create')
    .description('create an API key; the key is printed once')
    .requiredOption('--name <name>', 'client name, e.g. zendesk')
    .requiredOption('--scope <scope...>', `scopes: ${API_SCOPES.join(', ')}`)
    .action(async (opts: { name: string; scope: string[] }) => {
      const unknown = opts.scope.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
      if (unknown.length) throw new Error(`Unknown scope(s): ${unknown.join(', ')}. Known: ${API_SCOPES.join(', ')}`);
      await withDatabase(async (db) => {
        const { id, key } = await new ApiKeysService(db).create(opts.name, opts.scope as ApiScope[]);
        process.stdout.write(`API key ${id} for ${opts.name} (${opts.scope.join(' ')}):\n${key}\nStore it now: it is not shown again.\n`);
      });
    });

  apiKeys
    .command('list')
    .description('list API keys (never the keys themselves)')
    .action(async () => {
      await withDatabase(async (db) => {
        const rows = await new ApiKeysService(db).list();
        for (const k of rows) {
          const status = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
          const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : 'never';
          process.stdout.write(`${k.id}  ${k.clientName}  ${k.keyPrefix}…  [${k.scopes.join(' ')}]  ${status}  last used: ${used}\n`);
        }
        if (!rows.length) process.stdout.write('No API keys.\n');
      });
    });

  apiKeys
    .command('revoke <id>')
    .description('revoke an API key at once')
    .action(async (id: string) => {
      await withDatabase(async (db) => {
        const done = await new ApiKeysService(db).revoke(id);
          process.stdout.write(done ? `Revoked ${id}; running services refuse it within ${KEY_CACHE_MS / 1000} seconds.\n` : `No active API key ${id}.\n`);
        if (!done) process.exitCode = 1;
      });
    });
}
