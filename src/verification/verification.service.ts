/**
 * Identity verification steps of a request (table `verification_steps`). The request itself only
 * changes through the WorkflowRunner: asking for a copy or for a representative's proof is
 * REQUEST_INFO { forIdentification: true } (the machine queues the identification letter and
 * pauses the clock); the step that establishes identity sends INFO_RECEIVED (when the request
 * waits for it) and VERIFIED. Nothing but the fields of the table is stored: no documents, no files.
 */
import { assertCarriedOut } from '../common/flat-machine.js';
import type { Language } from '../vocabulary/language.js';
import { applyStepEvent, STEP_ACTIONS_CARRIED_OUT, stepTakes } from './verification-step.machine.js';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { auditInsert } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { sha256Hex } from '../common/crypto.js';
import { isWellFormedToken, newTokenLink } from '../common/links.js';
import { NotFoundProblem, ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { messageInsert } from '../replies/message-sql.js';
import { messageIdDomain } from '../requests/effects-sql.js';
import type { RequestRow } from '../requests/request-row.js';
import type { RequestContext } from '../requests/request.types.js';
import { RequestsService } from '../requests/requests.service.js';
import { WorkflowRunner } from '../requests/workflow-runner.js';
import { RoutingService } from '../routing/routing.service.js';
import {
  askedLate,
  checkDecision,
  checkStart,
  COPY_METHODS,
  EMAIL_CONFIRMATION_VALIDITY_DAYS,
  identityEstablished,
  noteProblem,
  PAUSING_METHODS,
  recordText,
  type DecideInput,
  type DocumentType,
  type StartInput,
  type VerificationMethod,
  type VerificationStatus,
} from './verification.rules.js';
import { UUID } from '../common/validation.js';

export interface StepRow {
  id: string;
  requestId: string;
  method: VerificationMethod;
  status: VerificationStatus;
  reason: string | null;
  performedBy: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  documentType: DocumentType | null;
  checkedAt: Date | null;
  destroyedAt: Date | null;
  note: string | null;
  lateWarning: boolean;
  tokenDigest: string | null;
  tokenExpiresAt: Date | null;
}

export interface VerificationStepResource {
  id: string;
  method: VerificationMethod;
  status: VerificationStatus;
  reason: string | null;
  performedBy: string;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  documentType: DocumentType | null;
  checkedAt: string | null;
  destroyedAt: string | null;
  note: string | null;
  /** Identification asked later than 5 working days after receipt: the pause may not hold. */
  warnings: string[];
  /** The Dutch record of a closed copy step ("identiteit gecontroleerd op … door …, kopie vernietigd"). */
  record: string | null;
  /** E-mail confirmation: when the link stops working. */
  linkExpiresAt: string | null;
}

const STEP_COLUMNS = `id, request_id AS "requestId", method, status, reason, performed_by AS "performedBy", requested_at AS "requestedAt",
  decided_at AS "decidedAt", decided_by AS "decidedBy", document_type AS "documentType", checked_at AS "checkedAt",
  destroyed_at AS "destroyedAt", note, late_warning AS "lateWarning", token_digest AS "tokenDigest", token_expires_at AS "tokenExpiresAt"`;


export class VerificationRefused extends ProblemException {
  constructor(reason: string, detail: string) {
    super(422, 'verification-refused', 'Verification step refused', detail, { reason });
  }
}

/** The recorded reason why no less intrusive method suits, as the start of an id-document step's note. */
export const LESS_INTRUSIVE_NOTE_PREFIX = 'Geen minder ingrijpende manier geschikt: ';

/** The status as shown: a requested e-mail confirmation whose link ran out counts as expired. */
export function effectiveStatus(s: Pick<StepRow, 'status' | 'tokenExpiresAt'>, now: Date): VerificationStatus {
  return s.status === 'requested' && s.tokenExpiresAt !== null && s.tokenExpiresAt.getTime() <= now.getTime() ? 'expired' : s.status;
}

/** A confirmation link's step, with the request's reference and the requester's language (the page's). */
export type ConfirmLookup = { status: 'ok'; step: StepRow; reference: string; language: Language } | { status: 'unknown' } | { status: 'expired' };

/** `agent:jdevries` → `jdevries`; other actors as they are. */
export function actorName(actor: string): string {
  return actor.startsWith('agent:') ? actor.slice(6) : actor;
}

@Injectable()
export class VerificationService {
  private readonly domain: string;

  constructor(
    private readonly db: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly requests: RequestsService,
    private readonly routing: RoutingService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.domain = messageIdDomain(config.publicBaseUrl);
  }

  async steps(requestId: string): Promise<StepRow[]> {
    return this.db.query(`SELECT ${STEP_COLUMNS} FROM verification_steps WHERE request_id = $1 ORDER BY requested_at, id`, [requestId]);
  }

  async list(requestId: string): Promise<{ row: RequestRow; items: VerificationStepResource[]; identityEstablished: boolean }> {
    const row = await this.requests.row(requestId);
    const steps = await this.steps(row.id);
    return { row, items: steps.map((s) => this.present(s, row)), identityEstablished: identityEstablished(steps) };
  }

  present(s: StepRow, row: Pick<RequestRow, 'country'>): VerificationStepResource {
    const expired = effectiveStatus(s, this.clock.now()) === 'expired';
    const closedCopy = COPY_METHODS.includes(s.method) && s.status === 'passed' && s.checkedAt && s.destroyedAt;
    return {
      id: s.id,
      method: s.method,
      status: expired ? 'expired' : s.status,
      reason: s.reason,
      performedBy: s.performedBy,
      requestedAt: s.requestedAt.toISOString(),
      decidedAt: s.decidedAt?.toISOString() ?? null,
      decidedBy: s.decidedBy,
      documentType: s.documentType,
      checkedAt: s.checkedAt?.toISOString() ?? null,
      destroyedAt: s.destroyedAt?.toISOString() ?? null,
      note: s.note,
      warnings: s.lateWarning ? ['asked-late'] : [],
      record: closedCopy
        ? recordText({ method: s.method, checkedDate: localDate(s.checkedAt!, row.country), agent: actorName(s.decidedBy ?? '') })
        : null,
      linkExpiresAt: s.method === 'email-confirmation' ? (s.tokenExpiresAt?.toISOString() ?? null) : null,
    };
  }

  /** Starts a step; returns it and whether the request changed (REQUEST_INFO / VERIFIED). */
  async start(requestId: string, input: StartInput, actor: string): Promise<VerificationStepResource> {
    const row = await this.requests.row(requestId);
    if (!row.state.startsWith('inHouse')) {
      throw new VerificationRefused('not-in-house', 'Identity is verified for requests the processor handles itself (state inHouse.*); a controller verifies its own requests.');
    }
    const now = this.clock.now();
    // Least intrusive first: an ID copy only after a lighter method failed or expired (as shown to the agent), or with a recorded reason.
    const earlier = (await this.steps(row.id)).map((s) => ({ method: s.method, status: effectiveStatus(s, now) }));
    const rule = checkStart(input, row.rights, earlier);
    if (!rule.ok) throw new VerificationRefused(rule.code, rule.detail);
    const reason = input.reason?.trim() || null;
    const base = { requestId: row.id, method: input.method, reason, actor, documentType: input.documentType ?? null };

    switch (input.method) {
      case 'known-contact-match': {
        const contact = row.channel === 'email' ? { email: row.requesterEmail } : row.channel === 'phone' ? { phone: row.requesterPhone } : null;
        const known = contact !== null && (await this.routing.selfKnows(contact));
        const note = known
          ? `Het ${row.channel === 'email' ? 'afzenderadres' : 'telefoonnummer'} van het verzoek is bij ons bekend.`
          : contact === null
            ? 'Het verzoek kwam niet per e-mail of telefoon binnen; kies een andere manier.'
            : `Het ${row.channel === 'email' ? 'afzenderadres' : 'telefoonnummer'} van het verzoek is bij ons niet bekend; kies een andere manier.`;
        const step = await this.insert({ ...base, status: known ? 'passed' : 'failed', decidedBy: 'system', note, now });
        if (known) await this.advance(row.id, 'system');
        return this.present(step, row);
      }
      case 'email-confirmation': {
        if (!row.requesterEmail) throw new VerificationRefused('no-email', 'The request has no e-mail address to send a confirmation link to.');
        const link = newTokenLink(this.config.publicBaseUrl, 'v', now, EMAIL_CONFIRMATION_VALIDITY_DAYS * 86_400_000);
        const step = await this.insert({
          ...base,
          status: 'requested',
          now,
          token: { digest: link.digest, expiresAt: link.expiresAt },
          message: {
            recipient: row.requesterEmail,
            template: 'email-confirmation',
            data: { link: link.url, expiresOn: localDate(link.expiresAt, row.country) },
          },
        });
        return this.present(step, row);
      }
      case 'representative-authority':
      case 'id-document': {
        const late = askedLate(localDate(row.receivedAt, row.country), localDate(now, row.country), row.country, this.config.extraNonWorkingDays);
        const stepId = randomUUID();
        const unsuitable = input.method === 'id-document' ? input.lessIntrusiveUnsuitable?.trim() || null : null;
        // The machine refuses what the state does not accept (422); it queues the identification letter and pauses the clock.
        // The step rides in the same statement (transitionStatement): the request never waits without its step, nor the reverse.
        await this.runner.apply(
          row.id,
          {
            type: 'REQUEST_INFO',
            reason: reason!,
            forIdentification: true,
            ...(input.documentType ? { documentType: input.documentType } : {}),
          },
          {
            actor,
            extraEffects: {
              verificationSteps: [
                {
                  id: stepId,
                  method: input.method,
                  status: 'requested',
                  reason,
                  performedBy: actor,
                  requestedAt: now.toISOString(),
                  documentType: input.documentType ?? null,
                  note: unsuitable ? `${LESS_INTRUSIVE_NOTE_PREFIX}${unsuitable}` : null,
                  lateWarning: late,
                },
              ],
              audit: [
                {
                  requestId: row.id,
                  actor,
                  type: 'VERIFICATION_REQUESTED',
                  at: now,
                  data: {
                    stepId,
                    method: input.method,
                    documentType: input.documentType ?? null,
                    lateWarning: late,
                    reasonGiven: reason !== null,
                    ...(input.method === 'id-document' ? { lessIntrusiveUnsuitableGiven: unsuitable !== null } : {}),
                  },
                },
              ],
            },
          },
        );
        return this.present(await this.step(row.id, stepId), row);
      }
      default: {
        const step = await this.insert({ ...base, status: 'requested', now });
        return this.present(step, row);
      }
    }
  }

  async decide(requestId: string, stepId: string, input: DecideInput, actor: string): Promise<VerificationStepResource> {
    const row = await this.requests.row(requestId);
    const step = await this.step(row.id, stepId);
    const rule = checkDecision(step, input);
    if (!rule.ok) throw new VerificationRefused(rule.code, rule.detail);
    const problem = noteProblem(input.note?.trim() || undefined);
    if (problem) throw new VerificationRefused('note-holds-document-data', problem);
    const now = this.clock.now();
    const copy = COPY_METHODS.includes(step.method) && input.checkedAndDestroyed === true;
    const next = applyStepEvent(step.status, { type: input.status === 'passed' ? 'PASS' : 'FAIL', copyChecked: copy });
    assertCarriedOut(next, STEP_ACTIONS_CARRIED_OUT.decision);
    const rows: StepRow[] = await this.db.query(
      `WITH s AS (
         UPDATE verification_steps SET status = $3, decided_at = $4, decided_by = $5,
                note = CASE WHEN $6::text IS NULL THEN note WHEN note IS NULL THEN $6 ELSE left(note || ' — ' || $6, 500) END,
                checked_at = CASE WHEN $7::boolean THEN $4 ELSE checked_at END,
                destroyed_at = CASE WHEN $7::boolean THEN $4 ELSE destroyed_at END
          WHERE id = $1 AND request_id = $2 AND status = $9
          RETURNING *),
       a AS (${auditInsert(`SELECT s.request_id, $4, $5, $8, jsonb_build_object('stepId', s.id, 'method', s.method, 'copyDestroyed', $7::boolean, 'noteGiven', $6::text IS NOT NULL) FROM s`)})
       SELECT ${STEP_COLUMNS} FROM s`,
      [step.id, row.id, next.state, now, actor, input.note?.trim() || null, copy, next.state === 'passed' ? 'VERIFICATION_PASSED' : 'VERIFICATION_FAILED', next.from],
    );
    if (!rows[0]) throw new VerificationRefused('step-closed', 'This step was decided meanwhile.');
    await this.afterDecision(row.id, rows[0], actor);
    return this.present(rows[0], row);
  }

  // ---- e-mail confirmation link ----------------------------------------------------------------

  async lookup(token: string): Promise<ConfirmLookup> {
    if (!isWellFormedToken(token)) return { status: 'unknown' };
    const rows: (StepRow & { reference: string; language: Language })[] = await this.db.query(
      `SELECT s.*, r.reference, r.requester_language AS language FROM (SELECT ${STEP_COLUMNS} FROM verification_steps WHERE token_digest = $1 AND method = 'email-confirmation') s
         JOIN requests r ON r.id = s."requestId"`,
      [sha256Hex(token)],
    );
    const step = rows[0];
    if (!step) return { status: 'unknown' };
    // Read only: a GET (mail scanners open links) changes nothing; the API shows the step as expired.
    if (step.status === 'expired' || (step.status === 'requested' && (!step.tokenExpiresAt || step.tokenExpiresAt.getTime() <= this.clock.now().getTime()))) {
      return { status: 'expired' };
    }
    if (step.status === 'failed') return { status: 'unknown' };
    return { status: 'ok', step, reference: step.reference, language: step.language };
  }

  /** The requester's POST: passes the step once; a repeated POST changes nothing. */
  async confirm(step: StepRow): Promise<void> {
    if (!stepTakes(step.status, 'PASS')) return;
    const next = applyStepEvent(step.status, { type: 'PASS' });
    assertCarriedOut(next, STEP_ACTIONS_CARRIED_OUT.decision);
    const now = this.clock.now();
    const rows: StepRow[] = await this.db.query(
      `WITH s AS (
         UPDATE verification_steps SET status = $3, decided_at = $2, decided_by = 'requester'
          WHERE id = $1 AND status = $4 AND token_expires_at > $2
          RETURNING *),
       a AS (${auditInsert(`SELECT s.request_id, $2, 'requester', 'VERIFICATION_PASSED', jsonb_build_object('stepId', s.id, 'method', s.method) FROM s`)})
       SELECT ${STEP_COLUMNS} FROM s`,
      [step.id, now, next.state, next.from],
    );
    if (rows[0]) await this.advance(rows[0].requestId, 'requester');
  }

  // ---- internals -----------------------------------------------------------------------------

  private async step(requestId: string, stepId: string): Promise<StepRow> {
    if (!UUID.test(stepId)) throw new NotFoundProblem('verification step');
    const rows: StepRow[] = await this.db.query(`SELECT ${STEP_COLUMNS} FROM verification_steps WHERE id = $1 AND request_id = $2`, [stepId, requestId]);
    if (!rows[0]) throw new NotFoundProblem('verification step');
    return rows[0];
  }

  /** After a decision: the awaited answer arrived (INFO_RECEIVED), and identity may now be established (VERIFIED). */
  private async afterDecision(requestId: string, step: StepRow, actor: string): Promise<void> {
    if (PAUSING_METHODS.includes(step.method)) {
      const row = await this.runner.load(requestId);
      const info = (row?.snapshot as { context?: RequestContext } | undefined)?.context?.infoRequest;
      if (row?.state === 'inHouse.awaitingRequester' && info?.forIdentification) {
        await this.runner.apply(requestId, { type: 'INFO_RECEIVED' }, { actor });
      }
    }
    if (step.status === 'passed') await this.advance(requestId, actor);
  }

  /** VERIFIED when identity is established and the request is (still) verifying. */
  private async advance(requestId: string, actor: string): Promise<void> {
    const steps = await this.steps(requestId);
    if (!identityEstablished(steps)) return;
    const row = await this.runner.load(requestId);
    if (row?.state !== 'inHouse.verifying') return;
    await this.runner.apply(requestId, { type: 'VERIFIED' }, { actor });
  }

  private async insert(s: {
    requestId: string;
    method: VerificationMethod;
    reason: string | null;
    actor: string;
    documentType: DocumentType | null;
    status: VerificationStatus;
    now: Date;
    decidedBy?: string;
    note?: string;
    lateWarning?: boolean;
    token?: { digest: string; expiresAt: Date };
    message?: { recipient: string; template: string; data: Record<string, unknown> };
  }): Promise<StepRow> {
    const decided = s.status !== 'requested';
    const params: unknown[] = [
      s.requestId,
      s.method,
      s.status,
      s.reason,
      s.actor,
      s.now,
      decided ? s.now : null,
      decided ? (s.decidedBy ?? s.actor) : null,
      s.documentType,
      s.note ?? null,
      s.lateWarning === true,
      s.token?.digest ?? null,
      s.token?.expiresAt ?? null,
    ];
    const auditType = s.status === 'passed' ? 'VERIFICATION_PASSED' : s.status === 'failed' ? 'VERIFICATION_FAILED' : 'VERIFICATION_REQUESTED';
    params.push(auditType);
    let messageCte = '';
    if (s.message) {
      params.push(s.message.recipient, s.message.template, JSON.stringify(s.message.data), `<${randomUUID()}@${this.domain}>`);
      messageCte = `,
       m AS (${messageInsert('request_id, recipient, template, data, message_id', `SELECT s.request_id, $15, $16, jsonb_build_object('reference', r.reference, 'stepId', s.id) || $17::jsonb, $18
               FROM s JOIN requests r ON r.id = s.request_id`)})`;
    }
    // One statement: the step, its audit event and (e-mail confirmation) its mail in the outbox.
    const rows: StepRow[] = await this.db.query(
      `WITH s AS (
         INSERT INTO verification_steps (request_id, method, status, reason, performed_by, requested_at, decided_at, decided_by,
                                         document_type, note, late_warning, token_digest, token_expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING *),
       a AS (${auditInsert(`SELECT s.request_id, $6, $5, $14,
                    jsonb_build_object('stepId', s.id, 'method', s.method, 'documentType', s.document_type, 'lateWarning', s.late_warning, 'reasonGiven', s.reason IS NOT NULL)
               FROM s`)})${messageCte}
       SELECT ${STEP_COLUMNS} FROM s`,
      params,
    );
    return rows[0]!;
  }
}
