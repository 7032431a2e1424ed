import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each claim of an Idempotency-Key gets its own token. A handler that outlived its claim (taken
 * over after the abandonment period by a retry) can then neither overwrite the new claimant's
 * stored response nor release its claim: completion and release match on the token.
 */
export class IdempotencyClaims1764210000000 implements MigrationInterface {
  name = 'IdempotencyClaims1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN claim_token uuid NOT NULL DEFAULT gen_random_uuid()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN claim_token`);
  }
}
