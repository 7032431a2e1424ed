/**
 * Finishes what a crash (or a mail that could not be delivered) left of identity verification.
 * Every few minutes (pg-boss cron, one node at a time; also once at start) it looks for:
 *
 * - sent or failed mails still holding the clear token of a /v/ link (the outbox now marks a
 *   mail sent and scrubs it in one statement; this finishes older ones) → scrubbed;
 * - steps stuck in a combination that cannot move any more: an e-mail confirmation whose link
 *   expired unused (→ `expired`) or whose mail was given up (→ `failed`), and any open step of a
 *   closed request (→ `expired`);
 * - requests whose steps moved on while the request did not (the step was written, then the
 *   process died before the workflow event): a decided ID-copy or authority step while the
 *   request still waits for it (→ INFO_RECEIVED), identity established while the request is
 *   still verifying (→ VERIFIED).
 *
 * The decisions are pure functions below; each repair is one guarded statement or one workflow
 * event with the version the sweep saw, so a repair happens once across nodes and restarts.
 */
import { assertCarriedOut } from '../common/flat-machine.js';
import { applyStepEvent, STEP_ACTIONS_CARRIED_OUT } from './verification-step.machine.js';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { auditInsert } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { ProblemException } from '../common/problem.js';
import { JobsService } from '../jobs/jobs.service.js';
import { scrubSentLink, unscrubbedLinks } from '../replies/outbox.js';
import type { RequestRow } from '../requests/request-row.js';
import type { RequestContext } from '../requests/request.types.js';
import { WorkflowRunner } from '../requests/workflow-runner.js';
import { identityEstablished, PAUSING_METHODS, type VerificationMethod, type VerificationStatus } from './verification.rules.js';

export const VERIFICATION_REPAIR_JOB = 'verification-repair';
/** Every five minutes: an expired link or a failed mail shows up in the panel soon enough. */
export const VERIFICATION_REPAIR_CRON = '*/5 * * * *';
const BATCH = 200;

// ---- pure decisions ---------------------------------------------------------------------------

export interface OpenStepFacts {
  method: VerificationMethod;
  status: VerificationStatus;
  tokenExpiresAt: Date | null;
  /** The e-mail confirmation's mail was given up by the outbox (`failed`). */
  mailFailed: boolean;
  requestClosed: boolean;
}

export type StepRepair = { status: 'expired' | 'failed'; cause: 'request-closed' | 'mail-failed' | 'link-expired'; note: string };

/** What an open step must become, if it can no longer be decided the normal way. */
export function stepRepair(s: OpenStepFacts, now: Date): StepRepair | undefined {
  if (s.status !== 'requested') return undefined;
  if (s.requestClosed) return { status: 'expired', cause: 'request-closed', note: 'Het verzoek is afgesloten voordat deze stap was afgerond.' };
  if (s.method !== 'email-confirmation') return undefined;
  if (s.mailFailed) return { status: 'failed', cause: 'mail-failed', note: 'De e-mail met de bevestigingslink kon niet worden bezorgd.' };
  if (s.tokenExpiresAt !== null && s.tokenExpiresAt.getTime() <= now.getTime()) {
    return { status: 'expired', cause: 'link-expired', note: 'De bevestigingslink is verlopen zonder bevestiging.' };
  }
  return undefined;
}

export interface RequestRepairFacts {
  state: string;
  /** The request waits for information needed to identify the requester (REQUEST_INFO forIdentification). */
  waitingForIdentification: boolean;
  /** When the current wait began (`paused_since`). */
  pausedSince: Date | null;
  steps: readonly { method: VerificationMethod; status: VerificationStatus; decidedAt: Date | null }[];
}

/**
 * The workflow event a request missed, if any. A decided ID-copy or authority step counts only
 * when it was decided during the current wait: an agent may ask again after an earlier step.
 */
export function requestRepair(r: RequestRepairFacts): 'INFO_RECEIVED' | 'VERIFIED' | undefined {
  if (r.state === 'inHouse.awaitingRequester' && r.waitingForIdentification && r.pausedSince) {
    const pausing = r.steps.filter((s) => PAUSING_METHODS.includes(s.method));
    const open = pausing.some((s) => s.status === 'requested');
    const answeredDuringWait = pausing.some((s) => s.status !== 'requested' && s.decidedAt !== null && s.decidedAt.getTime() >= r.pausedSince!.getTime());
    if (!open && answeredDuringWait) return 'INFO_RECEIVED';
  }
  if (r.state === 'inHouse.verifying' && identityEstablished(r.steps)) return 'VERIFIED';
  return undefined;
}

// ---- the sweep --------------------------------------------------------------------------------

export interface RepairResult {
  linksScrubbed: number;
  stepsClosed: number;
  requestsMoved: number;
  /** Changed by someone else meanwhile; the next sweep looks again. */
  skipped: number;
}

@Injectable()
export class VerificationRepairSweeper implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.define({ name: VERIFICATION_REPAIR_JOB, cron: VERIFICATION_REPAIR_CRON, runAtStart: true, retryLimit: 0, handler: async () => void (await this.sweep()) });
  }

  async sweep(): Promise<RepairResult> {
    const result: RepairResult = { linksScrubbed: 0, stepsClosed: 0, requestsMoved: 0, skipped: 0 };
    for (const m of await unscrubbedLinks(this.db, BATCH)) {
      await scrubSentLink(this.db, m);
      result.linksScrubbed++;
    }
    await this.closeStuckSteps(result);
    await this.moveRequests(result);
    if (result.linksScrubbed || result.stepsClosed || result.requestsMoved || result.skipped) this.logger.info({ ...result }, 'verification repair sweep');
    return result;
  }

  private async closeStuckSteps(result: RepairResult): Promise<void> {
    const now = this.clock.now();
    const rows: (OpenStepFacts & { id: string })[] = await this.db.query(
      `SELECT s.id, s.method, s.status, s.token_expires_at AS "tokenExpiresAt", r.closed_at IS NOT NULL AS "requestClosed",
              EXISTS (SELECT 1 FROM messages m WHERE m.request_id = s.request_id AND m.template = 'email-confirmation'
                         AND m.status = 'failed' AND m.data->>'stepId' = s.id::text) AS "mailFailed"
         FROM verification_steps s JOIN requests r ON r.id = s.request_id
        WHERE s.status = 'requested'
          AND (r.closed_at IS NOT NULL
               OR (s.method = 'email-confirmation'
                   AND (s.token_expires_at <= $1
                        OR EXISTS (SELECT 1 FROM messages m WHERE m.request_id = s.request_id AND m.template = 'email-confirmation'
                                      AND m.status = 'failed' AND m.data->>'stepId' = s.id::text))))
        ORDER BY s.requested_at LIMIT ${BATCH}`,
      [now],
    );
    for (const row of rows) {
      const repair = stepRepair(row, now);
      if (!repair) continue;
      const next = applyStepEvent(row.status, { type: repair.status === 'failed' ? 'FAIL' : 'EXPIRE' });
      assertCarriedOut(next, STEP_ACTIONS_CARRIED_OUT.repair);
      // One statement: the step (only while still open) and its audit event (codes only).
      const done: unknown[] = await this.db.query(
        `WITH s AS (
           UPDATE verification_steps SET status = $2, decided_at = $3, decided_by = 'system', note = coalesce(note, $4)
            WHERE id = $1 AND status = $7
            RETURNING id, request_id, method),
         a AS (${auditInsert(`SELECT s.request_id, $3, 'system', $5, jsonb_build_object('stepId', s.id, 'method', s.method, 'cause', $6::text) FROM s`)})
         SELECT id FROM s`,
        [row.id, next.state, now, repair.note, next.state === 'failed' ? 'VERIFICATION_FAILED' : 'VERIFICATION_EXPIRED', repair.cause, next.from],
      );
      if (done.length) result.stepsClosed++;
      else result.skipped++;
    }
  }

  private async moveRequests(result: RepairResult): Promise<void> {
    // Only requests that (by their steps) miss an event, so the batch is not filled by ones that
    // need nothing; requestRepair below decides each for certain.
    const candidates: { id: string }[] = await this.db.query(
      `SELECT r.id FROM requests r
        WHERE r.closed_at IS NULL
          AND ((r.state = 'inHouse.verifying'
                AND EXISTS (SELECT 1 FROM verification_steps s WHERE s.request_id = r.id AND s.status = 'passed' AND s.method <> 'representative-authority')
                AND (NOT EXISTS (SELECT 1 FROM verification_steps s WHERE s.request_id = r.id AND s.method = 'representative-authority')
                     OR EXISTS (SELECT 1 FROM verification_steps s WHERE s.request_id = r.id AND s.method = 'representative-authority' AND s.status = 'passed')))
            OR (r.state = 'inHouse.awaitingRequester' AND r.paused_since IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM verification_steps s WHERE s.request_id = r.id AND s.method = ANY($1::text[]) AND s.status = 'requested')
                AND EXISTS (SELECT 1 FROM verification_steps s WHERE s.request_id = r.id AND s.method = ANY($1::text[])
                              AND s.status <> 'requested' AND s.decided_at >= r.paused_since)))
        ORDER BY r.id LIMIT ${BATCH}`,
      [PAUSING_METHODS],
    );
    for (const { id } of candidates) {
      // At most two events in a row: the answer arrived (INFO_RECEIVED), then identity is established (VERIFIED).
      for (let i = 0; i < 2; i++) {
        const row = await this.runner.load(id);
        if (!row) break;
        const steps: RequestRepairFacts['steps'] = await this.db.query(
          `SELECT method, status, decided_at AS "decidedAt" FROM verification_steps WHERE request_id = $1`,
          [id],
        );
        const event = requestRepair({ state: row.state, waitingForIdentification: waitsForIdentification(row), pausedSince: row.pausedSince, steps });
        if (!event) break;
        try {
          await this.runner.apply(id, { type: event }, { actor: 'system', expectedVersion: row.version });
          result.requestsMoved++;
        } catch (err) {
          // A concurrent change or a state that no longer takes the event: the next sweep decides again.
          if (!(err instanceof ProblemException) || (err.status !== 409 && err.status !== 422)) throw err;
          result.skipped++;
          break;
        }
      }
    }
  }
}

function waitsForIdentification(row: RequestRow): boolean {
  const context = (row.snapshot as { context?: RequestContext } | undefined)?.context;
  return context?.infoRequest?.forIdentification === true;
}
