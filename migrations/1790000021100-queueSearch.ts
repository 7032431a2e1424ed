import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accented letters and their plain counterparts (Latin-1 and Latin Extended-A as Dutch, Belgian and Turkish names use them). */
export const FOLD_FROM = 'ÀÁÂÃÄÅàáâãäåÇçČčĆćÈÉÊËèéêëĚěĘęÌÍÎÏìíîïİıÑñŃńŇňÒÓÔÕÖØòóôõöøŘřŠšŚśŞşÙÚÛÜùúûüŮůÝýÿŽžŹźŻżĞğŁł';
export const FOLD_TO = 'AAAAAAaaaaaaCcCcCcEEEEeeeeEeEeIIIIiiiiIiNnNnNnOOOOOOoooooooRrSsSsSsUUUUuuuuUuYyyZzZzZzGgLl';

/**
 * The queue's search (issue 21): partial, accent-insensitive names, partial e-mail addresses,
 * phone numbers in any notation, parts of a reference or an external reference, each served by a
 * trigram index (pg_trgm; the embedded PGlite loads the same extension, see src/database/embedded.ts).
 * - search_fold(text): lower case without accents; IMMUTABLE so an index can be built on it.
 * - requests_search_name_trgm: search_fold(requester_name).
 * - requests_search_email_trgm: lower(requester_email).
 * - requests_search_phone_trgm: the digits of requester_phone (the query matches the national number at its end).
 * - requests_search_reference_trgm / requests_search_external_ref_trgm: parts of a reference.
 * - requests_open_received_idx: the queue sorted by date received.
 * Nothing new is stored: these are indexes over the columns intake already writes.
 */
export class QueueSearch1790000021100 implements MigrationInterface {
  name = 'QueueSearch1790000021100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE FUNCTION search_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
         AS $$ SELECT lower(translate(value, '${FOLD_FROM}', '${FOLD_TO}')) $$`,
    );
    await q.query(`CREATE INDEX requests_search_name_trgm ON requests USING gin (search_fold(requester_name) gin_trgm_ops) WHERE requester_name IS NOT NULL`);
    await q.query(`CREATE INDEX requests_search_email_trgm ON requests USING gin (lower(requester_email) gin_trgm_ops) WHERE requester_email IS NOT NULL`);
    await q.query(
      `CREATE INDEX requests_search_phone_trgm ON requests USING gin (regexp_replace(requester_phone, '[^0-9]', '', 'g') gin_trgm_ops) WHERE requester_phone IS NOT NULL`,
    );
    await q.query(`CREATE INDEX requests_search_reference_trgm ON requests USING gin (reference gin_trgm_ops)`);
    await q.query(`CREATE INDEX requests_search_external_ref_trgm ON requests USING gin (lower(external_ref) gin_trgm_ops) WHERE external_ref IS NOT NULL`);
    await q.query(`CREATE INDEX requests_open_received_idx ON requests (received_at, id) WHERE closed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX requests_open_received_idx`);
    await q.query(`DROP INDEX requests_search_external_ref_trgm`);
    await q.query(`DROP INDEX requests_search_reference_trgm`);
    await q.query(`DROP INDEX requests_search_phone_trgm`);
    await q.query(`DROP INDEX requests_search_email_trgm`);
    await q.query(`DROP INDEX requests_search_name_trgm`);
    await q.query(`DROP FUNCTION search_fold(text)`);
    // pg_trgm stays: another schema object may use it.
  }
}
