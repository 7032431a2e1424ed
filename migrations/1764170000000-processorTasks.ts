import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Processor tasks from instruction to confirmation: what was done (outcome, who, when), the art 19
 * recipients marked notified, a concern about a possibly unlawful instruction (art 28(3), last
 * sentence) and its resolution, and the exports an agent uploads for an `export` instruction
 * (offered to the controller as an expiring download, never to the requester).
 */
export class ProcessorTasks1764170000000 implements MigrationInterface {
  name = 'ProcessorTasks1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE processor_tasks DROP CONSTRAINT IF EXISTS processor_tasks_state_check`);
    await q.query(`ALTER TABLE processor_tasks ADD CONSTRAINT processor_tasks_state_check CHECK (state IN ('open', 'concern', 'done', 'cancelled'))`);
    await q.query(`
      ALTER TABLE processor_tasks
        ADD COLUMN outcome text,
        ADD COLUMN recipients_notified jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN concern_reason text,
        ADD COLUMN concern_raised_at timestamptz,
        ADD COLUMN concern_raised_by text,
        ADD COLUMN concern_resolution text CHECK (concern_resolution IN ('confirmed', 'withdrawn')),
        ADD COLUMN concern_note text,
        ADD COLUMN concern_resolved_at timestamptz,
        ADD COLUMN concern_resolved_by text,
        ADD COLUMN cancelled_at timestamptz`);
    await q.query(`DROP INDEX IF EXISTS processor_tasks_open_idx`);
    await q.query(`CREATE INDEX processor_tasks_open_idx ON processor_tasks (created_at) WHERE state IN ('open', 'concern')`);

    await q.query(`
      CREATE TABLE processor_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES processor_tasks(id),
        request_id uuid NOT NULL REFERENCES requests(id),
        forwarding_id uuid REFERENCES forwardings(id),
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        first_downloaded_at timestamptz
      )`);
    await q.query(`CREATE INDEX processor_exports_task_idx ON processor_exports (task_id)`);
    await q.query(`CREATE INDEX processor_exports_forwarding_idx ON processor_exports (forwarding_id)`);
    await q.query(`CREATE INDEX processor_exports_expires_idx ON processor_exports (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processor_exports`);
    await q.query(`DROP INDEX IF EXISTS processor_tasks_open_idx`);
    await q.query(`CREATE INDEX processor_tasks_open_idx ON processor_tasks (created_at) WHERE state = 'open'`);
    await q.query(`
      ALTER TABLE processor_tasks
        DROP COLUMN outcome, DROP COLUMN recipients_notified, DROP COLUMN concern_reason, DROP COLUMN concern_raised_at,
        DROP COLUMN concern_raised_by, DROP COLUMN concern_resolution, DROP COLUMN concern_note, DROP COLUMN concern_resolved_at,
        DROP COLUMN concern_resolved_by, DROP COLUMN cancelled_at`);
    await q.query(`ALTER TABLE processor_tasks DROP CONSTRAINT IF EXISTS processor_tasks_state_check`);
    // The older schema knows only open and done: a concern was an open task, a cancelled one is finished.
    await q.query(`UPDATE processor_tasks SET state = CASE WHEN state = 'concern' THEN 'open' ELSE 'done' END WHERE state NOT IN ('open', 'done')`);
    await q.query(`ALTER TABLE processor_tasks ADD CONSTRAINT processor_tasks_state_check CHECK (state IN ('open', 'done'))`);
  }
}
