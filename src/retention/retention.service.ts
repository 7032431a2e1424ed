/**
 * Storage limitation (art 5(1)(e)): the requester's personal data of requests closed longer than
 * RETENTION_MONTHS is purged, batch by batch, each batch one SQL statement (so it is whole or not
 * at all, and a crash or a second node never purges half a request). Kept: the reference, dates,
 * rights, states, controllers, decisions and the audit trail (which holds no personal data and is
 * never touched: the purge only appends to it). A request under legal hold is skipped.
 *
 * Also deleted: controller link digests that expired (or were revoked) more than a grace period
 * ago, expired verification link digests, and idempotency records older than their 24 hours.
 *
 * Retention writes no table itself: each table's owner (src/database/table-owners.ts) exports the
 * purge fragment of its own rows, and this service composes them into its statements.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { countStaleIdempotencyRecords, purgeIdempotencyRecords } from '../commands/idempotency-sql.js';
import { appendAuditEvents } from '../audit/audit.js';
import { personalDataPurgeStatement, PURGED_TEXT } from './purge-sql.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { countStaleLinkDigests, purgeStaleLinkDigests } from '../forwarding/forwarding-sql.js';
import { purgeAssessedIncidents } from '../incidents/incident-sql.js';
import { countExpiredExports, purgeExpiredExports } from '../processor-tasks/processor-task-sql.js';
import { countExpiredVerificationTokens, purgeExpiredVerificationTokens } from '../verification/verification-sql.js';

/** Requests purged per statement. */
export const PURGE_BATCH = 500;
/** An expired or revoked controller link answers "expired" (410) this long before its digest goes. */
export const LINK_GRACE_DAYS = 30;

export { PURGED_TEXT, REQUEST_PURGED_AUDIT_TYPE } from './purge-sql.js';
export const RETENTION_AUDIT_TYPE = 'RETENTION_PURGE';

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
    const [links]: { n: number }[] = await this.db.query(countStaleLinkDigests('$1', LINK_GRACE_DAYS), [now]);
    const [v]: { n: number }[] = await this.db.query(countExpiredVerificationTokens('$1'), [now]);
    const verificationTokens = v.n;
    const [idem]: { n: number }[] = await this.db.query(countStaleIdempotencyRecords('$1'), [now]);
    const [exp]: { n: number }[] = await this.db.query(countExpiredExports('$1'), [now]);
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

    for (;;) {
      const batch = await this.purgeBatch(cutoff, now, actor);
      counts.requests += batch.requests;
      counts.messages += batch.messages;
      counts.notes += batch.notes;
      counts.forwardings += batch.forwardings;
      counts.verificationSteps += batch.verificationSteps;
      if (batch.requests < PURGE_BATCH) break;
    }

    const [, links]: [unknown, number] = await this.db.query(purgeStaleLinkDigests('$1', LINK_GRACE_DAYS), [now]);
    counts.linkTokens = links ?? 0;
    const [, v]: [unknown, number] = await this.db.query(purgeExpiredVerificationTokens('$1'), [now]);
    counts.verificationTokens = v ?? 0;
    const [, idem]: [unknown, number] = await this.db.query(purgeIdempotencyRecords('$1'), [now]);
    counts.idempotencyRecords = idem ?? 0;
    // Exports for controllers are offered only until they expire; then the file goes (audited per request, ids only).
    const [exp]: { n: number }[] = await this.db.query(purgeExpiredExports('$1', '$2'), [now, actor]);
    counts.exports = exp?.n ?? 0;
    // Incidents of purged requests: an assessed one keeps its facts (who, when, notifiable, whom
    // told) and loses its free texts; an open one keeps them until the privacy officer has
    // assessed it (a later run then clears them: hence apart from the batches above).
    await this.db.query(purgeAssessedIncidents(PURGED_TEXT));

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
  private async purgeBatch(cutoff: Date, now: Date, actor: string): Promise<Omit<PurgeCounts, 'linkTokens' | 'verificationTokens' | 'idempotencyRecords' | 'exports'>> {
    const [row]: { requests: number; messages: number; notes: number; forwardings: number; verificationSteps: number }[] = await this.db.query(
      personalDataPurgeStatement(
        `SELECT id FROM requests
          WHERE closed_at IS NOT NULL AND closed_at < $1 AND purged_at IS NULL AND legal_hold_at IS NULL
          ORDER BY closed_at, id
          LIMIT ${PURGE_BATCH}
          FOR UPDATE SKIP LOCKED`,
        '$2',
        '$3',
      ),
      [cutoff, now, actor],
    );
    return row;
  }
}
