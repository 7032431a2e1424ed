import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agent's own saved views of the queue (issue 21): a name and the query string of the filters
 * (status, controller, assignee, search, sort). Gone with the agent.
 */
export class SavedViews1790000021110 implements MigrationInterface {
  name = 'SavedViews1790000021110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        query text NOT NULL CHECK (length(query) <= 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agent_id, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_views`);
  }
}
