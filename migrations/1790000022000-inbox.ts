import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail intake (src/inbox): one row per mail taken in, keyed by its claim (Message-ID, or a
 * digest of its bytes), written in the transaction that acts on it, so a mail is taken in once
 * across nodes and restarts. A mail that became a request or was attached to one keeps its
 * sender, subject and text here (purged with the request); a bounce or an automatic reply keeps
 * only its claim. `inbox_counters` counts what agents discarded (no content); `inbox_leases` lets one node at
 * a time read an IMAP mailbox. Outbound messages get
 * `bounced_at` (a bounce came back for them).
 */
export class Inbox1790000022000 implements MigrationInterface {
  name = 'Inbox1790000022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox_mails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        claim_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('request', 'reply', 'bounce', 'auto-reply', 'unmatched-bounce')),
        source text NOT NULL CHECK (source IN ('folder', 'imap')),
        request_id uuid REFERENCES requests(id) ON DELETE CASCADE,
        forwarding_id uuid REFERENCES forwardings(id) ON DELETE SET NULL,
        message_id text,
        from_name text,
        from_address text,
        other_sender boolean NOT NULL DEFAULT false,
        subject text,
        text text,
        suggested_rights text[] NOT NULL DEFAULT '{}',
        signal text,
        received_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        handled_at timestamptz,
        handled_by text
      )`);
    await q.query(`CREATE INDEX inbox_mails_request_idx ON inbox_mails (request_id) WHERE request_id IS NOT NULL`);
    await q.query(`CREATE INDEX inbox_mails_message_id_idx ON inbox_mails (message_id) WHERE message_id IS NOT NULL`);
    await q.query(`CREATE TABLE inbox_counters (name text PRIMARY KEY, value bigint NOT NULL DEFAULT 0)`);
    // One node at a time reads an IMAP mailbox (a lease it renews each scan; another takes over when it runs out).
    await q.query(`CREATE TABLE inbox_leases (source text PRIMARY KEY, holder text NOT NULL, until timestamptz NOT NULL)`);
    // Attachments, sealed with AES-256-GCM (iv ‖ tag ‖ data; key derived from IDENTIFIER_KEY); `sealed` is
    // NULL once destroyed (a possible identity document after the verification step) or purged.
    await q.query(`
      CREATE TABLE inbox_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mail_id uuid NOT NULL REFERENCES inbox_mails(id) ON DELETE CASCADE,
        request_id uuid NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        filename text,
        content_type text NOT NULL,
        size integer NOT NULL,
        sealed bytea,
        possible_id_document boolean NOT NULL DEFAULT false,
        destroyed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX inbox_attachments_request_idx ON inbox_attachments (request_id)`);
    await q.query(`CREATE INDEX inbox_attachments_id_documents_idx ON inbox_attachments (request_id) WHERE possible_id_document AND destroyed_at IS NULL`);
    await q.query(`ALTER TABLE messages ADD COLUMN bounced_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messages DROP COLUMN bounced_at`);
    await q.query(`DROP TABLE inbox_attachments`);
    await q.query(`DROP TABLE inbox_leases`);
    await q.query(`DROP TABLE inbox_counters`);
    await q.query(`DROP TABLE inbox_mails`);
  }
}
