import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mail can be withheld: a forwarding marked as sent in error (art 33(2)) stops its mails that
 * have not left yet, so they never reach the wrong controller. `withheld` is final, like `sent`.
 */
export class WithheldMessages1764230000000 implements MigrationInterface {
  name = 'WithheldMessages1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_status_check`);
    await q.query(`ALTER TABLE messages ADD CONSTRAINT messages_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'withheld'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP CONSTRAINT messages_status_check`);
    await q.query(`UPDATE messages SET status = 'failed' WHERE status = 'withheld'`);
    await q.query(`ALTER TABLE messages ADD CONSTRAINT messages_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed'))`);
  }
}
