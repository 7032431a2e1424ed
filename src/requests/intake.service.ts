/**
 * Intake, used by every channel: validate, create the request, start the machine, compute the
 * clock, route it by the requester's identifiers (when the routing module is there) and record
 * it all — request, audit trail, letters — in one statement.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ValidationProblem } from '../common/problem.js';
import { parseOrThrow } from '../common/validation.js';
import { localDateTime } from '../deadlines/time.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { requestDeadlines, type RequestRow } from './request-row.js';
import { createRequestSchema, mailRequestSchema } from './request.schemas.js';
import { requesterCountry } from './requester-country.js';
import { trimStrings } from '../common/validation.js';
import { applyRequestEvent, initialRequestSnapshot, isClosed, REQUEST_MACHINE_VERSION } from './request.machine.js';
import type { RequestContext, RequestEvent } from './request.types.js';
import { dueDateOf, type WithinTransaction } from './workflow-runner.js';
import { messageIdDomain, transitionStatement } from './effects-sql.js';
import { REQUEST_ROUTER, type RequestRouter } from './request-router.js';
import { auditDataOf, planEffects } from './request-effects.js';
import { FORWARDING_PLANNER, needsForwardingPlan, withForwardingEffects, type ForwardingPlanner } from './forwarding-port.js';
import { TRANSITION_FRAGMENTS, type TransitionFragments } from './transition-fragments.js';
import type { AuditEventInput } from '../audit/audit.js';

/** How far in the future a receipt time may lie (clock skew between systems). */
const FUTURE_SKEW_MS = 5 * 60_000;

export interface IntakeOrigin {
  actor: string;
  apiClient?: string;
}

@Injectable()
export class IntakeService {
  private readonly domain: string;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(TRANSITION_FRAGMENTS) private readonly fragments: TransitionFragments,
    @Optional() @Inject(REQUEST_ROUTER) private readonly router?: RequestRouter,
    @Optional() @Inject(FORWARDING_PLANNER) private readonly forwarding?: ForwardingPlanner,
  ) {
    this.domain = messageIdDomain(config.publicBaseUrl);
  }

  /**
   * Validates a raw body (strings trimmed first) and files the request. `within` (the answer to the
   * call, e.g. its idempotency record) is written in the same transaction, before the commit.
   */
  async intake(body: unknown, origin: IntakeOrigin, within?: WithinTransaction, source: 'client' | 'mailbox' = 'client'): Promise<RequestRow> {
    const input = parseOrThrow(source === 'mailbox' ? mailRequestSchema : createRequestSchema, trimStrings(body));
    const now = this.clock.now();
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
      throw new ValidationProblem([{ pointer: '/receivedAt', detail: 'The time of receipt lies in the future.' }]);
    }
    const country = this.config.processor.country;
    const clock = requestDeadlines({
      receivedAt,
      country,
      pausedDays: 0,
      extended: false,
      closed: false,
      extraNonWorkingDays: this.config.extraNonWorkingDays,
    });
    const at = localDateTime(receivedAt, country);
    const r = input.requester;
    let machine = initialRequestSnapshot({
      rights: input.rights,
      hasRequesterEmail: Boolean(r.email),
      respondBy: clock.respondBy,
      receivedAt: at,
      // From the mailbox: no rights until an agent confirms the suggested ones.
      ...(source === 'mailbox' ? { rightsToConfirm: true } : {}),
    });
    let actions = machine.actions;
    const audit: AuditEventInput[] = [
      {
        requestId: null,
        actor: origin.actor,
        type: 'RECEIVED',
        at: now,
        data: { channel: input.channel, rights: input.rights, state: machine.state, externalRefGiven: Boolean(input.externalRef) },
      },
    ];
    // Routing by the requester's identifiers (one indexed lookup), recorded as the system's event.
    if (this.router) {
      const controllers = await this.router.route({ email: r.email ?? null, phone: r.phone ?? null, customerRef: r.customerRef ?? null });
      const routedAt = localDateTime(now, country);
      const event = controllers.length ? { type: 'ROUTE_MATCHED' as const, controllers, at: routedAt } : { type: 'ROUTE_NONE' as const, at: routedAt };
      const from = machine.state;
      machine = applyRequestEvent(machine.persisted, event as RequestEvent);
      actions = [...actions, ...machine.actions];
      audit.push({ requestId: null, actor: 'system', type: event.type, at: now, data: { ...auditDataOf(event as { type: string } & Record<string, unknown>), from, to: machine.state } });
    }
    const context = machine.snapshot.context as RequestContext;
    const closed = isClosed(machine.snapshot);
    let plan = planEffects(actions, {
      requestId: '',
      requesterEmail: r.email ?? null,
      actor: origin.actor,
      event: { type: 'RECEIVED' },
    });
    // Routed to controllers: their forwardings and mails go into the same statement.
    if (this.forwarding && needsForwardingPlan(actions)) {
      plan = withForwardingEffects(plan, await this.forwarding.plan(actions, { id: null, receivedAt, requesterEmail: r.email ?? null, now }));
    }
    const { sql, params } = transitionStatement({
      requestSql: `INSERT INTO requests (
           reference, channel, external_ref, api_client, received_at,
           requester_name, requester_email, requester_phone, requester_customer_ref, requester_address, message, requester_country, requester_language,
           rights, scope, state, snapshot, machine_version, country,
           received_date, nominal_respond_by, unpaused_respond_by, respond_by, extended_respond_by, forward_by, promise_respond_by,
           flag_urgent, flag_unmatched, flag_awaiting_requester, due_at, created_at, updated_at)
         VALUES (
           'AVG-' || $1::int || '-' || lpad(next_request_number($1::int)::text, 6, '0'), $2, $3, $4, $5,
           $6, $7, $8, $9, $10, $11, $30, $31,
           $12, $13, $14, $15, $16, $17,
           $18, $19, $20, $21, $22, $23, $24,
           $25, $26, $27, $28, $29, $29)
         RETURNING *`,
      requestParams: [
        Number(clock.receivedDate.slice(0, 4)),
        input.channel,
        input.externalRef ?? null,
        origin.apiClient ?? null,
        receivedAt,
        r.name,
        r.email ?? null,
        r.phone ?? null,
        r.customerRef ?? null,
        r.address ?? null,
        input.message,
        context.rights,
        context.scope ?? null,
        machine.state,
        JSON.stringify(machine.persisted),
        REQUEST_MACHINE_VERSION,
        country,
        clock.receivedDate,
        clock.nominalRespondBy,
        clock.unpausedRespondBy,
        clock.respondBy,
        clock.extendedRespondBy,
        clock.forwardBy,
        clock.promiseRespondBy ?? null,
        context.flags.urgent,
        context.flags.unmatched,
        context.flags.awaitingRequester,
        closed ? null : dueDateOf(machine.state, clock.forwardBy, clock.effectiveRespondBy),
        now,
        requesterCountry({ country: r.country ?? null, phone: r.phone ?? null, address: r.address ?? null }),
        // The requester's language: given (the API, the form, the language of a mail), else the processor's.
        r.language ?? this.config.processorLanguage,
      ],
      actor: origin.actor,
      audit,
      plan,
      messageIdDomain: this.domain,
    }, this.fragments);
    // One statement: the request, its audit trail and its letters are stored together or not at all.
    if (!within) return ((await this.db.query(sql, params)) as RequestRow[])[0]!;
    return this.db.transaction(async (tx) => {
      const [row] = (await tx.query(sql, params)) as RequestRow[];
      await within(row!, tx);
      return row!;
    });
  }
}
