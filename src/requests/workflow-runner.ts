/**
 * The one way a request changes: load, pure transition, then one transaction that writes the
 * snapshot (guarded by its version), audit events, outbox messages and the derived columns.
 * After the commit nothing else happens here; workers pick up the outbox.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ProblemException } from '../common/problem.js';
import { localDateTime } from '../deadlines/time.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { calendarDaysBetween } from '../deadlines/deadlines.js';
import { messageIdDomain, transitionStatement } from './effects-sql.js';
import { REQUEST_COLUMNS, requestDeadlines, type RequestRow } from './request-row.js';
import { AUDITED_BY_THEIR_ACTION, auditDataOf, planEffects, type EffectPlan } from './request-effects.js';
import { FORWARDING_PLANNER, needsForwardingPlan, withForwardingEffects, type ForwardingPlanner } from './forwarding-port.js';
import { TRANSITION_FRAGMENTS, type TransitionFragments } from './transition-fragments.js';
import {
  applyRequestEvent,
  InvalidTransitionError,
  isClosed,
  REQUEST_MACHINE_VERSION,
  type PersistedRequestSnapshot,
} from './request.machine.js';
import type { RequestContext, RequestEvent } from './request.types.js';

export class InvalidTransitionProblem extends ProblemException {
  constructor(eventType: string, state: string, allowedEvents: string[]) {
    super(422, 'invalid-transition', 'Event not allowed now', `The request is in state ${state}; ${eventType} is not allowed there.`, {
      state,
      allowedEvents,
    });
  }
}

// One conflict for every versioned resource (If-Match): src/common/if-match.ts.
export { VersionConflictProblem } from '../common/if-match.js';
import { VersionConflictProblem } from '../common/if-match.js';

export interface ApplyOptions {
  actor: string;
  /** The version the caller saw (If-Match); a different stored version is a conflict. */
  expectedVersion?: number;
  /** Allowed events for the problem when the event is refused (e.g. only those a client may send). */
  visibleEvents?: (events: string[]) => string[];
  /** Rows written in the transition's one statement besides the plan (e.g. the verification step asking for an ID copy). */
  extraEffects?: Partial<Pick<EffectPlan, 'verificationSteps' | 'audit' | 'settlements'>>;
  /**
   * What answers the call, written in the transition's transaction after its statement and before
   * the commit (the idempotency record with its response: RequestCommands). Reads only through `tx`.
   */
  within?: WithinTransaction;
}

type Tx = Pick<EntityManager, 'query'>;

/** Runs inside a transition's transaction with the written row; a throw rolls the transition back. */
export type WithinTransaction = (row: RequestRow, tx: Tx) => Promise<void>;

/** The request was unchanged but a forwarding the plan changes was not at the version planned. */
export const STALE = Symbol('stale forwarding');
const PLAN_ATTEMPTS = 3;

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  return (e?.code ?? e?.driverError?.code) === '40P01';
}

/**
 * Runs a transition statement (transitionStatement): the written request row; undefined when the
 * request's version had moved on (nothing written); STALE when a forwarding the plan moves had
 * changed meanwhile — then the statement is undone in its transaction and nothing stays written.
 * A statement that moves no forwarding runs on its own, without a transaction, unless `within`
 * has to be written with it: then `within` runs in the same transaction, before the commit.
 */
export async function runTransition(
  db: DataSource,
  statement: { sql: string; params: unknown[]; guarded: number },
  within?: WithinTransaction,
): Promise<RequestRow | typeof STALE | undefined> {
  if (!statement.guarded && !within) return ((await db.query(statement.sql, statement.params)) as RequestRow[])[0];
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const [row] = (await runner.query(statement.sql, statement.params)) as (RequestRow & { staleForwardings?: unknown })[];
    if (row && Number(row.staleForwardings) > 0) {
      await runner.rollbackTransaction();
      return STALE;
    }
    if (row) delete row.staleForwardings;
    if (row && within) await within(row, runner);
    await runner.commitTransaction();
    return row;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
}

/** Calendar days of every finished identification wait, and when the open one (if any) began. */
export function clockPauses(context: RequestContext, country: RequestRow['country']): { pausedDays: number; open: boolean } {
  let pausedDays = 0;
  let open = false;
  for (const pause of context.pauses) {
    if (pause.to) pausedDays += calendarDaysBetween(pause.from.slice(0, 10), pause.to.slice(0, 10), country);
    else open = true;
  }
  return { pausedDays, open };
}

@Injectable()
export class WorkflowRunner {
  private readonly domain: string;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(TRANSITION_FRAGMENTS) private readonly fragments: TransitionFragments,
    @Optional() @Inject(FORWARDING_PLANNER) private readonly forwarding?: ForwardingPlanner,
  ) {
    this.domain = messageIdDomain(config.publicBaseUrl);
  }

  async load(requestId: string, tx: Tx = this.db): Promise<RequestRow | undefined> {
    const rows: RequestRow[] = await tx.query(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1`, [requestId]);
    return rows[0];
  }

  /**
   * Applies the event in one statement. A forwarding that changed between planning and writing
   * (its mail handed to the transport, a controller's answer) leaves the request's version as it
   * was: the event is planned again from what is stored now, so the caller's If-Match still holds.
   */
  async apply(requestId: string, event: { type: string } & Record<string, unknown>, options: ApplyOptions): Promise<RequestRow> {
    for (let attempt = 1; ; attempt++) {
      let written: RequestRow | typeof STALE;
      try {
        written = await this.applyOnce(requestId, event, options);
      } catch (err) {
        // Two statements locking the same rows in opposite order: PostgreSQL aborts one; it is tried again.
        if (isDeadlock(err) && attempt < PLAN_ATTEMPTS) continue;
        throw err;
      }
      if (written !== STALE) return written;
      if (attempt >= PLAN_ATTEMPTS) throw new VersionConflictProblem();
    }
  }

  private async applyOnce(requestId: string, event: { type: string } & Record<string, unknown>, options: ApplyOptions): Promise<RequestRow | typeof STALE> {
    const row = await this.load(requestId);
    if (!row) throw new ProblemException(404, 'not-found', 'Not found', 'No such request.');
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
      throw new VersionConflictProblem(row.version);
    }
    const now = this.clock.now();
    const at = localDateTime(now, row.country);
    let result;
    try {
      result = applyRequestEvent(row.snapshot as PersistedRequestSnapshot, { ...event, at } as RequestEvent);
    } catch (err) {
      if (err instanceof InvalidTransitionError) {
        const allowed = options.visibleEvents ? options.visibleEvents(err.allowedEvents) : err.allowedEvents;
        throw new InvalidTransitionProblem(event.type, row.state, allowed);
      }
      throw err;
    }
    const context = result.snapshot.context as RequestContext;
    let plan = planEffects(result.actions, {
      requestId,
      requesterEmail: row.requesterEmail,
      requesterLanguage: row.requesterLanguage,
      now,
      actor: options.actor,
      event: { ...event, at },
    });
    if (this.forwarding && needsForwardingPlan(result.actions)) {
      const effects = await this.forwarding.plan(result.actions, { id: requestId, actor: options.actor, receivedAt: row.receivedAt, requesterEmail: row.requesterEmail, now });
      plan = withForwardingEffects(plan, effects);
    }
    if (options.extraEffects) {
      plan = {
        ...plan,
        audit: [...plan.audit, ...(options.extraEffects.audit ?? [])],
        verificationSteps: [...(plan.verificationSteps ?? []), ...(options.extraEffects.verificationSteps ?? [])],
        settlements: options.extraEffects.settlements ?? [],
      };
    }
    const audit = AUDITED_BY_THEIR_ACTION.has(event.type)
      ? []
      : [{ requestId, actor: options.actor, type: event.type, at: now, data: { ...auditDataOf(event), from: row.state, to: result.state } }];

    const closed = isClosed(result.snapshot);
    const { pausedDays, open } = clockPauses(context, row.country);
    const deadlines = requestDeadlines({
      receivedAt: row.receivedAt,
      country: row.country,
      pausedDays,
      extended: context.extended !== null,
      closed,
      extraNonWorkingDays: this.config.extraNonWorkingDays,
    });
    const dueAt = closed ? null : dueDateOf(result.state, deadlines.forwardBy, deadlines.effectiveRespondBy);

    const statement = transitionStatement({
      requestSql: `UPDATE requests SET
           snapshot = $3, state = $4, machine_version = $5, version = version + 1, scope = $6, rights = $7,
           paused_days = $8, paused_since = CASE WHEN $9::boolean THEN coalesce(paused_since, $10) ELSE NULL END,
           extended = $11, flag_urgent = $12, flag_unmatched = $13, flag_awaiting_requester = $14,
           flag_deadline_near = $15, flag_overdue = $16,
           respond_by = $17, unpaused_respond_by = $18, extended_respond_by = $19, due_at = $20,
           closed_at = CASE WHEN $21::boolean THEN coalesce(closed_at, $10) ELSE NULL END,
           requester_language = coalesce($22, requester_language),
           updated_at = $10
         WHERE id = $1 AND version = $2
         RETURNING *`,
      requestParams: [
        requestId,
        row.version,
        JSON.stringify(result.persisted),
        result.state,
        REQUEST_MACHINE_VERSION,
        context.scope ?? null,
        context.rights,
        pausedDays,
        open,
        now,
        context.extended !== null,
        context.flags.urgent,
        context.flags.unmatched,
        context.flags.awaitingRequester,
        context.flags.deadlineNear,
        context.flags.overdue,
        deadlines.respondBy,
        deadlines.unpausedRespondBy,
        deadlines.extendedRespondBy,
        dueAt,
        closed,
        plan.requesterLanguage ?? null,
      ],
      actor: options.actor,
      audit,
      plan,
      messageIdDomain: this.domain,
    }, this.fragments);
    // A discarded mail: its personal data purged in the same transaction, right after the transition
    // (not in its statement: the purge updates the request row the statement writes). What answers
    // the call (`within`, e.g. an idempotency record) sees the purged row, never the data it had.
    let purged: RequestRow | undefined;
    const within: WithinTransaction | undefined = plan.purge
      ? async (written, tx) => {
          for (const { sql, params } of this.fragments.discardStatements(written.id, now, options.actor)) await tx.query(sql, params);
          purged = (await this.load(requestId, tx)) ?? written;
          await options.within?.(purged, tx);
        }
      : options.within;
    // One statement: when the version moved on, the UPDATE matches nothing and nothing is written.
    const written = await runTransition(this.db, statement, within);
    if (!written) throw new VersionConflictProblem();
    if (written !== STALE && purged) return purged;
    return written;
  }
}

/** The earliest open date: while a request waits in triage its forwarding date counts too. */
export function dueDateOf(state: string, forwardBy: string, respondBy: string): string {
  return state.startsWith('triage') && forwardBy < respondBy ? forwardBy : respondBy;
}
