/**
 * What a controller does through its link — confirm receipt, decide — and the agent's link
 * actions. A decision is first recorded on the forwarding (its own version guard: of two
 * simultaneous decisions one wins, the other sees it) with `settlement = 'pending'`, then sent to
 * the request as FORWARDING_SETTLED through the WorkflowRunner, whose statement marks it
 * `applied` (settlement-sql.ts). Until then it stays pending and the reminder sweep sends it again;
 * a request that refuses it as invalid marks it `refused`, audited. Never cleared otherwise.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { deriveKey, sha256Hex } from '../common/crypto.js';
import { LinkRateLimiter } from '../common/link-rate-limiter.js';
import { ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import type { ControllerDecision, Instruction } from '../requests/request.types.js';
import { InvalidTransitionProblem, WorkflowRunner } from '../requests/workflow-runner.js';
import { controllerMailData, csrfFor, csrfMatches, isWellFormedToken, mayTellRequester, newLink } from './forwarding-plan.js';
import type { ForwardingRow } from './forwarding-row.js';
import { ForwardingStore } from './forwarding.store.js';

export type LinkLookup = { status: 'ok'; row: ForwardingRow } | { status: 'unknown' } | { status: 'expired' };
/** A controller link opened: the forwarding, or the status of the page that answers instead. */
export type LinkAccess = { status: 'ok'; row: ForwardingRow } | { status: 403 | 404 | 410 | 429 };

export interface DecisionInput {
  decision: ControllerDecision;
  instruction?: Instruction;
  details?: string;
  note?: string;
}

const ATTEMPTS = 3;

@Injectable()
export class ForwardingService {
  /** Keys the `_csrf` of a link's forms (the page, the drafts, the exports). */
  private readonly csrfKey: Buffer;

  constructor(
    private readonly store: ForwardingStore,
    private readonly runner: WorkflowRunner,
    private readonly controllers: DataControllersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly limiter: LinkRateLimiter,
  ) {
    this.csrfKey = deriveKey(config.identifierKey, 'controller-link-csrf');
  }

  /**
   * Every controller-link route opens the link here: the rate limit per address, the lookup and,
   * for a form (`body` given), its `_csrf` tied to the link.
   */
  async access(token: string, ip: string | undefined, body?: unknown): Promise<LinkAccess> {
    if (!this.limiter.allow(ip ?? 'unknown', this.clock.now().getTime())) return { status: 429 };
    const found = await this.lookup(token);
    if (found.status === 'unknown') return { status: 404 };
    if (found.status === 'expired') return { status: 410 };
    if (body !== undefined && !csrfMatches(this.csrfKey, found.row.tokenDigest!, (body as Record<string, unknown> | null)?._csrf)) return { status: 403 };
    return found;
  }

  /** The `_csrf` value for the forms of this forwarding's link. */
  csrfOf(row: ForwardingRow): string {
    return csrfFor(this.csrfKey, row.tokenDigest!);
  }

  /** The forwarding of a link: unknown (or revoked, or malformed) and expired reveal nothing else. */
  async lookup(token: string): Promise<LinkLookup> {
    if (!isWellFormedToken(token)) return { status: 'unknown' };
    const row = await this.store.byDigest(sha256Hex(token));
    if (!row || row.tokenRevokedAt) return { status: 'unknown' };
    if (!row.tokenExpiresAt || row.tokenExpiresAt.getTime() <= this.clock.now().getTime()) return { status: 'expired' };
    return { status: 'ok', row };
  }

  async acknowledge(row: ForwardingRow): Promise<void> {
    let current: ForwardingRow | undefined = row;
    for (let i = 0; i < ATTEMPTS && current; i++) {
      // Refused: acknowledged or decided already, the page shows it.
      if ((await this.store.run(current, { type: 'ACKNOWLEDGE' }, { actor: `controller:${current.id}` })).status !== 'conflict') return;
      current = await this.store.byId(row.id);
    }
  }

  /**
   * Records the decision verbatim (art 28(3)(a)) with its settlement pending (the machine's
   * recordDecision and settleRequest, one statement), then settles it; 'settled' when a decision
   * was there already.
   */
  async decide(row: ForwardingRow, input: DecisionInput): Promise<'recorded' | 'settled'> {
    let current: ForwardingRow | undefined = row;
    for (let i = 0; i < ATTEMPTS && current; i++) {
      if (current.decision) return 'settled';
      const outcome = await this.store.run(
        current,
        { type: 'DECIDE', decision: input.decision, ...(input.decision === 'instruct' && input.instruction ? { instruction: input.instruction } : {}) },
        { actor: `controller:${current.id}`, decision: { details: input.details, note: input.note } },
      );
      if (outcome.status === 'refused') return 'settled';
      if (outcome.status === 'written') {
        // The saga's second step (the first left the settlement pending; the sweep repeats this one).
        if (outcome.transition.actions.some((a) => a.type === 'settleRequest')) await this.settle(current.id);
        return 'recorded';
      }
      current = await this.store.byId(row.id);
    }
    return 'settled';
  }

  /**
   * Sends a pending decision to the request (FORWARDING_SETTLED); the runner's statement marks it
   * applied. True when it is no longer pending (applied, or refused as invalid and audited); false
   * when it stays pending (the request kept changing meanwhile): the sweep sends it again.
   */
  async settle(forwardingId: string): Promise<boolean> {
    const row = await this.store.byId(forwardingId);
    if (!row || !row.decision || row.settlement !== 'pending') return false;
    for (let i = 0; i < ATTEMPTS; i++) {
      try {
        await this.runner.apply(
          row.requestId,
          {
            type: 'FORWARDING_SETTLED',
            controllerId: row.controllerId,
            decision: row.decision,
            ...(row.decision === 'instruct' && row.instruction ? { instruction: row.instruction } : {}),
          },
          { actor: `controller:${row.id}`, extraEffects: { settlements: [row.id] } },
        );
        return true;
      } catch (err) {
        if (err instanceof ProblemException && err.status === 409) continue;
        if (err instanceof InvalidTransitionProblem) {
          // The request no longer waits for it (closed, withdrawn, settled before): refused, on the record.
          await this.store.refuseSettlement(row, err.extensions.state);
          this.logger.warn({ forwardingId }, 'decision recorded; the request no longer takes it');
          return true;
        }
        throw err;
      }
    }
    this.logger.warn({ forwardingId }, 'decision not yet taken by the request (changed meanwhile); the sweep sends it again');
    return false;
  }

  /** Requester's details shown to the controller (a POST): recorded in the audit log. */
  async recordReveal(row: ForwardingRow): Promise<void> {
    await this.store.audit(row, { type: 'CONTROLLER_VIEWED_REQUESTER_DETAILS', actor: `controller:${row.id}` });
  }

  /** Agent: the link stops working at once (404); retried when the forwarding changed meanwhile (its mail just sent). */
  async revokeLink(forwardingId: string, actor: string): Promise<void> {
    let row: ForwardingRow | undefined = await this.requireRow(forwardingId);
    for (let i = 0; i < ATTEMPTS && row; i++) {
      if (row.tokenRevokedAt) return;
      if (await this.store.write(row, { token_revoked_at: this.clock.now() }, [{ type: 'CONTROLLER_LINK_REVOKED', actor }])) return;
      row = await this.store.byId(forwardingId);
    }
    throw new ProblemException(409, 'version-conflict', 'Version conflict', 'The forwarding changed meanwhile; reload and try again.');
  }

  /**
   * Agent: a new link in a new forwarding mail (the old link stops working); a bounced forwarding
   * goes back to queued and is sent to the contact as registered now.
   */
  async sendNewLink(forwardingId: string, actor: string): Promise<void> {
    const row = await this.requireRow(forwardingId);
    if (row.state === 'done' || row.state === 'decided') {
      throw new ProblemException(422, 'forwarding-settled', 'Forwarding settled', 'The controller has decided; a new link is not needed.');
    }
    if (row.misdirectedAt) {
      throw new ProblemException(422, 'forwarding-sent-in-error', 'Forwarding sent in error', 'This forwarding went to the wrong controller; it gets no new link.');
    }
    const controller = await this.controllers.row(row.controllerId);
    const now = this.clock.now();
    const link = newLink(this.config.publicBaseUrl, now);
    const today = localDate(now, controller.country);
    // The new mail says, like the first, whether the requester was told where the request went.
    const requesterTold = mayTellRequester(row.matchedBy, controller, await this.store.requesterEmailOf(row.requestId));
    const data = { ...controllerMailData(controller, { respondBy: row.respondBy }, today, this.config.extraNonWorkingDays), forwardingId: row.id, forwardedOn: today, link: link.url, requesterTold };
    // RESEND: the machine's sendNewLink (a bounced forwarding goes back to queued).
    const outcome = await this.store.run(row, { type: 'RESEND' }, { actor, mail: { link, recipient: controller.contactEmail, template: 'forwarding', data } });
    if (outcome.status !== 'written') throw new ProblemException(409, 'version-conflict', 'Version conflict', 'The forwarding changed meanwhile; reload and try again.');
  }

  private async requireRow(id: string): Promise<ForwardingRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.store.byId(id) : undefined;
    if (!row) throw new ProblemException(404, 'not-found', 'Not found', 'No such forwarding.');
    return row;
  }
}
