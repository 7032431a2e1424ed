import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RequestWorkflow1764090000000 implements MigrationInterface {
  name = 'RequestWorkflow1764090000000';

  async up(q: QueryRunner): Promise<void> {
    // Per-year reference numbers (AVG-2026-000001): one sequence per year, created on first use.
    // nextval never blocks concurrent intakes; a rolled-back intake leaves a gap, never a duplicate.
    await q.query(`
      CREATE FUNCTION next_request_number(y int) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE seq text := format('request_number_%s', y);
      BEGIN
        IF to_regclass(seq) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- created concurrently
          END;
        END IF;
        RETURN nextval(seq::regclass);
      END $$`);

    await q.query(`
      CREATE TABLE requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        channel text NOT NULL CHECK (channel IN ('helpdesk', 'email', 'webform', 'letter', 'phone', 'agent')),
        external_ref text,
        api_client text,
        received_at timestamptz NOT NULL,
        requester_name text,
        requester_email text,
        requester_phone text,
        requester_customer_ref text,
        requester_address text,
        message text,
        rights text[] NOT NULL,
        scope text CHECK (scope IN ('controller', 'in-house', 'not-ours')),
        state text NOT NULL,
        snapshot jsonb NOT NULL,
        machine_version int NOT NULL,
        version int NOT NULL DEFAULT 1,
        country char(2) NOT NULL,
        received_date date NOT NULL,
        nominal_respond_by date NOT NULL,
        unpaused_respond_by date NOT NULL,
        respond_by date NOT NULL,
        extended_respond_by date NOT NULL,
        forward_by date NOT NULL,
        promise_respond_by date,
        paused_days int NOT NULL DEFAULT 0,
        paused_since timestamptz,
        extended boolean NOT NULL DEFAULT false,
        flag_urgent boolean NOT NULL DEFAULT false,
        flag_unmatched boolean NOT NULL DEFAULT false,
        flag_awaiting_requester boolean NOT NULL DEFAULT false,
        flag_deadline_near boolean NOT NULL DEFAULT false,
        flag_overdue boolean NOT NULL DEFAULT false,
        due_at date,
        assignee_id uuid REFERENCES agents(id),
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The queue: open requests by earliest open date.
    await q.query(`CREATE INDEX requests_open_due_idx ON requests (due_at, id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX requests_state_idx ON requests (state)`);
    await q.query(`CREATE INDEX requests_external_ref_idx ON requests (external_ref) WHERE external_ref IS NOT NULL`);
    await q.query(`CREATE INDEX requests_received_idx ON requests (received_at)`);

    await q.query(`
      CREATE TABLE request_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES requests(id),
        author text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX request_notes_request_idx ON request_notes (request_id)`);

    // Append-only audit trail: references and codes, never personal data.
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        request_id uuid REFERENCES requests(id),
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_request_idx ON audit_events (request_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

    // Transactional outbox: written in the transaction of the workflow step that caused it.
    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid REFERENCES requests(id),
        recipient text NOT NULL,
        template text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        message_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX messages_pending_idx ON messages (next_attempt_at) WHERE status IN ('queued', 'sending')`);
    await q.query(`CREATE INDEX messages_request_idx ON messages (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messages`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE request_notes`);
    await q.query(`DROP TABLE requests`);
    await q.query(`DROP FUNCTION next_request_number(int)`);
  }
}
