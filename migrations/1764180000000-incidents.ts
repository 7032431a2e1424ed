import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents (art 33(2)): a request forwarded to the wrong controller disclosed personal data; the
 * processor records it for its privacy officer, who assesses it and records whether and when the
 * controller was notified. Forwardings get two marks written by the workflow: `misdirected_at`
 * (sent in error: link revoked, forwarding called off) and `overdue_at` (past the controller's
 * respondBy without a decision, set once by the reminder sweep).
 */
export class Incidents1764180000000 implements MigrationInterface {
  name = 'Incidents1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE forwardings
        ADD COLUMN misdirected_at timestamptz,
        ADD COLUMN overdue_at timestamptz`);
    // The overdue sweep: undecided forwardings not yet flagged, by their respondBy.
    await q.query(`CREATE INDEX forwardings_overdue_idx ON forwardings (country, respond_by)
                    WHERE overdue_at IS NULL AND decided_at IS NULL AND cancelled_at IS NULL`);
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('misdirected-forwarding')),
        request_id uuid NOT NULL REFERENCES requests(id),
        forwarding_id uuid REFERENCES forwardings(id),
        controller_id uuid NOT NULL REFERENCES data_controllers(id),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assessed')),
        notifiable boolean,
        assessment text,
        notified_controller_id uuid REFERENCES data_controllers(id),
        notified_at timestamptz,
        assessed_by text,
        assessed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT incidents_assessment_complete CHECK (
          (status = 'open' AND assessed_at IS NULL AND notifiable IS NULL)
          OR (status = 'assessed' AND assessed_at IS NOT NULL AND assessed_by IS NOT NULL AND notifiable IS NOT NULL AND assessment IS NOT NULL
              AND (NOT notifiable OR (notified_controller_id IS NOT NULL AND notified_at IS NOT NULL))))
      )`);
    // One incident per misdirected forwarding, however often the button is pressed.
    await q.query(`CREATE UNIQUE INDEX incidents_forwarding_uq ON incidents (forwarding_id) WHERE kind = 'misdirected-forwarding'`);
    await q.query(`CREATE INDEX incidents_status_idx ON incidents (status, reported_at)`);
    await q.query(`CREATE INDEX incidents_request_idx ON incidents (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incidents`);
    await q.query(`DROP INDEX forwardings_overdue_idx`);
    await q.query(`ALTER TABLE forwardings DROP COLUMN overdue_at, DROP COLUMN misdirected_at`);
  }
}
