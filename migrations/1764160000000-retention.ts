import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (art 5(1)(e)): a legal hold an agent sets with a reason (a complaint, a court case)
 * keeps a closed request's personal data past the retention period; `purged_at` records when the
 * retention job removed it, so the purge runs once per request and can be shown.
 */
export class Retention1764160000000 implements MigrationInterface {
  name = 'Retention1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE requests
        ADD COLUMN legal_hold_reason text,
        ADD COLUMN legal_hold_at timestamptz,
        ADD COLUMN legal_hold_by text,
        ADD COLUMN purged_at timestamptz`);
    await q.query(`ALTER TABLE requests ADD CONSTRAINT requests_legal_hold_complete
                    CHECK ((legal_hold_at IS NULL) = (legal_hold_reason IS NULL) AND (legal_hold_at IS NULL) = (legal_hold_by IS NULL))`);
    // The retention job: closed requests not yet purged, oldest closure first.
    await q.query(`CREATE INDEX requests_retention_idx ON requests (closed_at, id) WHERE closed_at IS NOT NULL AND purged_at IS NULL`);
    // Expired controller links: their digests are deleted by the retention job.
    await q.query(`CREATE INDEX forwardings_token_expiry_idx ON forwardings (token_expires_at) WHERE token_digest IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX forwardings_token_expiry_idx`);
    await q.query(`DROP INDEX requests_retention_idx`);
    await q.query(`ALTER TABLE requests DROP CONSTRAINT requests_legal_hold_complete`);
    await q.query(`
      ALTER TABLE requests
        DROP COLUMN purged_at,
        DROP COLUMN legal_hold_by,
        DROP COLUMN legal_hold_at,
        DROP COLUMN legal_hold_reason`);
  }
}
