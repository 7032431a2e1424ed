import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replies: the outbox keeps the rendered mail (so a resend after a crash is the same mail with
 * the same Message-ID) and a lease for the worker that claimed it; a request is flagged when one
 * of its mails could not be delivered.
 */
export class Replies1764110000000 implements MigrationInterface {
  name = 'Replies1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE messages
        ADD COLUMN subject text,
        ADD COLUMN html text,
        ADD COLUMN text text,
        ADD COLUMN locked_until timestamptz`);
    await q.query(`ALTER TABLE requests ADD COLUMN flag_mail_failed boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests DROP COLUMN flag_mail_failed`);
    await q.query(`
      ALTER TABLE messages
        DROP COLUMN locked_until,
        DROP COLUMN text,
        DROP COLUMN html,
        DROP COLUMN subject`);
  }
}
