import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook upkeep: events get a sequence number (events written by one statement share their
 * `created_at`; the sequence keeps their order, and receivers get it as `sequence`), and a rotated
 * signing secret keeps signing beside the new one for a day, so a receiver can switch without
 * losing deliveries. Indexes for the daily purge of the delivery log.
 */
export class WebhookUpkeep1764220000000 implements MigrationInterface {
  name = 'WebhookUpkeep1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`);
    await q.query(`DROP INDEX webhook_events_pending_idx`);
    await q.query(`CREATE INDEX webhook_events_pending_idx ON webhook_events (seq) WHERE fanned_out_at IS NULL`);
    await q.query(`CREATE INDEX webhook_events_fanned_out_idx ON webhook_events (fanned_out_at) WHERE fanned_out_at IS NOT NULL`);
    // The daily purge of the delivery log (WEBHOOK_LOG_DAYS).
    await q.query(`CREATE INDEX webhook_deliveries_finished_idx ON webhook_deliveries (created_at) WHERE status <> 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id)`);
    await q.query(`
      ALTER TABLE webhook_subscriptions
        ADD COLUMN previous_secret_encrypted text,
        ADD COLUMN previous_secret_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_subscriptions DROP COLUMN previous_secret_until, DROP COLUMN previous_secret_encrypted`);
    await q.query(`DROP INDEX webhook_deliveries_event_idx`);
    await q.query(`DROP INDEX webhook_deliveries_finished_idx`);
    await q.query(`DROP INDEX webhook_events_fanned_out_idx`);
    await q.query(`DROP INDEX webhook_events_pending_idx`);
    await q.query(`ALTER TABLE webhook_events DROP COLUMN seq`);
    await q.query(`CREATE INDEX webhook_events_pending_idx ON webhook_events (created_at) WHERE fanned_out_at IS NULL`);
  }
}
