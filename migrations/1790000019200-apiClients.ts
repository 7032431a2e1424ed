import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose `api_client` column named a client by its (not unique) name and now holds its id. */
const CLIENT_COLUMNS = ['requests', 'webhook_subscriptions', 'webhook_events', 'idempotency_keys'] as const;

/**
 * API clients are tenants (issue #19): every client has an id and a unique name (case-insensitive),
 * each key belongs to one client, and the requests, webhook subscriptions and events and
 * idempotency records a client owns name it by id. Keys that shared a name were one client in
 * effect (the same externalRefs, webhooks and idempotency records): they become one client. Names
 * that differ only in case were separate clients (each its own externalRefs and idempotency keys,
 * which may collide): they stay separate, the later one renamed "<name> (2)". Every other name
 * found in the owned tables becomes a client too, so no data loses its owner.
 */
export class ApiClients1790000019200 implements MigrationInterface {
  name = 'ApiClients1790000019200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        legacy_name text
      )`);
    // One client per name as written (the oldest date kept); of names equal but for case, the
    // oldest keeps its name and each later one gets " (2)", " (3)" … (names are unique in any case).
    await q.query(`
      INSERT INTO api_clients (name, legacy_name, created_at)
      SELECT CASE WHEN nth = 1 THEN name ELSE name || ' (' || nth || ')' END, name, created_at FROM (
        SELECT name, created_at, row_number() OVER (PARTITION BY lower(name) ORDER BY created_at, name) AS nth FROM (
          SELECT DISTINCT ON (name) name, created_at FROM (
            SELECT client_name AS name, created_at FROM api_keys
            ${CLIENT_COLUMNS.map((t) => `UNION ALL SELECT api_client, now() FROM ${t} WHERE api_client IS NOT NULL`).join('\n            ')}
          ) n ORDER BY name, created_at
        ) d
      ) x`);
    await q.query(`CREATE UNIQUE INDEX api_clients_name_key ON api_clients (lower(name))`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN client_id uuid REFERENCES api_clients(id)`);
    await q.query(`UPDATE api_keys k SET client_id = c.id FROM api_clients c WHERE c.legacy_name = k.client_name`);
    await q.query(`ALTER TABLE api_keys ALTER COLUMN client_id SET NOT NULL, DROP COLUMN client_name`);
    await q.query(`CREATE INDEX api_keys_client_idx ON api_keys (client_id)`);
    for (const table of CLIENT_COLUMNS) {
      await q.query(`UPDATE ${table} t SET api_client = c.id::text FROM api_clients c WHERE c.legacy_name = t.api_client`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN api_client TYPE uuid USING api_client::uuid`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_api_client_fkey FOREIGN KEY (api_client) REFERENCES api_clients(id)`);
    }
    await q.query(`ALTER TABLE api_clients DROP COLUMN legacy_name`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CLIENT_COLUMNS) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_api_client_fkey`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN api_client TYPE text USING api_client::text`);
      await q.query(`UPDATE ${table} t SET api_client = c.name FROM api_clients c WHERE c.id::text = t.api_client`);
    }
    await q.query(`ALTER TABLE api_keys ADD COLUMN client_name text`);
    await q.query(`UPDATE api_keys k SET client_name = c.name FROM api_clients c WHERE c.id = k.client_id`);
    await q.query(`ALTER TABLE api_keys ALTER COLUMN client_name SET NOT NULL, DROP COLUMN client_id`);
    await q.query(`DROP TABLE api_clients`);
  }
}
