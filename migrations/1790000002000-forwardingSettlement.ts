import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A controller's decision is a pending settlement until the request takes it (`applied`, written in
 * the runner's statement with FORWARDING_SETTLED) or refuses it as invalid (`refused`, audited);
 * the repair sweep retries every `pending` one. Before, `settled_at` was set after three version
 * conflicts as if the request had taken it, and the decision was lost: such decisions (the request
 * still waits for that controller) become pending again, so the sweep applies them.
 */
export class ForwardingSettlement1790000002000 implements MigrationInterface {
  name = 'ForwardingSettlement1790000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE forwardings ADD COLUMN settlement text CONSTRAINT forwardings_settlement_check CHECK (settlement IN ('pending', 'applied', 'refused'))`);
    await q.query(`
      UPDATE forwardings f SET settlement = s.settlement, settled_at = CASE WHEN s.settlement = 'pending' THEN NULL ELSE f.settled_at END
        FROM (
          SELECT f2.id,
                 CASE WHEN f2.settled_at IS NULL THEN 'pending'
                      WHEN r.state = 'forwarded.awaitingControllers' AND EXISTS (
                             SELECT 1 FROM jsonb_array_elements(coalesce(r.snapshot->'context'->'controllers', '[]'::jsonb)) c
                              WHERE c->>'controllerId' = f2.controller_id::text AND NOT (c ? 'decision')
                                AND coalesce((c->>'misdirected')::boolean, false) = false) THEN 'pending'
                      ELSE 'applied' END AS settlement
            FROM forwardings f2 JOIN requests r ON r.id = f2.request_id
           WHERE f2.decided_at IS NOT NULL) s
       WHERE s.id = f.id`);
    await q.query(`DROP INDEX forwardings_unsettled_idx`);
    await q.query(`CREATE INDEX forwardings_settlement_pending_idx ON forwardings (decided_at) WHERE settlement = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX forwardings_settlement_pending_idx`);
    await q.query(`CREATE INDEX forwardings_unsettled_idx ON forwardings (decided_at) WHERE decided_at IS NOT NULL AND settled_at IS NULL`);
    await q.query(`ALTER TABLE forwardings DROP COLUMN settlement`);
  }
}
