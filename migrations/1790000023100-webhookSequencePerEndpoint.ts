import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A webhook `sequence` per endpoint (registration) without gaps, and deliveries kept in that
 * order per request.
 *
 * Each registration counts the events delivered to it (`webhook_subscriptions.last_sequence`).
 * An event is fanned out to the matching endpoints by a trigger on webhook_events, so in the
 * transaction that records the event (the workflow step's own statement): each matching endpoint's
 * counter goes up by one in that transaction (a row lock: a concurrent step waits for the commit,
 * and a step rolled back gives its number back), and the delivery carries the number. Every
 * endpoint of the client and every `requests:all` endpoint is locked in id order, whatever the
 * event type, so two steps never wait for each other in a circle.
 *
 * A test event (`webhook.test`) goes to the endpoint named in its data only. Events inserted
 * with `fanned_out_at` given bring their own deliveries and are left alone (the worker's fan-out
 * before this migration set it; new events leave it NULL).
 *
 * Existing deliveries are numbered per endpoint in the order of the old global counter; events
 * not fanned out yet are fanned out now, in that order.
 */
export class WebhookSequencePerEndpoint1790000023100 implements MigrationInterface {
  name = 'WebhookSequencePerEndpoint1790000023100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_subscriptions ADD COLUMN last_sequence bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE webhook_deliveries ADD COLUMN sequence bigint, ADD COLUMN request_id uuid`);
    // The first attempt of a fanned-out delivery is due at once (NULL); retries get a time.
    await q.query(`ALTER TABLE webhook_deliveries ALTER COLUMN next_attempt_at DROP NOT NULL, ALTER COLUMN next_attempt_at DROP DEFAULT`);
    await q.query(`
      UPDATE webhook_deliveries d SET sequence = n.sequence, request_id = n.request_id
        FROM (SELECT dd.id, e.request_id,
                     dense_rank() OVER (PARTITION BY dd.subscription_id ORDER BY e.seq) AS sequence
                FROM webhook_deliveries dd JOIN webhook_events e ON e.id = dd.event_id) n
       WHERE d.id = n.id`);
    await q.query(`
      UPDATE webhook_subscriptions s SET last_sequence = m.last
        FROM (SELECT subscription_id, max(sequence) AS last FROM webhook_deliveries GROUP BY subscription_id) m
       WHERE s.id = m.subscription_id`);
    await q.query(`ALTER TABLE webhook_deliveries ALTER COLUMN sequence SET NOT NULL`);
    // The claim's "no earlier delivery of this request pending" look-up.
    await q.query(`CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (subscription_id, request_id, sequence) WHERE status = 'pending'`);

    await q.query(`
      CREATE FUNCTION webhook_fan_out(ev webhook_events) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        sub record;
        next_sequence bigint;
      BEGIN
        FOR sub IN
          SELECT s.id, s.events, s.active FROM webhook_subscriptions s
           WHERE s.deleted_at IS NULL
             AND CASE WHEN ev.type = 'webhook.test' THEN s.id::text = ev.data->>'webhookId' AND s.api_client = ev.api_client
                      ELSE s.api_client = ev.api_client
                           OR (ev.request_id IS NOT NULL AND EXISTS (
                                 SELECT 1 FROM api_keys k WHERE k.client_id = s.api_client AND k.revoked_at IS NULL
                                    AND 'requests:all' = ANY (k.scopes))) END
           ORDER BY s.id
           FOR UPDATE OF s
        LOOP
          CONTINUE WHEN ev.type <> 'webhook.test'
                   AND NOT (sub.active AND (ev.type = ANY (sub.events) OR '*' = ANY (sub.events)));
          UPDATE webhook_subscriptions SET last_sequence = last_sequence + 1 WHERE id = sub.id
            RETURNING last_sequence INTO next_sequence;
          INSERT INTO webhook_deliveries (subscription_id, event_id, request_id, sequence, next_attempt_at, created_at)
          VALUES (sub.id, ev.id, ev.request_id, next_sequence, NULL, ev.created_at);
        END LOOP;
      END $$`);
    await q.query(`
      CREATE FUNCTION webhook_events_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM webhook_fan_out(NEW);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER webhook_events_fan_out AFTER INSERT ON webhook_events
      FOR EACH ROW WHEN (NEW.fanned_out_at IS NULL) EXECUTE FUNCTION webhook_events_fan_out()`);
    // The log purge counts from created_at now (fanned_out_at is set only on events from before this).
    await q.query(`CREATE INDEX webhook_events_created_idx ON webhook_events (created_at)`);
    // The backlog the worker has not fanned out yet, in the old order.
    await q.query(`
      DO $$ DECLARE e webhook_events; BEGIN
        FOR e IN SELECT * FROM webhook_events WHERE fanned_out_at IS NULL ORDER BY seq LOOP
          PERFORM webhook_fan_out(e);
        END LOOP;
      END $$`);
    await q.query(`UPDATE webhook_events SET fanned_out_at = created_at WHERE fanned_out_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_events_fan_out ON webhook_events`);
    await q.query(`DROP FUNCTION webhook_events_fan_out()`);
    await q.query(`DROP INDEX webhook_events_created_idx`);
    await q.query(`DROP FUNCTION webhook_fan_out(webhook_events)`);
    await q.query(`DROP INDEX webhook_deliveries_order_idx`);
    await q.query(`UPDATE webhook_deliveries SET next_attempt_at = created_at WHERE next_attempt_at IS NULL`);
    await q.query(`ALTER TABLE webhook_deliveries ALTER COLUMN next_attempt_at SET NOT NULL, ALTER COLUMN next_attempt_at SET DEFAULT now()`);
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN request_id, DROP COLUMN sequence`);
    await q.query(`ALTER TABLE webhook_subscriptions DROP COLUMN last_sequence`);
  }
}
