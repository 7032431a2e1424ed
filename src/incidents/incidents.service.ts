/**
 * Incidents (art 33(2)): a forwarding marked as sent in error, and the privacy officer's
 * assessment. Reporting goes through the request workflow (FORWARDING_MISDIRECTED): the link
 * revoked, the forwarding called off, the incident, the mail to the privacy address and the audit
 * events are written in the transition's one statement. The assessment is one guarded UPDATE with
 * its audit event.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Language } from '../vocabulary/language.js';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { NotFoundProblem, ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { ForwardingRow } from '../forwarding/forwarding-row.js';
import { ForwardingStore } from '../forwarding/forwarding.store.js';
import { messageIdDomain, transitionStatement } from '../requests/effects-sql.js';
import { guardedRequestVersionBump } from '../requests/request-sql.js';
import { InvalidTransitionProblem, runTransition, STALE, VersionConflictProblem, WorkflowRunner } from '../requests/workflow-runner.js';
import { TRANSITION_FRAGMENTS, type TransitionFragments } from '../requests/transition-fragments.js';
import { misdirectionSettings, planMisdirection } from './misdirection-plan.js';
import type { IncidentAssessmentInput } from './incidents.schemas.js';
import { UUID } from '../common/validation.js';
import { randomUUID } from 'node:crypto';
import { assertCarriedOut } from '../common/flat-machine.js';
import { isWellFormedToken } from '../common/links.js';
import { sha256Hex } from '../common/crypto.js';
import type { Country } from '../deadlines/countries.js';
import { supervisoryAuthority } from '../vocabulary/vocabulary.js';
import { authorityClock, type AuthorityClock } from './authority-clock.js';
import { breachNoticeData, type BreachFacts } from './breach-notice.js';
import { assessIncident, confirmDeletion } from './incident-sql.js';
import { applyAssessmentEvent, applyDeletionEvent, deletionTakes, INCIDENT_ACTIONS_CARRIED_OUT, type DeletionState, type IncidentStatus } from './incident.machine.js';
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
  status: IncidentStatus;
  /** What the wrong controller did with the link, for the assessment (no personal data). */
  exposure: { linkOpened: boolean; detailsViewed: boolean; documentsDownloaded: boolean; decided: boolean };
  /** The request to the wrong recipient to delete what it received and confirm (`none` when its mail never left). */
  deletion: { state: DeletionState; requestedAt: string | null; confirmedAt: string | null; confirmedBy: string | null };
  /**
   * While open: the controller the request now goes to besides the wrong one (the likely owner of
   * the data, to notify under art 33(2)); null when there is none, and the processor may be controller itself.
   */
  suggestedControllerId: string | null;
  /**
   * The 72-hour clock of art 33(1), where the processor is (or, while open and no other controller
   * owns the request, may be) controller of the data; null otherwise.
   */
  authorityClock: AuthorityClock | null;
  assessment: {
    notifiable: boolean;
    reasoning: string;
    /** Art 33(1): the processor's own data; otherwise another controller's (art 33(2)). */
    processorIsController: boolean;
    notifiedControllerId: string | null;
    notifiedControllerName: string | null;
    /** When the breach notice was queued for that controller. */
    notifiedAt: string | null;
    /** The breach notice in the outbox: queued, sent, failed … */
    breachNotice: { status: string; sentAt: string | null } | null;
    authority: { country: Country; name: string } | null;
    authorityNotifiedAt: string | null;
    assessedBy: string;
    assessedAt: string;
  } | null;
}

/** A row of SELECT below: the incident's own columns flat, its exposure and assessment unfolded. */
type IncidentRow = Omit<Incident, 'reportedAt' | 'exposure' | 'assessment' | 'deletion' | 'authorityClock'> &
  Omit<Incident['exposure'], never> & {
    reportedAt: Date;
    notifiable: boolean | null;
    assessment: string | null;
    notifiedControllerId: string | null;
    notifiedControllerName: string | null;
    notifiedAt: Date | null;
    assessedBy: string | null;
    assessedAt: Date | null;
    processorIsController: boolean | null;
    authorityCountry: Country | null;
    authorityNotifiedAt: Date | null;
    noticeStatus: string | null;
    noticeSentAt: Date | null;
    deletionState: DeletionState;
    deletionRequestedAt: Date | null;
    deletionConfirmedAt: Date | null;
    deletionConfirmedBy: string | null;
  };

const SELECT = `
  SELECT i.id, i.kind, i.request_id AS "requestId", q.reference, i.forwarding_id AS "forwardingId", i.controller_id AS "controllerId",
         c.name AS "controllerName", i.description, i.reported_by AS "reportedBy", i.reported_at AS "reportedAt", i.status,
         i.notifiable, i.assessment, i.notified_controller_id AS "notifiedControllerId", n.name AS "notifiedControllerName",
         i.notified_at AS "notifiedAt", i.assessed_by AS "assessedBy", i.assessed_at AS "assessedAt",
         i.processor_is_controller AS "processorIsController", i.authority_country AS "authorityCountry",
         i.authority_notified_at AS "authorityNotifiedAt",
         i.deletion_state AS "deletionState", i.deletion_requested_at AS "deletionRequestedAt",
         i.deletion_confirmed_at AS "deletionConfirmedAt", i.deletion_confirmed_by AS "deletionConfirmedBy",
         bn.status AS "noticeStatus", bn.sent_at AS "noticeSentAt",
         (SELECT o.controller_id FROM forwardings o JOIN data_controllers oc ON oc.id = o.controller_id
           WHERE o.request_id = i.request_id AND o.controller_id <> i.controller_id AND o.misdirected_at IS NULL AND NOT oc.is_self
           ORDER BY o.created_at DESC, o.id DESC LIMIT 1) AS "suggestedControllerId",
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
    LEFT JOIN data_controllers n ON n.id = i.notified_controller_id
    LEFT JOIN LATERAL (SELECT m.status, m.sent_at FROM messages m
                        WHERE m.request_id = i.request_id AND m.template = 'breach-notice' AND m.data->>'incidentId' = i.id::text
                        ORDER BY m.created_at DESC LIMIT 1) bn ON true`;

function toIncident(r: IncidentRow, now: Date): Incident {
  const assessed = r.status === 'assessed';
  // Art 33(1) applies where the processor is controller: recorded by the assessment; while open,
  // conservatively whenever no other controller owns the request (yet).
  const processorMayBeController = assessed ? r.processorIsController === true : r.suggestedControllerId === null;
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
    deletion: {
      state: r.deletionState,
      requestedAt: r.deletionRequestedAt?.toISOString() ?? null,
      confirmedAt: r.deletionConfirmedAt?.toISOString() ?? null,
      confirmedBy: r.deletionConfirmedBy,
    },
    suggestedControllerId: assessed ? null : r.suggestedControllerId,
    authorityClock:
      processorMayBeController && (!assessed || r.notifiable === true) ? authorityClock(r.reportedAt, now, assessed ? r.authorityNotifiedAt : null) : null,
    assessment: assessed
      ? {
          notifiable: r.notifiable === true,
          reasoning: r.assessment ?? '',
          processorIsController: r.processorIsController === true,
          notifiedControllerId: r.notifiedControllerId,
          notifiedControllerName: r.notifiedControllerName,
          notifiedAt: r.notifiedAt?.toISOString() ?? null,
          breachNotice: r.noticeStatus ? { status: r.noticeStatus, sentAt: r.noticeSentAt?.toISOString() ?? null } : null,
          authority: r.authorityCountry ? { country: r.authorityCountry, name: supervisoryAuthority(r.authorityCountry).name } : null,
          authorityNotifiedAt: r.authorityNotifiedAt?.toISOString() ?? null,
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
    const [wrong]: { tone: 'u' | 'je'; language: Language; contactName: string | null }[] = await this.db.query(
      `SELECT tone, language, contact_name AS "contactName" FROM data_controllers WHERE id = $1`,
      [row.controllerId],
    );
    const planned = planMisdirection(row, description, { id: requestId, now }, misdirectionSettings(this.config), wrong);
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
        messages: planned.messages,
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
    return toIncident(rows[0], this.clock.now());
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
    const now = this.clock.now();
    return rows.map((r) => toIncident(r, now));
  }

  async openCount(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM incidents WHERE status = 'open'`);
    return rows[0]?.n ?? 0;
  }

  /**
   * The privacy officer's assessment, once (ASSESS: open → assessed, incident.machine.ts). A breach
   * of another controller's data queues the breach notice to that controller in the same statement
   * (art 33(2)); a breach of the processor's own data records when the AP/GBA was notified (art 33(1)).
   */
  async assess(id: string, input: IncidentAssessmentInput, actor: string, visibility: RequestVisibility = ALL_REQUESTS): Promise<Incident> {
    const current = await this.get(id, visibility);
    const alreadyAssessed = () =>
      new ProblemException(409, 'already-assessed', 'Already assessed', 'This incident was assessed before; its assessment stays as recorded.');
    if (current.status !== 'open') throw alreadyAssessed();
    const transition = applyAssessmentEvent(current.status, { type: 'ASSESS', notifiable: input.notifiable, processorIsController: input.processorIsController });
    assertCarriedOut(transition, INCIDENT_ACTIONS_CARRIED_OUT.assessment);
    const actions = transition.actions.map((a) => a.type);
    const now = this.clock.now();
    if (input.authorityNotifiedAt && Date.parse(input.authorityNotifiedAt) > now.getTime() + 60_000) {
      throw new ProblemException(422, 'notified-in-future', 'Notification date in the future', 'authorityNotifiedAt cannot be later than now.');
    }
    let notice: { recipient: string; data: Record<string, unknown>; messageId: string } | null = null;
    if (actions.includes('sendBreachNotice')) {
      const controllerId = input.notifiedControllerId!;
      const [controller]: { name: string; country: Country; contactName: string | null; contactEmail: string; tone: 'u' | 'je'; language: Language; isSelf: boolean }[] =
        await this.db.query(
          `SELECT name, country, contact_name AS "contactName", contact_email AS "contactEmail", tone, language, is_self AS "isSelf" FROM data_controllers WHERE id = $1`,
          [controllerId],
        );
      if (!controller) throw new ProblemException(422, 'unknown-controller', 'Unknown controller', 'No controller with this id.');
      if (controllerId === current.controllerId) {
        throw new ProblemException(422, 'wrong-recipient', 'Not the wrong recipient', 'The breach notice goes to the controller whose data it is, not to the controller that received it in error.');
      }
      if (controller.isSelf) {
        throw new ProblemException(422, 'processor-is-controller', 'The processor is controller', 'This is the processor itself: assess with processorIsController true (art 33(1)).');
      }
      notice = {
        recipient: controller.contactEmail,
        data: breachNoticeData(current.id, await this.breachFacts(current), controller),
        messageId: `<${randomUUID()}@${messageIdDomain(this.config.publicBaseUrl)}>`,
      };
    }
    const ownBreach = actions.includes('recordAuthorityNotification');
    const rows: unknown[] = await this.db.query(assessIncident(), [
      id,
      input.notifiable,
      input.reasoning,
      notice ? input.notifiedControllerId : null,
      notice ? now : null,
      actor,
      now,
      input.processorIsController,
      ownBreach ? this.config.processor.country : null,
      ownBreach ? input.authorityNotifiedAt : null,
      notice ? JSON.stringify(notice) : null,
    ]);
    if (!rows.length) throw alreadyAssessed();
    return this.get(id);
  }

  /** The facts of art 33(3) for the breach notice, from the incident, its forwarding and its request (no content). */
  private async breachFacts(incident: Incident): Promise<BreachFacts> {
    const [r]: {
      sentAt: Date | null; createdAt: Date | null; revokedAt: Date | null;
      name: boolean; email: boolean; phone: boolean; address: boolean; customerRef: boolean; message: boolean;
    }[] = await this.db.query(
      `SELECT f.sent_at AS "sentAt", f.created_at AS "createdAt", f.token_revoked_at AS "revokedAt",
              q.requester_name IS NOT NULL AS name, q.requester_email IS NOT NULL AS email, q.requester_phone IS NOT NULL AS phone,
              q.requester_address IS NOT NULL AS address, q.requester_customer_ref IS NOT NULL AS "customerRef",
              coalesce(q.message, '') <> '' AS message
         FROM requests q LEFT JOIN forwardings f ON f.id = $2 WHERE q.id = $1`,
      [incident.requestId, incident.forwardingId],
    );
    const reportedAt = new Date(incident.reportedAt);
    return {
      wrongRecipientName: incident.controllerName,
      forwardedAt: r?.sentAt ?? r?.createdAt ?? reportedAt,
      reportedAt,
      linkRevokedAt: r?.revokedAt ?? reportedAt,
      exposure: { linkOpened: incident.exposure.linkOpened, detailsViewed: incident.exposure.detailsViewed, documentsDownloaded: incident.exposure.documentsDownloaded },
      disclosed: r ?? { name: true, email: true, phone: false, address: false, customerRef: false, message: true },
      deletionRequestedAt: incident.deletion.requestedAt ? new Date(incident.deletion.requestedAt) : null,
      deletionConfirmedAt: incident.deletion.confirmedAt ? new Date(incident.deletion.confirmedAt) : null,
    };
  }

  /** The incident behind a deletion link: unknown (or purged) → unknown, past its expiry → expired. */
  async deletionByToken(token: string): Promise<
    | { status: 'unknown' | 'expired' }
    | { status: 'ok'; incident: { id: string; reference: string; controllerName: string; tokenDigest: string; state: DeletionState; confirmedAt: string | null; country: Country; language: Language } }
  > {
    if (!isWellFormedToken(token)) return { status: 'unknown' };
    const digest = sha256Hex(token);
    const [row]: { id: string; reference: string; controllerName: string; state: DeletionState; expiresAt: Date; confirmedAt: Date | null; country: Country; language: Language }[] =
      await this.db.query(
        `SELECT i.id, q.reference, c.name AS "controllerName", i.deletion_state AS state, i.deletion_token_expires_at AS "expiresAt",
                i.deletion_confirmed_at AS "confirmedAt", c.country, c.language
           FROM incidents i JOIN requests q ON q.id = i.request_id JOIN data_controllers c ON c.id = i.controller_id
          WHERE i.deletion_token_digest = $1`,
        [digest],
      );
    if (!row) return { status: 'unknown' };
    // A confirmed link keeps showing what was recorded; an unconfirmed one ends at its expiry.
    if (row.state !== 'confirmed' && row.expiresAt.getTime() < this.clock.now().getTime()) return { status: 'expired' };
    return {
      status: 'ok',
      incident: { id: row.id, reference: row.reference, controllerName: row.controllerName, tokenDigest: digest, state: row.state, confirmedAt: row.confirmedAt?.toISOString() ?? null, country: row.country, language: row.language },
    };
  }

  /**
   * The wrong recipient confirms it deleted what it received (CONFIRM_DELETION: requested →
   * confirmed), with the name it gave. Once: a second confirmation (double click, reload) records
   * nothing and reports `false`.
   */
  async confirmDeletion(incidentId: string, state: DeletionState, name: string | null): Promise<boolean> {
    if (!deletionTakes(state, 'CONFIRM_DELETION')) return false;
    assertCarriedOut(applyDeletionEvent(state, { type: 'CONFIRM_DELETION' }), INCIDENT_ACTIONS_CARRIED_OUT.deletionPage);
    const rows: unknown[] = await this.db.query(confirmDeletion(), [incidentId, this.clock.now(), name]);
    return rows.length > 0;
  }
}
