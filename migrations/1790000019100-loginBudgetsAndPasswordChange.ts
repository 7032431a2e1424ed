import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login budgets reserved before the secret is checked, and the password life cycle.
 * - ui_login_attempts: keys `pair:<name>|<address>`, `ip:<address>`, `user:<name>`, `totp:<name>`;
 *   `failures` counts reserved attempts (released again by a right secret), `blocked_until` is the
 *   moment the next attempt may reserve once the free budget is spent, `allowed` whether the latest
 *   reservation was let through (read back by the statement that reserves), `known_at` when the
 *   name last logged in from that address (a `pair:` key): such an address is not slowed by the
 *   name's failures from elsewhere.
 * - agents.must_change_password: a temporary password (set by an admin, or the initial one).
 * - ui_sessions.stage `password`: logged in, but the new password is still to be chosen.
 */
export class LoginBudgetsAndPasswordChange1790000019100 implements MigrationInterface {
  name = 'LoginBudgetsAndPasswordChange1790000019100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ui_login_attempts ADD COLUMN allowed boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE ui_login_attempts ADD COLUMN known_at timestamptz`);
    await q.query(`ALTER TABLE agents ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE ui_sessions DROP CONSTRAINT ui_sessions_stage_check`);
    await q.query(`ALTER TABLE ui_sessions ADD CONSTRAINT ui_sessions_stage_check CHECK (stage IN ('full', 'totp', 'enrol', 'password'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM ui_sessions WHERE stage = 'password'`);
    await q.query(`ALTER TABLE ui_sessions DROP CONSTRAINT ui_sessions_stage_check`);
    await q.query(`ALTER TABLE ui_sessions ADD CONSTRAINT ui_sessions_stage_check CHECK (stage IN ('full', 'totp', 'enrol'))`);
    await q.query(`ALTER TABLE agents DROP COLUMN must_change_password`);
    await q.query(`ALTER TABLE ui_login_attempts DROP COLUMN known_at`);
    await q.query(`ALTER TABLE ui_login_attempts DROP COLUMN allowed`);
  }
}
