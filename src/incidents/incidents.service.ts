/**
 * Incidents (art 33(2)): a forwarding marked as sent in error, and the privacy officer's
 * assessment. Reporting goes through the request workflow (FORWARDING_MISDIRECTED): the link
 * revoked, the forwarding called off, the incident, the mail to the privacy address and the audit
 * events are written in the transition's one statement. The assessment is one guarded UPDATE with
 * its audit event.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditInsert } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { NotFoundProblem, ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { ForwardingRow } from '../forwarding/forwarding-row.js';
import { ForwardingStore } from '../forwarding/forwarding.store.js';
import { messageIdDomain, transitionStatement } from '../requests/effects-sql.js';
import { guardedRequestVersionBump } from '../requests/request-sql.js';
import { InvalidTransitionProblem, runTransition, STALE, VersionConflictProblem, WorkflowRunner } from '../requests/workflow-runner.js';
import { TRANSITION_FRAGMENTS, type TransitionFragments } from '../requests/transition-fragments.js';
import { planMisdirection } from './misdirection-plan.js';
import type { IncidentAssessmentInput } from './incidents.schemas.js';
import { UUID } from '../common/validation.js';
import { ALL_REQUESTS, visibleWhere, type RequestVisibility } from '../requests/request-visibility.js';

const ATTEMPTS = 3;

export interface Incident {
  id: string;
  kind: 'misdirected-forwarding';
  requestId: string;
  reference: string;
  forwardingId: string | null;
  controllerId: string;
  controllerName: string;
  description: string;
  reportedBy: string;
  reportedAt: string;
  status: 'open' | 'assessed';
  /** What the wrong controller did with the link, for the assessment (no personal data). */
  exposure: { linkOpened: boolean; detailsViewed: boolean; documentsDownloaded: boolean; decided: boolean };
  assessment: {
    notifiable: boolean;
    reasoning: string;
    notifiedControllerId: string | null;
    notifiedControllerName: string | null;
    notifiedAt: string | null;
    assessedBy: string;
    assessedAt: string;
  } | null;
}

/** A row of SELECT below: the incident's own columns flat, its exposure and assessment unfolded. */
type IncidentRow = Omit<Incident, 'reportedAt' | 'exposure' | 'assessment'> &
  Incident['exposure'] & {
    reportedAt: Date;
    notifiable: boolean | null;
    assessment: string | null;
    notifiedControllerId: string | null;
    notifiedControllerName: string | null;
    notifiedAt: Date | null;
    assessedBy: string | null;
    assessedAt: Date | null;
  };

const SELECT = `
  SELECT i.id, i.kind, i.request_id AS "requestId", q.reference, i.forwarding_id AS "forwardingId", i.controller_id AS "controllerId",
         c.name AS "controllerName", i.description, i.reported_by AS "reportedBy", i.reported_at AS "reportedAt", i.status,
         i.notifiable, i.assessment, i.notified_controller_id AS "notifiedControllerId", n.name AS "notifiedControllerName",
         i.notified_at AS "notifiedAt", i.assessed_by AS "assessedBy", i.assessed_at AS "assessedAt",
         (f.first_viewed_at IS NOT NULL) AS "linkOpened", (f.decided_at IS NOT NULL) AS "decided",
         EXISTS (SELECT 1 FROM audit_events a WHERE a.request_id = i.request_id AND a.type = 'CONTROLLER_VIEWED_REQUESTER_DETAILS'
                   AND a.data->>'forwardingId' = i.forwarding_id::text) AS "detailsViewed",
         -- Draft letters (prefilled with the requester's data) and exports hold personal data too.
         EXISTS (SELECT 1 FROM audit_events a WHERE a.request_id = i.request_id
                   AND a.type IN ('CONTROLLER_DRAFT_DOWNLOADED', 'PROCESSOR_EXPORT_DOWNLOADED')
                   AND a.data->>'forwardingId' = i.forwarding_id::text) AS "documentsDownloaded"
    FROM incidents i
    JOIN requests q ON q.id = i.request_id
    JOIN data_controllers c ON c.id = i.controller_id
    LEFT JOIN forwardings f ON f.id = i.forwarding_id
    LEFT JOIN data_controllers n ON n.id = i.notified_controller_id`;

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    kind: r.kind,
    requestId: r.requestId,
    reference: r.reference,
    forwardingId: r.forwardingId,
    controllerId: r.controllerId,
    controllerName: r.controllerName,
    description: r.description,
    reportedBy: r.reportedBy,
    reportedAt: r.reportedAt.toISOString(),
    status: r.status,
    exposure: { linkOpened: r.linkOpened, detailsViewed: r.detailsViewed, documentsDownloaded: r.documentsDownloaded, decided: r.decided },
    assessment:
      r.status === 'assessed'
        ? {
            notifiable: r.notifiable === true,
            reasoning: r.assessment ?? '',
            notifiedControllerId: r.notifiedControllerId,
            notifiedControllerName: r.notifiedControllerName,
            notifiedAt: r.notifiedAt?.toISOString() ?? null,
            assessedBy: r.assessedBy ?? '',
            assessedAt: r.assessedAt?.toISOString() ?? '',
          }
        : null,
  };
}

@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly store: ForwardingStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(TRANSITION_FRAGMENTS) private readonly fragments: TransitionFragments,
  ) {}

  /**
   * Marks a forwarding of this request as sent to the wrong controller: FORWARDING_MISDIRECTED
   * through the workflow (retried on a concurrent change of the request). 404 for a forwarding of
   * another request, 409 `already-reported` when it was marked before. Whatever the request's
   * state, the incident is recorded: see apply.
   */
  async reportSentInError(requestId: string, forwardingId: string, description: string, actor: string): Promise<Incident> {
    if (!UUID.test(forwardingId) || !UUID.test(requestId)) throw new NotFoundProblem('forwarding');
    // Each attempt reads the forwarding afresh: of two reports at once (a double click) one
    // writes, the other loses on the request's version and, retried, finds it reported.
    for (let attempt = 1; ; attempt++) {
      const row = await this.store.byId(forwardingId);
      if (!row || row.requestId !== requestId) throw new NotFoundProblem('forwarding');
      if (row.misdirectedAt) {
        throw new ProblemException(409, 'already-reported', 'Already reported', 'This forwarding was already marked as sent in error.', {
          incidentId: await this.incidentIdOf(forwardingId),
        });
      }
      try {
        await this.apply(requestId, row, description, actor);
        break;
      } catch (err) {
        if (err instanceof ProblemException && err.status === 409 && attempt < ATTEMPTS) continue;
        throw err;
      }
    }
    const id = await this.incidentIdOf(forwardingId);
    if (!id) throw new Error('the incident was not recorded');
    return this.get(id);
  }

  /**
   * FORWARDING_MISDIRECTED through the workflow, when the request still counts this forwarding:
   * waiting for it, carrying out its instruction, or closed on this controller's word alone (it
   * reopens). Otherwise — an older forwarding of a controller the request was routed to again, a
   * request handled elsewhere meanwhile, closed otherwise, or already purged — the request stays
   * as it is and the incident is recorded all the same (art 33(2)): see reportWithoutTransition.
   */
  private async apply(requestId: string, row: ForwardingRow, description: string, actor: string): Promise<void> {
    const current = async () => {
      const [r]: { state: string; version: number; purged: boolean; latest: string | null }[] = await this.db.query(
        `SELECT q.state, q.version, q.purged_at IS NOT NULL AS purged,
                (SELECT f.id FROM forwardings f WHERE f.request_id = q.id AND f.controller_id = $2 ORDER BY f.created_at DESC, f.id DESC LIMIT 1) AS latest
           FROM requests q WHERE q.id = $1`,
        [requestId, row.controllerId],
      );
      if (!r) throw new NotFoundProblem('request');
      return r;
    };
    const request = await current();
    if (request.purged || request.latest !== row.id) return this.reportWithoutTransition(requestId, row, description, actor, request);
    try {
      await this.runner.apply(requestId, { type: 'FORWARDING_MISDIRECTED', controllerId: row.controllerId, forwardingId: row.id, reason: description }, { actor });
    } catch (err) {
      if (!(err instanceof InvalidTransitionProblem)) throw err;
      // Reported meanwhile (a double click): the caller sees already-reported.
      if ((await this.store.byId(row.id))?.misdirectedAt) throw new VersionConflictProblem();
      await this.reportWithoutTransition(requestId, row, description, actor, await current());
    }
  }

  /**
   * The same writes as FORWARDING_MISDIRECTED (link revoked, forwarding called off, its unsent
   * mails withheld, incident, mail to the privacy address, audit) for a request whose state stays
   * as it is, in one statement that only bumps the request's version (guarded: a concurrent report
   * loses and is retried).
   */
  private async reportWithoutTransition(
    requestId: string,
    row: ForwardingRow,
    description: string,
    actor: string,
    { state, version }: { state: string; version: number },
  ): Promise<void> {
    const now = this.clock.now();
    const planned = planMisdirection(row, description, { id: requestId, now }, {
      privacyEmail: this.config.processor.privacyEmail,
      processorTone: this.config.processorTone,
      publicBaseUrl: this.config.publicBaseUrl,
    });
    const statement = transitionStatement({
      requestSql: guardedRequestVersionBump('$2', `id = $1 AND state = $3 AND version = $4
                      AND NOT EXISTS (SELECT 1 FROM forwardings WHERE id = $5 AND misdirected_at IS NOT NULL)`),
      requestParams: [requestId, now, state, version, row.id],
      actor,
      audit: [
        {
          requestId,
          actor,
          type: 'FORWARDING_MISDIRECTED',
          at: now,
          data: { controllerId: row.controllerId, forwardingId: row.id, reasonGiven: true, from: state, to: state },
        },
      ],
      plan: {
        messages: [planned.message],
        notes: [],
        audit: planned.audit,
        webhooks: [{ event: 'forwarding.sent_in_error' }],
        misdirections: [planned.misdirection],
      },
      messageIdDomain: messageIdDomain(this.config.publicBaseUrl),
    }, this.fragments);
    // Nothing written (the request or the forwarding changed meanwhile): the caller reads both again.
    const written = await runTransition(this.db, statement);
    if (!written || written === STALE) throw new VersionConflictProblem(version);
  }

  private async incidentIdOf(forwardingId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM incidents WHERE forwarding_id = $1 AND kind = 'misdirected-forwarding'`, [forwardingId]);
    return rows[0]?.id ?? null;
  }

  /** The incident, if its request is visible to the caller (an API client: its own requests); else a 404. */
  async get(id: string, visibility: RequestVisibility = ALL_REQUESTS): Promise<Incident> {
    if (!UUID.test(id)) throw new NotFoundProblem('incident');
    const params: unknown[] = [id];
    const rows: IncidentRow[] = await this.db.query(`${SELECT} WHERE i.id = $1 AND ${visibleWhere(visibility, params, 'q.api_client')}`, params);
    if (!rows[0]) throw new NotFoundProblem('incident');
    return toIncident(rows[0]);
  }

  /** Open ones first (oldest first: the clock of art 33(2) runs), then the assessed ones, newest first. */
  async list(status?: 'open' | 'assessed', limit = 200, visibility: RequestVisibility = ALL_REQUESTS): Promise<Incident[]> {
    const params: unknown[] = status ? [limit, status] : [limit];
    const visible = visibleWhere(visibility, params, 'q.api_client');
    const rows: IncidentRow[] = await this.db.query(
      `${SELECT} WHERE ${visible} ${status ? 'AND i.status = $2' : ''}
        ORDER BY (i.status = 'open') DESC, CASE WHEN i.status = 'open' THEN i.reported_at END ASC, i.reported_at DESC, i.id
        LIMIT $1`,
      params,
    );
    return rows.map(toIncident);
  }

  async openCount(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM incidents WHERE status = 'open'`);
    return rows[0]?.n ?? 0;
  }

  /**
   * The privacy officer's assessment, once: notifiable or not, the reasoning, and (when notifiable)
   * which controller was notified and when. One statement with its audit event (no free text in it).
   */
  async assess(id: string, input: IncidentAssessmentInput, actor: string, visibility: RequestVisibility = ALL_REQUESTS): Promise<Incident> {
    const current = await this.get(id, visibility);
    if (current.status !== 'open') {
      throw new ProblemException(409, 'already-assessed', 'Already assessed', 'This incident was assessed before; its assessment stays as recorded.');
    }
    const now = this.clock.now();
    if (input.notifiedAt && Date.parse(input.notifiedAt) > now.getTime() + 60_000) {
      throw new ProblemException(422, 'notified-in-future', 'Notification date in the future', 'notifiedAt cannot be later than now.');
    }
    if (input.notifiedControllerId) {
      const found: unknown[] = await this.db.query(`SELECT 1 FROM data_controllers WHERE id = $1`, [input.notifiedControllerId]);
      if (!found.length) throw new ProblemException(422, 'unknown-controller', 'Unknown controller', 'No controller with this id.');
    }
    const rows: unknown[] = await this.db.query(
      `WITH u AS (
         UPDATE incidents SET status = 'assessed', notifiable = $2, assessment = $3, notified_controller_id = $4, notified_at = $5,
                assessed_by = $6, assessed_at = $7
          WHERE id = $1 AND status = 'open'
         RETURNING id, request_id, forwarding_id, controller_id)
       , a AS (${auditInsert(`SELECT u.request_id, $7, $6, 'INCIDENT_ASSESSED',
                      jsonb_build_object('incidentId', u.id, 'forwardingId', u.forwarding_id, 'controllerId', u.controller_id,
                                         'notifiable', $2::boolean, 'notifiedControllerId', $4::uuid, 'reasoningGiven', true) FROM u`)})
       SELECT id FROM u`,
      [id, input.notifiable, input.reasoning, input.notifiable ? input.notifiedControllerId : null, input.notifiable ? input.notifiedAt : null, actor, now],
    );
    if (!rows.length) {
      throw new ProblemException(409, 'already-assessed', 'Already assessed', 'This incident was assessed meanwhile; its assessment stays as recorded.');
    }
    return this.get(id);
  }
}
