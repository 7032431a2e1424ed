import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version on each data controller, its ETag: every change (PATCH, a new identifier count) adds
 * one, and a PATCH with a stale If-Match is refused (409) instead of overwriting a change the
 * client never saw.
 */
export class ControllerVersion1790000023200 implements MigrationInterface {
  name = 'ControllerVersion1790000023200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_controllers ADD COLUMN version integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_controllers DROP COLUMN version`);
  }
}
