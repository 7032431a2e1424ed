import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forwarding to controllers: one row per (request, controller) with its own machine snapshot and
 * version, the personal link (SHA-256 of the token only), the controller's clock, the reminder
 * bookkeeping and the documented decision (art 28(3)(a)). Messages may belong to a forwarding.
 * Processor tasks: the work a controller's instruction gives the processor.
 */
export class Forwarding1764140000000 implements MigrationInterface {
  name = 'Forwarding1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE forwardings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id),
        controller_id uuid NOT NULL REFERENCES data_controllers(id),
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'acknowledged', 'decided', 'done', 'bounced')),
        snapshot jsonb NOT NULL,
        machine_version int NOT NULL DEFAULT 1,
        version int NOT NULL DEFAULT 1,
        matched_by text[] NOT NULL DEFAULT '{}',
        country char(2) NOT NULL CHECK (country IN ('NL', 'BE')),
        contact_email text NOT NULL,
        token_digest char(64) UNIQUE,
        token_expires_at timestamptz,
        token_revoked_at timestamptz,
        sent_at timestamptz,
        first_viewed_at timestamptz,
        acknowledged_at timestamptz,
        decided_at timestamptz,
        decision text CHECK (decision IN ('takes-over', 'instruct', 'not-ours')),
        instruction text CHECK (instruction IN ('erase', 'rectify', 'restrict', 'export', 'stop-processing')),
        instruction_details text,
        note text,
        decided_by text,
        settled_at timestamptz,
        reminder_count int NOT NULL DEFAULT 0,
        next_reminder_on date,
        decision_reminded_at timestamptz,
        escalated boolean NOT NULL DEFAULT false,
        respond_by date NOT NULL,
        forward_by date NOT NULL,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX forwardings_request_idx ON forwardings (request_id)`);
    // The reminder sweep: open forwardings by their next reminder day and their respondBy.
    await q.query(`CREATE INDEX forwardings_open_idx ON forwardings (country, next_reminder_on, respond_by) WHERE state IN ('sent', 'acknowledged')`);
    // Decisions recorded on the forwarding but not yet taken by the request (a crash in between).
    await q.query(`CREATE INDEX forwardings_unsettled_idx ON forwardings (decided_at) WHERE decided_at IS NOT NULL AND settled_at IS NULL`);

    await q.query(`ALTER TABLE messages ADD COLUMN forwarding_id uuid REFERENCES forwardings(id)`);
    await q.query(`CREATE INDEX messages_forwarding_idx ON messages (forwarding_id) WHERE forwarding_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE processor_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id),
        forwarding_id uuid REFERENCES forwardings(id),
        controller_id uuid NOT NULL REFERENCES data_controllers(id),
        instruction text NOT NULL CHECK (instruction IN ('erase', 'rectify', 'restrict', 'export', 'stop-processing')),
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        done_by text
      )`);
    await q.query(`CREATE INDEX processor_tasks_open_idx ON processor_tasks (created_at) WHERE state = 'open'`);
    await q.query(`CREATE INDEX processor_tasks_request_idx ON processor_tasks (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processor_tasks`);
    await q.query(`DROP INDEX messages_forwarding_idx`);
    await q.query(`ALTER TABLE messages DROP COLUMN forwarding_id`);
    await q.query(`DROP TABLE forwardings`);
  }
}
