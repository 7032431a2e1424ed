import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents' e-mail address for the daily digest: optional, validated (also in the database), and a
 * log of the digests sent, one per agent per day, so a rerun or a second node sends nothing twice.
 * The log row and the digest's outbox message are written in one statement.
 */
export class AgentEmail1764200000000 implements MigrationInterface {
  name = 'AgentEmail1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // The column exists since the foundation but was never checked: keep what is valid, drop the rest.
    await q.query(`UPDATE agents SET email = nullif(btrim(email), '') WHERE email IS NOT NULL`);
    await q.query(`UPDATE agents SET email = NULL WHERE email IS NOT NULL AND (char_length(email) > 254 OR email !~ '^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$')`);
    await q.query(
      `ALTER TABLE agents ADD CONSTRAINT agents_email_valid CHECK (email IS NULL OR (char_length(email) <= 254 AND email ~ '^[^[:space:]@]+@[^[:space:]@]+\\.[^[:space:]@]+$'))`,
    );
    await q.query(`
      CREATE TABLE agent_digests (
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        digest_date date NOT NULL,
        message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
        request_count int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agent_id, digest_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_digests`);
    await q.query(`ALTER TABLE agents DROP CONSTRAINT agents_email_valid`);
  }
}
