import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity verification (art 12(6)): one row per verification step of a request. By design it
 * holds the method, outcome, who and when, the document TYPE (for redaction guidance), when a
 * copy was checked and destroyed, and a short note — never a document, an image, a number from a
 * document or a file. The e-mail confirmation link is stored as its SHA-256 only, with its expiry.
 */
export class Verification1764150000000 implements MigrationInterface {
  name = 'Verification1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE verification_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id),
        method text NOT NULL CHECK (method IN ('email-confirmation', 'known-contact-match', 'account-login', 'callback', 'in-person', 'representative-authority', 'id-document')),
        status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'passed', 'failed', 'expired')),
        reason text,
        performed_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by text,
        document_type text CHECK (document_type IN ('passport', 'dutch-identity-card', 'driving-licence', 'residence-document', 'belgian-eid')),
        checked_at timestamptz,
        destroyed_at timestamptz,
        note text CHECK (char_length(note) <= 500),
        late_warning boolean NOT NULL DEFAULT false,
        token_digest char(64) UNIQUE,
        token_expires_at timestamptz,
        CHECK (method <> 'id-document' OR status <> 'passed' OR (checked_at IS NOT NULL AND destroyed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX verification_steps_request_idx ON verification_steps (request_id, requested_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE verification_steps`);
  }
}
