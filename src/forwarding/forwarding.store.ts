/**
 * Reading and moving forwardings. The forwarding runner is `run`: it applies the machine to the
 * forwarding's snapshot and writes the transition guarded by the row's version, together with
 * every named action's fragment (forwarding-actions.ts: columns, audit, mail with a new link,
 * webhook, settlement pending), in ONE statement (no transaction held, so it is safe on the
 * embedded single-connection database). A lost race writes nothing; the caller reloads and
 * shows what was recorded. `write` records without a transition (a link revoked, a mail that left
 * after the forwarding was called off): it never changes the state.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { auditInsert } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDateTime } from '../deadlines/time.js';
import { messageIdDomain } from '../requests/effects-sql.js';
import type { ClaimedMessage } from '../replies/outbox.js';
import type { OutboxHooks } from '../replies/outbox-hooks.js';
import { SCRUB_SENT_LINK_SQL } from '../replies/message-sql.js';
import { applyForwardingEvent, ForwardingTransitionError, type ForwardingEvent, type ForwardingTransitionResult } from './forwarding.machine.js';
import { redact, tokenOfLink } from './forwarding-plan.js';
import { forwardingStatement, fragmentsOf, type AuditInput, type RunInput } from './forwarding-actions.js';
import { FORWARDING_COLUMNS, FORWARDING_FROM, type ForwardingRow } from './forwarding-row.js';

export type { AuditInput, RunInput };

export type EventInput = ForwardingEvent extends infer E ? (E extends ForwardingEvent ? Omit<E, 'at'> : never) : never;

/** What the runner did: written (with the transition), refused by the machine, or lost to a concurrent change. */
export type RunOutcome = { status: 'written'; transition: ForwardingTransitionResult } | { status: 'refused' } | { status: 'conflict' };

@Injectable()
export class ForwardingStore implements OutboxHooks {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.domain = messageIdDomain(config.publicBaseUrl);
  }

  private readonly domain: string;

  async byId(id: string): Promise<ForwardingRow | undefined> {
    const rows: ForwardingRow[] = await this.db.query(`SELECT ${FORWARDING_COLUMNS} FROM ${FORWARDING_FROM} WHERE f.id = $1`, [id]);
    return rows[0];
  }

  /** The requester's e-mail address of a forwarding's request (a read; the requests module owns the table). */
  async requesterEmailOf(requestId: string): Promise<string | null> {
    const rows: { email: string | null }[] = await this.db.query(`SELECT requester_email AS email FROM requests WHERE id = $1`, [requestId]);
    return rows[0]?.email ?? null;
  }

  async byDigest(digest: string): Promise<ForwardingRow | undefined> {
    const rows: ForwardingRow[] = await this.db.query(`SELECT ${FORWARDING_COLUMNS} FROM ${FORWARDING_FROM} WHERE f.token_digest = $1`, [digest]);
    return rows[0];
  }

  /** The machine's next state for `event`, or undefined when the state does not take it. */
  next(row: ForwardingRow, event: EventInput): ForwardingTransitionResult | undefined {
    try {
      return applyForwardingEvent(row.snapshot, { ...event, at: localDateTime(this.clock.now(), row.country) } as ForwardingEvent);
    } catch (err) {
      if (err instanceof ForwardingTransitionError) return undefined;
      throw err;
    }
  }

  /**
   * The forwarding runner: applies `event` to the row's snapshot and writes the transition with
   * every named action it returns, in one statement guarded by the row's version. Refused when
   * the state does not take the event; conflict when someone else changed the row first.
   */
  async run(row: ForwardingRow, event: EventInput, input: RunInput): Promise<RunOutcome> {
    const next = this.next(row, event);
    if (!next) return { status: 'refused' };
    const now = this.clock.now();
    const { sql, params } = forwardingStatement(row, next, fragmentsOf(row, next, input, now), now, this.domain);
    const rows: unknown[] = await this.db.query(sql, params);
    return rows.length === 1 ? { status: 'written', transition: next } : { status: 'conflict' };
  }

  /**
   * Records something about a forwarding without a transition (columns and audit events; never
   * its state), guarded by the row's version. False when someone else changed the row first.
   */
  async write(row: ForwardingRow, columns: Record<string, unknown>, audit: AuditInput[]): Promise<boolean> {
    if ('state' in columns || 'snapshot' in columns) throw new Error('a forwarding changes state only through its machine (run)');
    const now = this.clock.now();
    const { sql, params } = forwardingStatement(row, undefined, [{ columns, audit }], now, this.domain);
    const rows: unknown[] = await this.db.query(sql, params);
    return rows.length === 1;
  }

  /**
   * The request refused a pending decision as invalid (closed, withdrawn, settled otherwise): the
   * settlement is marked refused and audited in one statement, only while it is still pending.
   */
  async refuseSettlement(row: ForwardingRow, requestState: unknown): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH u AS (UPDATE forwardings SET settlement = 'refused', settled_at = $2 WHERE id = $1 AND settlement = 'pending' RETURNING id, request_id)
       ${auditInsert(`SELECT u.request_id, $2, 'system', 'FORWARDING_SETTLEMENT_REFUSED', $3::jsonb FROM u`)} RETURNING id`,
      [
        row.id,
        this.clock.now(),
        JSON.stringify({ forwardingId: row.id, controllerId: row.controllerId, decision: row.decision, ...(row.instruction ? { instruction: row.instruction } : {}), requestState: typeof requestState === 'string' ? requestState : null }),
      ],
    );
    return rows.length === 1;
  }

  /** An audit event about a forwarding without changing it (first view, details shown). */
  async audit(row: ForwardingRow, entry: AuditInput): Promise<void> {
    await this.db.query(auditInsert(`VALUES ($1, $2, $3, $4, $5::jsonb)`), [
      row.requestId,
      this.clock.now(),
      entry.actor,
      entry.type,
      JSON.stringify({ forwardingId: row.id, controllerId: row.controllerId, ...(entry.data ?? {}) }),
    ]);
  }

  /** Records the first view of the link (GET): a column set once, and one audit event. No state change. */
  async recordFirstView(row: ForwardingRow): Promise<void> {
    if (row.firstViewedAt) return;
    const rows: unknown[] = await this.db.query(
      `WITH u AS (UPDATE forwardings SET first_viewed_at = $2 WHERE id = $1 AND first_viewed_at IS NULL RETURNING id, request_id)
       ${auditInsert(`SELECT u.request_id, $2, $3, 'CONTROLLER_LINK_FIRST_VIEWED', $4::jsonb FROM u RETURNING id`)}`,
      [row.id, this.clock.now(), `controller:${row.id}`, JSON.stringify({ forwardingId: row.id, controllerId: row.controllerId })],
    );
    void rows;
  }

  // --- outbox hooks -------------------------------------------------------------------------

  /** A mail of a forwarding called off or sent in error does not go, even if it was queued before that. */
  async withholdReason(message: ClaimedMessage): Promise<string | undefined> {
    const forwardingId = message.data?.forwardingId;
    if (typeof forwardingId !== 'string') return undefined;
    const row = await this.byId(forwardingId);
    if (row?.misdirectedAt) return 'forwarding sent in error';
    if (row?.cancelledAt) return 'forwarding called off';
    return undefined;
  }

  async afterSent(message: ClaimedMessage): Promise<void> {
    const forwardingId = message.data?.forwardingId;
    if (typeof forwardingId !== 'string') return;
    await this.scrub(message.id, message.data.link);
    if (message.template === 'forwarding') await this.markSent(forwardingId);
  }

  async afterFailed(message: ClaimedMessage): Promise<void> {
    const forwardingId = message.data?.forwardingId;
    if (typeof forwardingId !== 'string') return;
    await this.scrub(message.id, message.data.link);
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.byId(forwardingId);
      if (!row) return;
      if ((await this.run(row, { type: 'BOUNCED' }, { actor: 'system', failedTemplate: message.template })).status !== 'conflict') return;
    }
  }

  /**
   * queued → sent once the mail was handed to the transport (retried on a concurrent change). A
   * forwarding called off while its mail was with the transport is not sent: it is recorded that
   * the mail left anyway (its link is revoked), without FORWARDING_SENT or its webhook.
   */
  async markSent(forwardingId: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.byId(forwardingId);
      if (row?.cancelledAt) {
        if (row.sentAt || (await this.sentAfterCancelRecorded(row))) return;
        if (await this.write(row, {}, [{ type: 'FORWARDING_SENT_AFTER_CANCEL', actor: 'system' }])) return;
        continue;
      }
      // Sent already, unless it went back to queued (bounced, contact fixed, new link).
      if (!row || (row.sentAt && row.state !== 'queued')) return;
      // Already acknowledged (the controller was quick): the machine only records the time of sending.
      if ((await this.run(row, { type: 'SENT' }, { actor: 'system' })).status !== 'conflict') return;
    }
    this.logger.warn({ forwardingId }, 'forwarding not marked sent after 3 attempts; the sweep repairs it');
  }

  private async sentAfterCancelRecorded(row: ForwardingRow): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM audit_events WHERE request_id = $1 AND type = 'FORWARDING_SENT_AFTER_CANCEL' AND data->>'forwardingId' = $2 LIMIT 1`,
      [row.requestId, row.id],
    );
    return rows.length > 0;
  }

  /** Removes the clear token from a sent message's data and rendering: no live token stays stored. */
  async scrub(messageId: string, link: unknown): Promise<void> {
    const token = tokenOfLink(link);
    if (!token) return;
    const rows: { subject: string | null; html: string | null; text: string | null; link: unknown }[] = await this.db.query(
      `SELECT subject, html, text, data->'link' AS link FROM messages WHERE id = $1`,
      [messageId],
    );
    const m = rows[0];
    if (!m) return;
    await this.db.query(
      SCRUB_SENT_LINK_SQL,
      [messageId, redact(String(m.link ?? ''), token), redact(m.subject, token), redact(m.html, token), redact(m.text, token)],
    );
  }

  /** Sent mails of forwardings that still hold a token (a crash between `sent` and the scrub), oldest first. */
  async unscrubbed(limit = 100): Promise<{ id: string; link: string; template: string; forwardingId: string }[]> {
    return this.db.query(
      `SELECT id, data->>'link' AS link, template, forwarding_id AS "forwardingId" FROM messages
        WHERE forwarding_id IS NOT NULL AND status IN ('sent', 'failed') AND data ? 'link' AND data->>'link' NOT LIKE '%[verwijderd]'
        ORDER BY created_at LIMIT $1`,
      [limit],
    );
  }
}
