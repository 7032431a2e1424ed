/**
 * The migration that makes API clients tenants keeps every client's data: keys that shared a name
 * become one client, which owns their webhooks and idempotency records by id; names that differ
 * only in case were separate clients (their own externalRefs, webhooks and idempotency keys) and
 * stay separate, the later one renamed "<name> (2)"; a name found only in the data becomes a
 * client too; a second client of an existing name is refused.
 */
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ApiClients1790000019200 } from '../../migrations/1790000019200-apiClients.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('api-clients-migration', () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.drop();
  });

  it('gives existing keys one client per name, keeps case variants apart, keeps their webhooks and idempotency records, and refuses a duplicate name', async () => {
    database = await createTestDatabase({ migrated: false });
    const before = new DataSource({ ...dataSourceOptions(database.url, 1), migrations: MIGRATIONS.filter((m) => m !== ApiClients1790000019200) });
    await before.initialize();
    await before.runMigrations();
    // The later key spells the name differently: a client of its own until now, and it stays one.
    await before.query(`INSERT INTO api_keys (client_name, key_hash, key_prefix, scopes, created_at) VALUES
      ('zendesk', repeat('a', 64), 'vr_a', '{requests:read}', now()), ('Zendesk', repeat('b', 64), 'vr_b', '{requests:read}', now() + interval '1 day'),
      ('bootstrap', repeat('c', 64), 'vr_c', '{requests:read,webhooks:manage}', now()), ('zendesk', repeat('d', 64), 'vr_d', '{requests:read}', now())`);
    await before.query(`INSERT INTO webhook_subscriptions (api_client, url, events, secret_encrypted) VALUES ('zendesk', 'https://example.com/z', '{*}', 'x'), ('bootstrap', 'https://example.com/b', '{*}', 'y')`);
    await before.query(`INSERT INTO idempotency_keys (api_client, key, fingerprint) VALUES ('zendesk', 'k1', 'f'), ('Zendesk', 'k1', 'f'), ('gone', 'k1', 'f')`);
    await before.destroy();

    const after = new DataSource(dataSourceOptions(database.url, 1));
    await after.initialize();
    try {
      await after.runMigrations();
      const clients: { id: string; name: string }[] = await after.query(`SELECT id, name FROM api_clients ORDER BY lower(name)`);
      expect(clients.map((c) => c.name)).toEqual(['bootstrap', 'gone', 'zendesk', 'Zendesk (2)']);
      const id = Object.fromEntries(clients.map((c) => [c.name, c.id]));
      const keys: { prefix: string; client: string }[] = await after.query(`SELECT key_prefix AS prefix, client_id AS client FROM api_keys ORDER BY key_prefix`);
      expect(keys).toEqual([
        { prefix: 'vr_a', client: id.zendesk },
        { prefix: 'vr_b', client: id['Zendesk (2)'] },
        { prefix: 'vr_c', client: id.bootstrap },
        { prefix: 'vr_d', client: id.zendesk },
      ]);
      const hooks: { url: string; client: string }[] = await after.query(`SELECT url, api_client AS client FROM webhook_subscriptions ORDER BY url`);
      expect(hooks).toEqual([
        { url: 'https://example.com/b', client: id.bootstrap },
        { url: 'https://example.com/z', client: id.zendesk },
      ]);
      const claims: { client: string }[] = await after.query(`SELECT api_client AS client FROM idempotency_keys ORDER BY api_client`);
      expect(claims.map((c) => c.client).sort()).toEqual([id.gone, id.zendesk, id['Zendesk (2)']].sort());
      await expect(after.query(`INSERT INTO api_clients (name) VALUES ('BOOTSTRAP')`)).rejects.toThrow(/api_clients_name_key/);
    } finally {
      await after.destroy();
    }
  });
});
