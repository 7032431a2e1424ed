import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Helpdesk integration: idempotency records, one request per (API client, externalRef), and the
 * webhook tables (subscriptions, events written in the transition's statement, deliveries).
 */
export class Helpdesk1764130000000 implements MigrationInterface {
  name = 'Helpdesk1764130000000';

  async up(q: QueryRunner): Promise<void> {
    // One claim per (client, Idempotency-Key): the first INSERT wins, the stored response is
    // replayed for 24 hours (older rows are purged and no longer count).
    await q.query(`
      CREATE TABLE idempotency_keys (
        api_client text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        status text NOT NULL DEFAULT 'in-progress' CHECK (status IN ('in-progress', 'done')),
        response_status int,
        response_headers jsonb,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (api_client, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);

    // A helpdesk's ticket id files one request: a second one with the same externalRef is a 409.
    await q.query(`CREATE UNIQUE INDEX requests_client_external_ref_key ON requests (api_client, external_ref)
                    WHERE external_ref IS NOT NULL AND api_client IS NOT NULL`);

    // Subscriptions belong to API clients (requests.api_client). The signing secret is stored
    // encrypted (AES-256-GCM, key derived from IDENTIFIER_KEY): the service needs it to sign.
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        api_client text NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL,
        description text,
        secret_encrypted text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failing_since timestamptz,
        disabled_at timestamptz,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_subscriptions_client_idx ON webhook_subscriptions (api_client) WHERE deleted_at IS NULL`);

    // Written in the same statement as the transition that caused it (transactional outbox);
    // fanned out to the client's subscriptions by the webhook worker.
    await q.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        api_client text NOT NULL,
        request_id uuid REFERENCES requests(id),
        type text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        fanned_out_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_events_pending_idx ON webhook_events (created_at) WHERE fanned_out_at IS NULL`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
        event_id uuid NOT NULL REFERENCES webhook_events(id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_attempt_at timestamptz,
        last_error text,
        response_code int,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_events`);
    await q.query(`DROP TABLE webhook_subscriptions`);
    await q.query(`DROP INDEX requests_client_external_ref_key`);
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
