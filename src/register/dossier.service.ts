/** Gathers a request's dossier from the database (a handful of queries, one request) and renders it. */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service.js';
import { actorText } from '../vocabulary/vocabulary.js';
import { appendAuditEvents } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { FORWARDING_COLUMNS, FORWARDING_FROM, type ForwardingRow } from '../forwarding/forwarding-row.js';
import { requesterOf, rowDeadlines } from '../requests/request-row.js';
import { RequestsService } from '../requests/requests.service.js';
import { VerificationService } from '../verification/verification.service.js';
import { buildDossier, type Dossier, type DossierInput, type DossierMessage } from './dossier.js';
import { DossierPdfPool } from './dossier-pdf-pool.js';

export const DOSSIER_AUDIT_TYPE = 'DOSSIER_EXPORTED';

export interface DossierRequester {
  /** Audit actor: `agent:<username>` or `api:<client>`. */
  actor: string;
  via: 'ui' | 'api';
}

@Injectable()
export class DossierService {
  constructor(
    private readonly db: DataSource,
    private readonly requests: RequestsService,
    private readonly verification: VerificationService,
    private readonly agents: AgentsService,
    private readonly clock: Clock,
    private readonly pdfPool: DossierPdfPool,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Everything the dossier shows, read from the database (404 problem for an unknown id). */
  async input(id: string, actor: string): Promise<DossierInput> {
    const row = await this.requests.row(id);
    const now = this.clock.now();
    const [extra, timeline, agents, verification, forwardings, tasks, messages, notes] = await Promise.all([
      this.db.query(
        `SELECT legal_hold_reason AS "legalHoldReason", legal_hold_at AS "legalHoldAt", purged_at AS "purgedAt" FROM requests WHERE id = $1`,
        [row.id],
      ) as Promise<{ legalHoldReason: string | null; legalHoldAt: Date | null; purgedAt: Date | null }[]>,
      this.requests.timeline(row.id),
      this.agents.list(),
      this.verification.list(row.id),
      this.db.query(`SELECT ${FORWARDING_COLUMNS} FROM ${FORWARDING_FROM} WHERE f.request_id = $1 ORDER BY f.created_at, f.id`, [row.id]) as Promise<ForwardingRow[]>,
      // Every column the table has (other modules add some): the model reads them defensively.
      this.db.query(
        `SELECT to_jsonb(t) || jsonb_build_object('controller_name', c.name) AS task
           FROM processor_tasks t LEFT JOIN data_controllers c ON c.id = t.controller_id
          WHERE t.request_id = $1 ORDER BY t.created_at, t.id`,
        [row.id],
      ) as Promise<{ task: Record<string, unknown> }[]>,
      this.db.query(
        `SELECT m.template, c.name AS "controllerName", m.status, m.created_at AS "createdAt", m.sent_at AS "sentAt", m.subject, m.text
           FROM messages m
           LEFT JOIN forwardings f ON f.id = m.forwarding_id
           LEFT JOIN data_controllers c ON c.id = f.controller_id
          WHERE m.request_id = $1 ORDER BY m.created_at, m.id`,
        [row.id],
      ) as Promise<DossierMessage[]>,
      this.db.query(`SELECT author, text, created_at AS "at" FROM request_notes WHERE request_id = $1 ORDER BY created_at, id`, [row.id]) as Promise<
        { author: string; text: string; at: Date }[]
      >,
    ]);
    const agentNames = new Map(agents.map((a) => [a.username, a.displayName]));
    const hold = extra[0];
    const context = ((row.snapshot as { context?: DossierInput['request']['context'] } | null)?.context ?? {}) as DossierInput['request']['context'];
    return {
      generatedAt: now,
      generatedBy: actorText(actor, agentNames),
      processorName: this.config.processor.name,
      request: {
        reference: row.reference,
        externalRef: row.externalRef,
        channel: row.channel,
        receivedAt: row.receivedAt,
        country: row.country,
        rights: row.rights,
        scope: row.scope,
        state: row.state,
        closedAt: row.closedAt,
        purgedAt: hold?.purgedAt ?? null,
        legalHold: hold?.legalHoldAt && hold.legalHoldReason ? { reason: hold.legalHoldReason, at: hold.legalHoldAt } : null,
        requester: requesterOf(row),
        message: row.message,
        context,
      },
      deadlines: rowDeadlines(row, this.config.extraNonWorkingDays),
      today: localDate(now, row.country),
      timeline: timeline.map((e) => ({ at: e.at, actor: e.actor, description: e.description })),
      agentNames,
      forwardings: forwardings.map((f) => ({
        controllerName: f.controllerName,
        state: f.state,
        matchedBy: f.matchedBy,
        contactEmail: f.contactEmail,
        sentAt: f.sentAt,
        acknowledgedAt: f.acknowledgedAt,
        decidedAt: f.decidedAt,
        decision: f.decision,
        instruction: f.instruction,
        instructionDetails: f.instructionDetails,
        note: f.note,
        decidedBy: f.decidedBy,
        reminderCount: f.reminderCount,
        escalated: f.escalated,
        respondBy: f.respondBy,
        forwardBy: f.forwardBy,
        cancelledAt: f.cancelledAt,
      })),
      tasks: tasks.map((t) => t.task),
      verification: verification.items,
      messages,
      notes,
    };
  }

  async dossier(id: string, actor: string): Promise<Dossier> {
    return buildDossier(await this.input(id, actor));
  }

  /**
   * The dossier as PDF, and the download on the request's audit trail (who and when; no personal
   * data in the event). Rendered before it is audited, so a failure leaves no false record. The
   * model is built here; the PDF is laid out in a worker thread (DossierPdfPool), which refuses
   * with a 503 problem when the node is at its cap.
   */
  async pdf(id: string, by: DossierRequester, options: { compress?: boolean } = {}): Promise<{ reference: string; pdf: Buffer }> {
    const input = await this.input(id, by.actor);
    const dossier = buildDossier(input);
    const pdf = await this.pdfPool.render(dossier, { compress: options.compress, createdAt: input.generatedAt });
    const requestId = id.toLowerCase();
    await appendAuditEvents(this.db, [{ requestId, actor: by.actor, type: DOSSIER_AUDIT_TYPE, at: this.clock.now(), data: { via: by.via, format: 'pdf' } }]);
    this.logger.info({ requestId, via: by.via, bytes: pdf.length }, 'dossier exported');
    return { reference: dossier.reference, pdf };
  }
}
