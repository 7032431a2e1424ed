import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * requests.requester_country: the requester's own country (ISO 3166-1 alpha-2), given at intake
 * or derived from a +31/+32 phone number or the address; NULL when unknown. The identification
 * letter's redaction guidance follows it (both NL and BE documents when NULL). Cleared by the
 * retention purge with the other contact details.
 */
export class RequesterCountry1790000020100 implements MigrationInterface {
  name = 'RequesterCountry1790000020100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests ADD COLUMN requester_country text CHECK (requester_country ~ '^[A-Z]{2}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE requests DROP COLUMN requester_country`);
  }
}
