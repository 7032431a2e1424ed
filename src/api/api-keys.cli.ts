/** `npm run cli -- api-keys create|list|revoke`. */
import type { Command } from 'commander';
import { withDatabase } from '../cli/with-database.js';
import { API_SCOPES, type ApiScope } from '../common/auth.decorators.js';
import { ApiKeysService, KEY_CACHE_MS } from './api-keys.service.js';

export function registerApiKeyCommands(program: Command): void {
  const apiKeys = program.command('api-keys').description('manage API keys of helpdesk clients');

  apiKeys
    .command('create')
    .description('create an API key for a new client (--name, unique) or another key for an existing client (--client); the key is printed once')
    .option('--name <name>', 'name of a new client, e.g. zendesk (unique; an existing name is refused)')
    .option('--client <id>', 'id of an existing client (see api-keys list): same requests, webhooks and externalRefs')
    .requiredOption('--scope <scope...>', `scopes: ${API_SCOPES.join(', ')} (a key sees only its client's requests unless it has requests:all)`)
    .action(async (opts: { name?: string; client?: string; scope: string[] }) => {
      if (!opts.name === !opts.client) throw new Error('Give either --name <name> (a new client) or --client <id> (an existing client).');
      const unknown = opts.scope.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
      if (unknown.length) throw new Error(`Unknown scope(s): ${unknown.join(', ')}. Known: ${API_SCOPES.join(', ')}`);
      await withDatabase(async (db) => {
        const keys = new ApiKeysService(db);
        const scopes = opts.scope as ApiScope[];
        const created = opts.name
          ? { ...(await keys.create(opts.name, scopes)), clientName: opts.name }
          : await keys.addKey(opts.client!, scopes);
        if (!created) throw new Error(`No API client ${opts.client}.`);
        process.stdout.write(`API key ${created.id} for ${created.clientName} (${opts.scope.join(' ')}):\n${created.key}\nStore it now: it is not shown again.\n`);
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
          process.stdout.write(`${k.id}  ${k.clientName} (client ${k.clientId})  ${k.keyPrefix}…  [${k.scopes.join(' ')}]  ${status}  last used: ${used}\n`);
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
