/**
 * The migration that allows one registration per API client, URL and event set: event sets become
 * sorted without repeats, of registrations made twice before the rule the oldest stays and later
 * copies are deleted (they delivered every event twice), and a new copy is refused by the index.
 */
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { WebhookRegistrationOnce1790000023000 } from '../../migrations/1790000023000-webhookRegistrationOnce.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('webhook-registration-migration', () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.drop();
  });

  it('keeps the oldest of doubled registrations, sorts event sets, and refuses a new copy', async () => {
    database = await createTestDatabase({ migrated: false });
    const before = new DataSource({ ...dataSourceOptions(database.url, 1), migrations: MIGRATIONS.filter((m) => m !== WebhookRegistrationOnce1790000023000) });
    await before.initialize();
    await before.runMigrations();
    const [{ id: client }]: { id: string }[] = await before.query(`INSERT INTO api_clients (name) VALUES ('helpdesk') RETURNING id`);
    await before.query(
      `INSERT INTO webhook_subscriptions (api_client, url, events, secret_encrypted, created_at) VALUES
        ($1, 'https://example.com/h', '{request.routed,request.closed}', 'a', now() - interval '2 days'),
        ($1, 'https://example.com/h', '{request.closed,request.routed,request.closed}', 'b', now() - interval '1 day'),
        ($1, 'https://example.com/h', '{request.closed}', 'c', now()),
        ($1, 'https://example.com/other', '{request.closed,request.routed}', 'd', now())`,
      [client],
    );
    await before.destroy();

    const after = new DataSource(dataSourceOptions(database.url, 1));
    await after.initialize();
    try {
      await after.runMigrations();
      const hooks: { secret: string; events: string[]; deleted: boolean }[] = await after.query(
        `SELECT secret_encrypted AS secret, events, deleted_at IS NOT NULL AS deleted FROM webhook_subscriptions ORDER BY secret_encrypted`,
      );
      expect(hooks).toEqual([
        { secret: 'a', events: ['request.closed', 'request.routed'], deleted: false },
        { secret: 'b', events: ['request.closed', 'request.routed'], deleted: true },
        { secret: 'c', events: ['request.closed'], deleted: false },
        { secret: 'd', events: ['request.closed', 'request.routed'], deleted: false },
      ]);
      await expect(
        after.query(`INSERT INTO webhook_subscriptions (api_client, url, events, secret_encrypted) VALUES ($1, 'https://example.com/h', '{request.closed}', 'e')`, [client]),
      ).rejects.toThrow(/webhook_subscriptions_once_idx/);
    } finally {
      await after.destroy();
    }
  });
});
