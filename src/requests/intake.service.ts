/**
 * Intake, used by every channel: validate, create the request, start the machine, compute the
 * clock and record the receipt, all in one transaction. Routing picks it up from triage.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { ValidationProblem } from '../common/problem.js';
import { parseOrThrow } from '../common/validation.js';
import { localDateTime } from '../common/time.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { REQUEST_COLUMNS, requestDeadlines, type RequestRow } from './request-row.js';
import { planEffects } from './request-effects.js';
import { createRequestSchema, trimStrings } from './request.schemas.js';
import { initialRequestSnapshot, isClosed, REQUEST_MACHINE_VERSION } from './request.machine.js';
import type { RequestContext } from './request.types.js';
import { dueDateOf, messageIdDomain, writeEffects } from './workflow-runner.js';

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
  ) {
    this.domain = messageIdDomain(config.publicBaseUrl);
  }

  /** Validates a raw body (strings trimmed first) and files the request. */
  async intake(body: unknown, origin: IntakeOrigin): Promise<RequestRow> {
    const input = parseOrThrow(createRequestSchema, trimStrings(body));
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
    const initial = initialRequestSnapshot({
      rights: input.rights,
      hasRequesterEmail: Boolean(input.requester.email),
      respondBy: clock.respondBy,
      receivedAt: localDateTime(receivedAt, country),
    });
    const context = initial.snapshot.context as RequestContext;
    const closed = isClosed(initial.snapshot);
    const r = input.requester;

    return this.db.transaction(async (tx) => {
      const rows: RequestRow[] = await tx.query(
        `INSERT INTO requests (
           reference, channel, external_ref, api_client, received_at,
           requester_name, requester_email, requester_phone, requester_customer_ref, requester_address, message,
           rights, scope, state, snapshot, machine_version, country,
           received_date, nominal_respond_by, unpaused_respond_by, respond_by, extended_respond_by, forward_by, promise_respond_by,
           flag_urgent, flag_unmatched, flag_awaiting_requester, due_at, created_at, updated_at)
         VALUES (
           'AVG-' || $1::int || '-' || lpad(next_request_number($1::int)::text, 6, '0'), $2, $3, $4, $5,
           $6, $7, $8, $9, $10, $11,
           $12, $13, $14, $15, $16, $17,
           $18, $19, $20, $21, $22, $23, $24,
           $25, $26, $27, $28, $29, $29)
         RETURNING ${REQUEST_COLUMNS}`,
        [
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
          initial.state,
          JSON.stringify(initial.persisted),
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
          closed ? null : dueDateOf(initial.state, clock.forwardBy, clock.effectiveRespondBy),
          now,
        ],
      );
      const row = rows[0];
      const plan = planEffects(initial.actions, {
        requestId: row.id,
        requesterEmail: row.requesterEmail,
        actor: origin.actor,
        event: { type: 'RECEIVED' },
      });
      plan.audit.unshift({
        requestId: row.id,
        actor: origin.actor,
        type: 'RECEIVED',
        at: now,
        data: { channel: input.channel, rights: input.rights, state: initial.state, externalRefGiven: Boolean(input.externalRef) },
      });
      await writeEffects(tx, row.id, row.reference, origin.actor, plan, this.domain);
      return row;
    });
  }
}
