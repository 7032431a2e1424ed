import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mail's attempt is recorded before it is handed to the transport (`attempted_at`, cleared when
 * the attempt is recorded as failed). A message found claimed, its lease run out, with an attempt
 * recorded but no result, may already have reached the recipient: it is sent again with the same
 * Message-ID and marked `possibly_duplicate` (with a MAIL_RESENT_UNCONFIRMED audit event).
 */
export class MailAttempts1790000018300 implements MigrationInterface {
  name = 'MailAttempts1790000018300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages ADD COLUMN attempted_at timestamptz, ADD COLUMN possibly_duplicate boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN possibly_duplicate, DROP COLUMN attempted_at`);
  }
}
