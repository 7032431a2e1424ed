import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue's views "Nieuwe mail" (a reply no agent has seen) and "Rechten vaststellen" (an open
 * request from the mailbox whose suggested rights no agent has confirmed: it has no rights until
 * then), each served by a small partial index so the queue stays fast with 100,000 open requests.
 */
export class InboxQueueFlags1790000022100 implements MigrationInterface {
  name = 'InboxQueueFlags1790000022100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX inbox_mails_unseen_idx ON inbox_mails (request_id) WHERE kind = 'reply' AND handled_at IS NULL`);
    await q.query(`CREATE INDEX requests_rights_to_confirm_idx ON requests (due_at) WHERE closed_at IS NULL AND rights = '{}'::text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX requests_rights_to_confirm_idx`);
    await q.query(`DROP INDEX inbox_mails_unseen_idx`);
  }
}
