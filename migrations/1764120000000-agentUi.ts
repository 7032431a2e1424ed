import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The agent workspace (/ui): sessions, login throttling, TOTP two-factor, settings, queue indexes. */
export class AgentUi1764120000000 implements MigrationInterface {
  name = 'AgentUi1764120000000';

  async up(q: QueryRunner): Promise<void> {
    // Sessions: only a SHA-256 of the session id is stored; the cookie holds the id itself.
    await q.query(`
      CREATE TABLE ui_sessions (
        id_hash char(64) PRIMARY KEY,
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        csrf_secret text NOT NULL,
        stage text NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'totp', 'enrol')),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ui_sessions_agent_idx ON ui_sessions (agent_id)`);
    await q.query(`CREATE INDEX ui_sessions_expiry_idx ON ui_sessions (idle_expires_at)`);

    // Failed logins per key ('user:<name>' and 'ip:<address>'): a growing delay after repeated failures.
    await q.query(`
      CREATE TABLE ui_login_attempts (
        key text PRIMARY KEY,
        failures int NOT NULL DEFAULT 0,
        last_failure_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);

    // TOTP two-factor per agent; the secret is stored encrypted (AES-256-GCM, key derived from IDENTIFIER_KEY).
    await q.query(`ALTER TABLE agents ADD COLUMN totp_secret text`);
    await q.query(`ALTER TABLE agents ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE agents ADD COLUMN totp_last_step bigint`);
    await q.query(`ALTER TABLE agents ADD COLUMN last_login_at timestamptz`);

    await q.query(`
      CREATE TABLE ui_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO ui_settings (key, value) VALUES ('totp_required', 'false'::jsonb)`);

    // The queue: filters by state and assignee, counts per state, search by e-mail.
    // (state, due_at, id): a state filter reads the first page in order, and the counts come from an index-only scan.
    await q.query(`CREATE INDEX requests_open_state_due_idx ON requests (state, due_at, id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX requests_open_assignee_due_idx ON requests (assignee_id, due_at, id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX requests_requester_email_idx ON requests (lower(requester_email)) WHERE requester_email IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX requests_requester_email_idx`);
    await q.query(`DROP INDEX requests_open_assignee_due_idx`);
    await q.query(`DROP INDEX requests_open_state_due_idx`);
    await q.query(`DROP TABLE ui_settings`);
    await q.query(`ALTER TABLE agents DROP COLUMN last_login_at`);
    await q.query(`ALTER TABLE agents DROP COLUMN totp_last_step`);
    await q.query(`ALTER TABLE agents DROP COLUMN totp_enabled`);
    await q.query(`ALTER TABLE agents DROP COLUMN totp_secret`);
    await q.query(`DROP TABLE ui_login_attempts`);
    await q.query(`DROP TABLE ui_sessions`);
  }
}
