/**
 * The migration to a webhook `sequence` per endpoint: deliveries made before it are numbered per
 * endpoint in the order of the old global counter, events the old worker had not fanned out yet
 * are fanned out (numbered after them), and new events continue each endpoint's count.
 */
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { WebhookSequencePerEndpoint1790000023100 } from '../../migrations/1790000023100-webhookSequencePerEndpoint.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('webhook-sequence-migration', () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.drop();
  });

  it('numbers old deliveries per endpoint, fans out the backlog, and continues the count', async () => {
    database = await createTestDatabase({ migrated: false });
    const upTo = MIGRATIONS.indexOf(WebhookSequencePerEndpoint1790000023100);
    const before = new DataSource({ ...dataSourceOptions(database.url, 1), migrations: MIGRATIONS.slice(0, upTo) });
    await before.initialize();
    await before.runMigrations();
    const [{ id: client }]: { id: string }[] = await before.query(`INSERT INTO api_clients (name) VALUES ('helpdesk') RETURNING id`);
    const subs: { id: string }[] = await before.query(
      `INSERT INTO webhook_subscriptions (api_client, url, events, secret_encrypted) VALUES
        ($1, 'https://example.com/all', '{*}', 'a'), ($1, 'https://example.com/closed', '{request.closed}', 'b') RETURNING id`,
      [client],
    );
    const [all, closed] = subs.map((s) => s.id);
    // Three events fanned out by the old worker (the second to both endpoints), one not yet.
    const events: { id: string }[] = await before.query(
      `INSERT INTO webhook_events (api_client, type, fanned_out_at)
       SELECT $1, t, CASE WHEN n < 4 THEN now() END FROM unnest('{request.routed,request.closed,request.routed,request.closed}'::text[]) WITH ORDINALITY AS x(t, n)
       ORDER BY n RETURNING id`,
      [client],
    );
    await before.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, status) VALUES ($1, $3, 'delivered'), ($1, $4, 'delivered'), ($2, $4, 'failed'), ($1, $5, 'pending')`,
      [all, closed, events[0].id, events[1].id, events[2].id],
    );
    await before.destroy();

    const after = new DataSource(dataSourceOptions(database.url, 1));
    await after.initialize();
    try {
      await after.runMigrations();
      const numbers = async (sub: string) =>
        ((await after.query(`SELECT e.type, d.sequence FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.subscription_id = $1 ORDER BY d.sequence`, [sub])) as {
          type: string;
          sequence: string;
        }[]).map((r) => [r.type, Number(r.sequence)]);
      expect(await numbers(all)).toEqual([
        ['request.routed', 1],
        ['request.closed', 2],
        ['request.routed', 3],
        ['request.closed', 4],
      ]);
      expect(await numbers(closed)).toEqual([
        ['request.closed', 1],
        ['request.closed', 2],
      ]);
      // A new event: each endpoint's count goes on.
      await after.query(`INSERT INTO webhook_events (api_client, type) VALUES ($1, 'request.closed')`, [client]);
      expect((await numbers(all)).at(-1)).toEqual(['request.closed', 5]);
      expect((await numbers(closed)).at(-1)).toEqual(['request.closed', 3]);
    } finally {
      await after.destroy();
    }
  });
});
