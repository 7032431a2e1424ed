import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Languages (issue 24): `requests.requester_language`, the language the requester's letters and
 * verification pages are written in, and `data_controllers.language`, the language of the mails
 * to a controller and of its pages (nl, fr or en). Both are set when the row is made (the API
 * field, the language of an incoming mail, or PROCESSOR_LANGUAGE); rows made before were Dutch.
 */
export class Languages1790000024000 implements MigrationInterface {
  name = 'Languages1790000024000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests ADD COLUMN requester_language text NOT NULL DEFAULT 'nl' CHECK (requester_language IN ('nl', 'fr', 'en'))`);
    await q.query(`ALTER TABLE data_controllers ADD COLUMN language text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'fr', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_controllers DROP COLUMN language`);
    await q.query(`ALTER TABLE requests DROP COLUMN requester_language`);
  }
}
