import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Art 33 notices on incidents. The assessment now records whose data it was: another controller's
 * (art 33(2): the breach notice goes to that controller through the outbox, `notified_at` is when it
 * was queued) or the processor's own (art 33(1): the processor is controller; whether the AP/GBA
 * was notified and when, `authority_notified_at`). The wrong recipient is asked to delete what it
 * received and confirm through a personal link (`deletion_*`, a one-column lifecycle:
 * none → requested → confirmed). Assessed incidents of before were all art 33(2) ones (the
 * default false; it means something only once assessed).
 */
export class IncidentNotices1790000020200 implements MigrationInterface {
  name = 'IncidentNotices1790000020200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN processor_is_controller boolean NOT NULL DEFAULT false,
        ADD COLUMN authority_country text CHECK (authority_country IN ('NL', 'BE')),
        ADD COLUMN authority_notified_at timestamptz,
        ADD COLUMN deletion_state text NOT NULL DEFAULT 'none' CHECK (deletion_state IN ('none', 'requested', 'confirmed')),
        ADD COLUMN deletion_token_digest text,
        ADD COLUMN deletion_token_expires_at timestamptz,
        ADD COLUMN deletion_requested_at timestamptz,
        ADD COLUMN deletion_confirmed_at timestamptz,
        ADD COLUMN deletion_confirmed_by text CHECK (length(deletion_confirmed_by) <= 200)`);
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT incidents_assessment_complete`);
    await q.query(`
      ALTER TABLE incidents ADD CONSTRAINT incidents_assessment_complete CHECK (
        (status = 'open' AND assessed_at IS NULL AND notifiable IS NULL)
        OR (status = 'assessed' AND assessed_at IS NOT NULL AND assessed_by IS NOT NULL AND notifiable IS NOT NULL AND assessment IS NOT NULL
            AND (NOT notifiable
                 OR (NOT processor_is_controller AND notified_controller_id IS NOT NULL AND notified_at IS NOT NULL)
                 OR (processor_is_controller AND authority_country IS NOT NULL AND authority_notified_at IS NOT NULL))))`);
    await q.query(`
      ALTER TABLE incidents ADD CONSTRAINT incidents_deletion_complete CHECK (
        (deletion_state = 'none' AND deletion_requested_at IS NULL AND deletion_confirmed_at IS NULL)
        OR (deletion_state = 'requested' AND deletion_requested_at IS NOT NULL AND deletion_confirmed_at IS NULL)
        OR (deletion_state = 'confirmed' AND deletion_requested_at IS NOT NULL AND deletion_confirmed_at IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX incidents_deletion_token_uq ON incidents (deletion_token_digest) WHERE deletion_token_digest IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX incidents_deletion_token_uq`);
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT incidents_deletion_complete`);
    await q.query(`ALTER TABLE incidents DROP CONSTRAINT incidents_assessment_complete`);
    await q.query(`
      ALTER TABLE incidents ADD CONSTRAINT incidents_assessment_complete CHECK (
        (status = 'open' AND assessed_at IS NULL AND notifiable IS NULL)
        OR (status = 'assessed' AND assessed_at IS NOT NULL AND assessed_by IS NOT NULL AND notifiable IS NOT NULL AND assessment IS NOT NULL
            AND (NOT notifiable OR (notified_controller_id IS NOT NULL AND notified_at IS NOT NULL)))) NOT VALID`);
    await q.query(`
      ALTER TABLE incidents
        DROP COLUMN processor_is_controller, DROP COLUMN authority_country, DROP COLUMN authority_notified_at,
        DROP COLUMN deletion_state, DROP COLUMN deletion_token_digest, DROP COLUMN deletion_token_expires_at,
        DROP COLUMN deletion_requested_at, DROP COLUMN deletion_confirmed_at, DROP COLUMN deletion_confirmed_by`);
  }
}
