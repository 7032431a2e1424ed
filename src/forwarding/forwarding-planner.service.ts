/**
 * FORWARDING_PLANNER: turns a request transition's forwarding actions into rows for its one
 * statement — a forwarding per controller with its mail (and the requester's notice where that is
 * safe), forwardings called off, processor tasks, and the forwardings of requests for resources.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import type { ForwardingEffects, ForwardingPlanner, PlannedRequest } from '../requests/forwarding-port.js';
import type { TransitionAction } from '../requests/request-effects.js';
import type { Forwarding, ProcessorTaskResource } from '../requests/request-row.js';
import { processorTasksOf } from '../processor-tasks/processor-task-row.js';
import { planTaskCompletion, planTaskLapse } from '../processor-tasks/task-completion.js';
import type { MatchedController, PendingInstruction, RequestActionParams } from '../requests/request.types.js';
import { localDateTime } from '../deadlines/time.js';
import { assertCarriedOut } from '../common/flat-machine.js';
import type { ForwardingUpdate } from '../requests/forwarding-writes.js';
import { applyForwardingEvent, FORWARDING_ACTIONS_CARRIED_OUT, FORWARDING_MACHINE_VERSION, initialForwardingSnapshot, type ForwardingEvent } from './forwarding.machine.js';
import { controllerClock, controllerMailData, firstReminderOn, mayTellRequester, newLink } from './forwarding-plan.js';
import { FORWARDING_COLUMNS, FORWARDING_FROM, toForwardingResource, type ForwardingRow } from './forwarding-row.js';
import { MISDIRECTION_PLANNER, type MisdirectionPlanner } from './misdirection-port.js';

/**
 * A forwarding moved by the request's transition: the machine's next state at the version read,
 * written by the forwarding_updates CTE (forwarding-sql.ts updateForwardings), which carries out
 * callOff (called off, link revoked, reminders stopped; effects-sql.ts withholds its unsent mail)
 * — any other named action is refused here, before anything is written.
 */
export function forwardingUpdate(row: ForwardingRow, event: ForwardingEvent): ForwardingUpdate {
  const next = applyForwardingEvent(row.snapshot, event);
  assertCarriedOut({ from: row.state, state: next.state, actions: next.actions }, FORWARDING_ACTIONS_CARRIED_OUT.requestTransition);
  return { id: row.id, version: row.version, state: next.state, snapshot: next.persisted, cancelled: next.actions.some((a) => a.type === 'callOff') };
}

@Injectable()
export class ForwardingPlannerService implements ForwardingPlanner {
  constructor(
    private readonly db: DataSource,
    private readonly controllers: DataControllersService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(MISDIRECTION_PLANNER) private readonly misdirection: MisdirectionPlanner,
  ) {}

  async plan(actions: readonly TransitionAction[], request: PlannedRequest): Promise<ForwardingEffects> {
    const effects: ForwardingEffects = { forwardings: [], forwardingUpdates: [], processorTasks: [], messages: [], audit: [] };
    let existing: ForwardingRow[] | undefined;
    const current = async () => (existing ??= request.id ? await this.rowsOf(request.id) : []);
    for (const action of actions) {
      if (action.type === 'createForwardings') {
        const { controllers } = action.params as RequestActionParams['createForwardings'];
        for (const matched of controllers) await this.create(matched, request, effects);
      } else if (action.type === 'cancelForwardings') {
        const { controllerIds, outcome } = action.params as RequestActionParams['cancelForwardings'];
        // Processor tasks still open lapse with the request (src/processor-tasks/).
        await planTaskLapse(this.db, outcome, request, effects);
        for (const row of await current()) {
          if (!controllerIds.includes(row.controllerId) || row.state === 'done') continue;
          effects.forwardingUpdates.push(forwardingUpdate(row, { type: 'CANCEL', at: localDateTime(request.now, row.country) }));
        }
      } else if (action.type === 'createProcessorTask') {
        const task = action.params as PendingInstruction;
        const row = (await current()).find((r) => r.controllerId === task.controllerId && r.decision === 'instruct');
        effects.processorTasks.push({ forwardingId: row?.id ?? null, controllerId: task.controllerId, instruction: task.instruction });
      } else if (action.type === 'reportInstructionDone') {
        const task = action.params as RequestActionParams['reportInstructionDone'];
        const row = (await current()).find((r) => r.controllerId === task.controllerId && r.state === 'decided');
        // The precondition check, the task row, the confirmation mails (src/processor-tasks/); throws 422 when refused.
        await planTaskCompletion({ db: this.db, controller: (id) => this.controllers.row(id), config: this.config }, task, request, row, effects);
        if (!row) continue;
        effects.forwardingUpdates.push(forwardingUpdate(row, { type: 'INSTRUCTION_DONE', at: localDateTime(request.now, row.country) }));
      } else if (action.type === 'reportMisdirection') {
        // Sent in error (art 33(2)): MISDIRECTION_PLANNER (src/incidents/misdirection-plan.ts).
        const { forwardingId, description } = action.params as RequestActionParams['reportMisdirection'];
        const row = (await current()).find((r) => r.id === forwardingId);
        if (!row) throw new Error('reportMisdirection: the forwarding does not belong to this request');
        // An instruction of the wrong controller is not carried out: its task lapses.
        await planTaskLapse(this.db, 'misdirected', request, effects, row.controllerId);
        const wrong = await this.controllers.row(row.controllerId);
        const planned = this.misdirection.plan(row, description, request, { tone: wrong.tone, language: wrong.language, contactName: wrong.contactName });
        (effects.misdirections ??= []).push(planned.misdirection);
        effects.messages.push(...planned.messages);
        effects.audit.push(...planned.audit);
      }
    }
    return effects;
  }

  private async create(matched: MatchedController, request: PlannedRequest, effects: ForwardingEffects): Promise<void> {
    const controller = await this.controllers.row(matched.controllerId);
    const extra = this.config.extraNonWorkingDays;
    const clock = controllerClock(request.receivedAt, controller, extra);
    const today = localDate(request.now, controller.country);
    const link = newLink(this.config.publicBaseUrl, request.now);
    const id = randomUUID();
    const initial = initialForwardingSnapshot();
    effects.forwardings.push({
      id,
      controllerId: controller.id,
      state: initial.state,
      snapshot: initial.persisted,
      machineVersion: FORWARDING_MACHINE_VERSION,
      matchedBy: [...matched.matchedBy],
      country: controller.country,
      contactEmail: controller.contactEmail,
      tokenDigest: link.digest,
      tokenExpiresAt: link.expiresAt.toISOString(),
      respondBy: clock.respondBy,
      forwardBy: clock.forwardBy,
      nextReminderOn: firstReminderOn(clock.forwardBy, controller.country, extra),
    });
    const facts = controllerMailData(controller, clock, today, extra);
    const requesterTold = mayTellRequester(matched.matchedBy, controller, request.requesterEmail);
    // The clear link travels in the outbox row until the mail is sent; then it is scrubbed.
    effects.messages.push({
      recipient: controller.contactEmail,
      template: 'forwarding',
      forwardingId: id,
      data: { ...facts, forwardingId: id, forwardedOn: today, link: link.url, requesterTold },
    });
    effects.audit.push({
      requestId: request.id,
      actor: 'system',
      type: 'FORWARDING_CREATED',
      at: request.now,
      data: { forwardingId: id, controllerId: controller.id, matchedBy: matched.matchedBy, respondBy: clock.respondBy, forwardBy: clock.forwardBy },
    });
    if (requesterTold) {
      effects.messages.push({
        recipient: request.requesterEmail!,
        template: 'forwarded-notice',
        data: { controller: { name: controller.name, country: controller.country }, forwardedOn: today, respondBy: clock.respondBy },
      });
    }
  }

  async rowsOf(requestId: string): Promise<ForwardingRow[]> {
    return this.db.query(`SELECT ${FORWARDING_COLUMNS} FROM ${FORWARDING_FROM} WHERE f.request_id = $1 ORDER BY f.created_at, f.id`, [requestId]);
  }

  processorTasksOf(requestIds: readonly string[], db: Pick<EntityManager, 'query'> = this.db): Promise<Map<string, ProcessorTaskResource[]>> {
    return processorTasksOf(db, requestIds);
  }

  async forwardingsOf(requestIds: readonly string[], db: Pick<EntityManager, 'query'> = this.db): Promise<Map<string, Forwarding[]>> {
    const map = new Map<string, Forwarding[]>();
    if (!requestIds.length) return map;
    const rows: ForwardingRow[] = await db.query(
      `SELECT ${FORWARDING_COLUMNS} FROM ${FORWARDING_FROM} WHERE f.request_id = ANY($1::uuid[]) ORDER BY f.created_at, f.id`,
      [[...new Set(requestIds)]],
    );
    for (const row of rows) {
      const list = map.get(row.requestId) ?? [];
      list.push(toForwardingResource(row));
      map.set(row.requestId, list);
    }
    return map;
  }
}
