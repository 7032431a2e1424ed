import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One active webhook registration per API client, URL and event set, kept by a unique index (the
 * registration inserts with ON CONFLICT DO NOTHING) instead of a lock. Event sets are stored
 * sorted and without repeats, so another order is the same set. Registrations made twice before
 * this rule delivered every event twice: of each such group the oldest stays, the later copies are
 * deleted as `DELETE /webhooks/{id}` would (their pending deliveries are no longer sent).
 */
export class WebhookRegistrationOnce1790000023000 implements MigrationInterface {
  name = 'WebhookRegistrationOnce1790000023000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE webhook_subscriptions SET events = ARRAY(SELECT DISTINCT e FROM unnest(events) AS e ORDER BY e)`);
    await q.query(`
      UPDATE webhook_subscriptions s SET deleted_at = now()
        FROM (SELECT id, row_number() OVER (PARTITION BY api_client, url, events ORDER BY created_at, id) AS n
                FROM webhook_subscriptions WHERE deleted_at IS NULL) d
       WHERE s.id = d.id AND d.n > 1`);
    await q.query(
      `CREATE UNIQUE INDEX webhook_subscriptions_once_idx ON webhook_subscriptions (api_client, url, events) WHERE deleted_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX webhook_subscriptions_once_idx`);
  }
}
