import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DataControllers1764100000000 implements MigrationInterface {
  name = 'DataControllers1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // The processor's customers (and the processor itself, is_self) with their agreement terms.
    await q.query(`
      CREATE TABLE data_controllers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        country char(2) NOT NULL CHECK (country IN ('NL', 'BE')),
        contact_name text,
        contact_email text NOT NULL,
        contact_phone text,
        tone text NOT NULL DEFAULT 'u' CHECK (tone IN ('u', 'je')),
        forwarding_sla_working_days int NOT NULL DEFAULT 1 CHECK (forwarding_sla_working_days BETWEEN 0 AND 30),
        may_inform_requester boolean NOT NULL DEFAULT true,
        agreement_title text,
        agreement_version text,
        agreement_date date,
        response_promise_days int CHECK (response_promise_days BETWEEN 1 AND 90),
        active boolean NOT NULL DEFAULT true,
        is_self boolean NOT NULL DEFAULT false,
        identifier_counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one row is the processor itself.
    await q.query(`CREATE UNIQUE INDEX data_controllers_one_self_idx ON data_controllers (is_self) WHERE is_self`);
    // Agents search by name; the list is ordered by it.
    await q.query(`CREATE INDEX data_controllers_name_idx ON data_controllers (lower(name), id)`);

    // The hashed identifier directory: HMAC-SHA256 (IDENTIFIER_KEY) of the normalised value, never the value.
    await q.query(`
      CREATE TABLE controller_identifiers (
        controller_id uuid NOT NULL REFERENCES data_controllers(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('email', 'phone', 'iban', 'customer-ref', 'kvk', 'vat')),
        digest bytea NOT NULL CHECK (octet_length(digest) = 32),
        PRIMARY KEY (controller_id, type, digest)
      )`);
    // Routing: one index probe per digest of a request; covering, so the lookup never reads the heap.
    await q.query(`CREATE INDEX controller_identifiers_lookup_idx ON controller_identifiers (type, digest) INCLUDE (controller_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE controller_identifiers`);
    await q.query(`DROP TABLE data_controllers`);
  }
}
