/**
 * Storage limitation (art 5(1)(e)): the requester's personal data of requests closed longer than
 * RETENTION_MONTHS is purged, batch by batch, each batch one SQL statement (so it is whole or not
 * at all, and a crash or a second node never purges half a request). Kept: the reference, dates,
 * rights, states, controllers, decisions and the audit trail (which holds no personal data and is
 * never touched: the purge only appends to it). A request under legal hold is skipped.
 *
 * Also deleted: controller link digests that expired (or were revoked) more than a grace period
 * ago, expired verification link digests, and idempotency records older than their 24 hours.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { appendAuditEvents } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';

/** Requests purged per statement. */
export const PURGE_BATCH = 500;
/** An expired or revoked controller link answers "expired" (410) this long before its digest goes. */
export const LINK_GRACE_DAYS = 30;
/** Idempotency records count for 24 hours (src/commands/idempotency-store.ts). */
const IDEMPOTENCY_TTL_HOURS = 24;
/** What replaces free text that must stay non-null. */
export const PURGED_TEXT = '[verwijderd]';

export const RETENTION_AUDIT_TYPE = 'RETENTION_PURGE';
export const REQUEST_PURGED_AUDIT_TYPE = 'PERSONAL_DATA_PURGED';

export interface PurgeCounts {
  requests: number;
  messages: number;
  notes: number;
  forwardings: number;
  verificationSteps: number;
  linkTokens: number;
  verificationTokens: number;
  idempotencyRecords: number;
  /** Processor exports past their expiry (EXPORT_LINK_DAYS), deleted with their content. */
  exports: number;
}

export interface PurgeCandidate {
  reference: string;
  closedAt: Date;
  messages: number;
  notes: number;
  forwardings: number;
}

export interface DryRun {
  cutoff: Date;
  retentionMonths: number;
  /** Requests that would be purged (references and counts only), oldest closure first. */
  requests: PurgeCandidate[];
  /** Closed before the cutoff but kept under legal hold. */
  held: number;
  linkTokens: number;
  verificationTokens: number;
  idempotencyRecords: number;
  exports: number;
}

export interface PurgeResult extends PurgeCounts {
  cutoff: Date;
  retentionMonths: number;
}

const EMPTY: PurgeCounts = {
  requests: 0,
  messages: 0,
  notes: 0,
  forwardings: 0,
  verificationSteps: 0,
  linkTokens: 0,
  verificationTokens: 0,
  idempotencyRecords: 0,
  exports: 0,
};

/**
 * Free text in a request's machine snapshot (agents' reasons for an extension, a refusal or a
 * question to the requester) replaced; codes, dates and decisions stay.
 */
const SCRUB_SNAPSHOT = (col: string) => `
  CASE WHEN ${col} #> '{context,pauses}' IS NOT NULL AND jsonb_typeof(${col} #> '{context,pauses}') = 'array'
       THEN jsonb_set(${col}, '{context,pauses}', coalesce((
              SELECT jsonb_agg(CASE WHEN p ? 'reason' THEN jsonb_set(p, '{reason}', to_jsonb('${PURGED_TEXT}'::text)) ELSE p END ORDER BY n)
                FROM jsonb_array_elements(${col} #> '{context,pauses}') WITH ORDINALITY AS x(p, n)), '[]'::jsonb))
       ELSE ${col} END`;

function scrubPath(expr: string, path: string): string {
  return `CASE WHEN jsonb_typeof(${expr} #> '${path}') = 'string' THEN jsonb_set(${expr}, '${path}', to_jsonb('${PURGED_TEXT}'::text)) ELSE ${expr} END`;
}

function scrubbedSnapshot(col: string): string {
  let expr = SCRUB_SNAPSHOT(col);
  for (const path of ['{context,extended,reason}', '{context,refusal,reason}', '{context,infoRequest,reason}']) expr = scrubPath(`(${expr})`, path);
  return expr;
}

@Injectable()
export class RetentionService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The purge moment and the closure cutoff, computed by PostgreSQL (calendar months). */
  private async cutoff(now: Date): Promise<Date> {
    const [row]: { cutoff: Date }[] = await this.db.query(`SELECT ($1::timestamptz - make_interval(months => $2::int)) AS cutoff`, [
      now,
      this.config.retentionMonths,
    ]);
    return row.cutoff;
  }

  /** Free-text columns of verification_steps that exist (the table belongs to src/verification/). */
  private async verificationColumns(): Promise<Set<string>> {
    const rows: { column_name: string }[] = await this.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'verification_steps'`,
    );
    return new Set(rows.map((r) => r.column_name));
  }

  async dryRun(): Promise<DryRun> {
    const now = this.clock.now();
    const cutoff = await this.cutoff(now);
    const requests: PurgeCandidate[] = [];
    let after: [Date, string] | undefined;
    for (;;) {
      const rows: (PurgeCandidate & { id: string })[] = await this.db.query(
        `SELECT r.id, r.reference, r.closed_at AS "closedAt",
                (SELECT count(*)::int FROM messages m WHERE m.request_id = r.id) AS messages,
                (SELECT count(*)::int FROM request_notes n WHERE n.request_id = r.id) AS notes,
                (SELECT count(*)::int FROM forwardings f WHERE f.request_id = r.id) AS forwardings
           FROM requests r
          WHERE r.closed_at IS NOT NULL AND r.closed_at < $1 AND r.purged_at IS NULL AND r.legal_hold_at IS NULL
            ${after ? 'AND (r.closed_at, r.id) > ($3::timestamptz, $4::uuid)' : ''}
          ORDER BY r.closed_at, r.id LIMIT $2`,
        after ? [cutoff, PURGE_BATCH, after[0], after[1]] : [cutoff, PURGE_BATCH],
      );
      for (const { id: _id, ...rest } of rows) requests.push(rest);
      if (rows.length < PURGE_BATCH) break;
      const last = rows[rows.length - 1];
      after = [last.closedAt, last.id];
    }
    const [held]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM requests WHERE closed_at IS NOT NULL AND closed_at < $1 AND purged_at IS NULL AND legal_hold_at IS NOT NULL`,
      [cutoff],
    );
    const [links]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM forwardings WHERE token_digest IS NOT NULL
          AND (token_expires_at < $1::timestamptz - make_interval(days => ${LINK_GRACE_DAYS})
               OR token_revoked_at < $1::timestamptz - make_interval(days => ${LINK_GRACE_DAYS}))`,
      [now],
    );
    let verificationTokens = 0;
    const vcols = await this.verificationColumns();
    if (vcols.has('token_digest') && vcols.has('token_expires_at')) {
      const [v]: { n: number }[] = await this.db.query(
        `SELECT count(*)::int AS n FROM verification_steps WHERE token_digest IS NOT NULL AND token_expires_at < $1`,
        [now],
      );
      verificationTokens = v.n;
    }
    const [idem]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE created_at < $1::timestamptz - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
      [now],
    );
    const [exp]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM processor_exports WHERE expires_at <= $1`, [now]);
    return {
      cutoff,
      retentionMonths: this.config.retentionMonths,
      requests,
      held: held.n,
      linkTokens: links.n,
      verificationTokens,
      idempotencyRecords: idem.n,
      exports: exp.n,
    };
  }

  /** Purges everything due now; safe to run again (purged requests are marked and skipped). */
  async purge(actor = 'system:retention'): Promise<PurgeResult> {
    const now = this.clock.now();
    const cutoff = await this.cutoff(now);
    const counts: PurgeCounts = { ...EMPTY };
    const vcols = await this.verificationColumns();
    const vtext = ['reason', 'note'].filter((c) => vcols.has(c));

    for (;;) {
      const batch = await this.purgeBatch(cutoff, now, vtext, actor);
      counts.requests += batch.requests;
      counts.messages += batch.messages;
      counts.notes += batch.notes;
      counts.forwardings += batch.forwardings;
      counts.verificationSteps += batch.verificationSteps;
      if (batch.requests < PURGE_BATCH) break;
    }

    const [, links]: [unknown, number] = await this.db.query(
      `UPDATE forwardings SET token_digest = NULL
        WHERE token_digest IS NOT NULL
          AND (token_expires_at < $1::timestamptz - make_interval(days => ${LINK_GRACE_DAYS})
               OR token_revoked_at < $1::timestamptz - make_interval(days => ${LINK_GRACE_DAYS}))`,
      [now],
    );
    counts.linkTokens = links ?? 0;
    if (vcols.has('token_digest') && vcols.has('token_expires_at')) {
      const [, v]: [unknown, number] = await this.db.query(
        `UPDATE verification_steps SET token_digest = NULL WHERE token_digest IS NOT NULL AND token_expires_at < $1`,
        [now],
      );
      counts.verificationTokens = v ?? 0;
    }
    const [, idem]: [unknown, number] = await this.db.query(
      `DELETE FROM idempotency_keys WHERE created_at < $1::timestamptz - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
      [now],
    );
    counts.idempotencyRecords = idem ?? 0;
    // Exports for controllers are offered only until they expire; then the file goes (audited per request, ids only).
    const [exp]: { n: number }[] = await this.db.query(
      `WITH d AS (DELETE FROM processor_exports WHERE expires_at <= $1 RETURNING id, request_id, task_id),
       a AS (INSERT INTO audit_events (request_id, at, actor, type, data)
             SELECT request_id, $1, $2, 'PROCESSOR_EXPORT_DELETED', jsonb_build_object('exportId', id, 'taskId', task_id) FROM d)
       SELECT count(*)::int AS n FROM d`,
      [now, actor],
    );
    counts.exports = exp?.n ?? 0;
    // Incidents of purged requests: an assessed one keeps its facts (who, when, notifiable, whom
    // told) and loses its free texts; an open one keeps them until the privacy officer has
    // assessed it (a later run then clears them: hence apart from the batches above).
    await this.db.query(
      `UPDATE incidents i SET description = '${PURGED_TEXT}', assessment = '${PURGED_TEXT}'
         FROM requests r
        WHERE r.id = i.request_id AND r.purged_at IS NOT NULL AND i.status = 'assessed' AND i.description <> '${PURGED_TEXT}'`,
    );

    // The purge itself on the audit trail: counts only, no references (request_id null).
    await appendAuditEvents(this.db, [
      {
        requestId: null,
        actor,
        type: RETENTION_AUDIT_TYPE,
        at: now,
        data: { ...counts, retentionMonths: this.config.retentionMonths, cutoff: cutoff.toISOString() },
      },
    ]);
    this.logger.info({ ...counts, retentionMonths: this.config.retentionMonths }, 'retention purge');
    return { ...counts, cutoff, retentionMonths: this.config.retentionMonths };
  }

  /**
   * One batch in one statement: pick up to PURGE_BATCH qualifying requests (locked, skipping
   * rows another node holds), clear their personal data and that of their messages, notes,
   * forwardings and verification steps, and append one audit event per request.
   */
  private async purgeBatch(cutoff: Date, now: Date, verificationText: string[], actor: string): Promise<Omit<PurgeCounts, 'linkTokens' | 'verificationTokens' | 'idempotencyRecords' | 'exports'>> {
    const verification = verificationText.length
      ? `, verification_rows AS (
           UPDATE verification_steps v SET ${verificationText.map((c) => `${c} = NULL`).join(', ')}
             FROM batch b WHERE v.request_id = b.id
           RETURNING 1)`
      : '';
    const [row]: { requests: number; messages: number; notes: number; forwardings: number; verificationSteps: number }[] = await this.db.query(
      `WITH batch AS (
         SELECT id FROM requests
          WHERE closed_at IS NOT NULL AND closed_at < $1 AND purged_at IS NULL AND legal_hold_at IS NULL
          ORDER BY closed_at, id
          LIMIT ${PURGE_BATCH}
          FOR UPDATE SKIP LOCKED),
       request_rows AS (
         UPDATE requests r SET
                requester_name = NULL, requester_email = NULL, requester_phone = NULL,
                requester_customer_ref = NULL, requester_address = NULL, message = NULL,
                snapshot = ${scrubbedSnapshot('r.snapshot')},
                purged_at = $2, version = r.version + 1, updated_at = $2
           FROM batch b WHERE r.id = b.id
         RETURNING r.id),
       message_rows AS (
         UPDATE messages m SET
                recipient = '${PURGED_TEXT}',
                data = CASE WHEN m.data ? 'reference' THEN jsonb_build_object('reference', m.data->'reference') ELSE '{}'::jsonb END,
                subject = NULL, html = NULL, text = NULL, last_error = NULL,
                status = CASE WHEN m.status IN ('queued', 'sending') THEN 'failed' ELSE m.status END
           FROM batch b WHERE m.request_id = b.id
         RETURNING 1),
       note_rows AS (
         UPDATE request_notes n SET text = '${PURGED_TEXT}'
           FROM batch b WHERE n.request_id = b.id
         RETURNING 1),
       forwarding_rows AS (
         UPDATE forwardings f SET instruction_details = NULL, note = NULL, token_digest = NULL
           FROM batch b WHERE f.request_id = b.id
         RETURNING 1),
       task_rows AS (
         UPDATE processor_tasks t SET outcome = CASE WHEN t.outcome IS NULL THEN NULL ELSE '${PURGED_TEXT}' END,
                concern_reason = CASE WHEN t.concern_reason IS NULL THEN NULL ELSE '${PURGED_TEXT}' END,
                concern_note = CASE WHEN t.concern_note IS NULL THEN NULL ELSE '${PURGED_TEXT}' END
           FROM batch b WHERE t.request_id = b.id
         RETURNING 1),
       export_rows AS (
         DELETE FROM processor_exports x USING batch b WHERE x.request_id = b.id
         RETURNING 1)
       ${verification},
       audit_rows AS (
         INSERT INTO audit_events (request_id, at, actor, type, data)
         SELECT id, $2, $3, '${REQUEST_PURGED_AUDIT_TYPE}', '{}'::jsonb FROM request_rows
         RETURNING 1)
       SELECT (SELECT count(*)::int FROM request_rows) AS requests,
              (SELECT count(*)::int FROM message_rows) AS messages,
              (SELECT count(*)::int FROM note_rows) AS notes,
              (SELECT count(*)::int FROM forwarding_rows) AS forwardings,
              ${verificationText.length ? '(SELECT count(*)::int FROM verification_rows)' : '0'} AS "verificationSteps",
              (SELECT count(*)::int FROM audit_rows) AS audited`,
      [cutoff, now, actor],
    );
    return row;
  }
}
