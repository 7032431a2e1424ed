/**
 * INSTRUCTION_DONE's rows, planned for the transition's one statement (called by the forwarding
 * planner at `reportInstructionDone`): the precondition check (rules in processor-task.rules.ts),
 * the task row marked done (or cancelled after a withdrawal), its audit event, the controller's
 * confirmation and — where that is safe and allowed — the requester's short notice.
 */
import { assertCarriedOut } from '../common/flat-machine.js';
import { applyTaskEvent, TASK_ACTIONS_CARRIED_OUT, type ProcessorTaskTransition } from './processor-task.machine.js';
import type { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem.js';
import type { ResolvedConfig } from '../config/config.module.js';
import type { DataControllerRow } from '../data-controllers/data-controller-row.js';
import { mayTellRequester } from '../data-controllers/requester-notice.js';
import { localDate } from '../deadlines/deadlines.js';
import type { ForwardingEffects, PlannedRequest } from '../requests/forwarding-port.js';
import type { RequestActionParams } from '../requests/request.types.js';
import { ART19_INSTRUCTIONS, checkCompletion, completionProblemDetail, TASK_LAPSE_CAUSES } from './processor-task.rules.js';
import { instructionLabel } from '../vocabulary/vocabulary.js';
import { TASK_COLUMNS, type ProcessorTaskRow } from './processor-task-row.js';

export const COMPLETION_REFUSED = 'instruction-not-completable';

export interface CompletionDeps {
  db: Pick<DataSource, 'query'>;
  controller: (id: string) => Promise<DataControllerRow>;
  config: Pick<ResolvedConfig, 'processorTasks'>;
}

type Params = RequestActionParams['reportInstructionDone'];

/** The forwarding a task belongs to, as far as its completion reads it (the forwarding planner passes its row). */
export interface TaskForwarding {
  id: string;
  matchedBy: readonly string[];
  decidedAt: Date | null;
  instructionDetails: string | null;
  respondBy: string;
}

/** The controller's confirmation (pure): what was instructed, when, what was done, who was told. */
export function confirmationMailData(input: {
  controller: Pick<DataControllerRow, 'name' | 'country' | 'contactName' | 'tone'> & Partial<Pick<DataControllerRow, 'language'>>;
  task: Pick<ProcessorTaskRow, 'instruction' | 'createdAt'>;
  forwarding: Pick<TaskForwarding, 'decidedAt' | 'instructionDetails' | 'respondBy'> | undefined;
  outcome: string;
  withdrawn: boolean;
  recipients: readonly { name: string; notifiedAt: string }[];
  exportExpiresAt: Date | null;
  now: Date;
}): Record<string, unknown> {
  const { controller, task, forwarding } = input;
  const country = controller.country;
  return {
    tone: controller.tone,
    ...(controller.language ? { lang: controller.language } : {}),
    controller: { name: controller.name, country, contactName: controller.contactName },
    instruction: task.instruction,
    instructionLabel: instructionLabel(task.instruction, controller.language),
    instructedOn: localDate(forwarding?.decidedAt ?? task.createdAt, country),
    details: forwarding?.instructionDetails ?? null,
    outcome: input.outcome,
    doneOn: localDate(input.now, country),
    withdrawn: input.withdrawn,
    art19: ART19_INSTRUCTIONS.includes(task.instruction),
    recipients: input.recipients.map((r) => ({ name: r.name, notifiedOn: localDate(new Date(r.notifiedAt), country) })),
    exportUntil: input.exportExpiresAt ? localDate(input.exportExpiresAt, country) : null,
    ...(forwarding ? { respondBy: forwarding.respondBy } : {}),
  };
}

/**
 * A completion, withdrawal or lapse ends the task: the request transition's statement carries out
 * the task machine's actions (processor-task-sql.ts updateProcessorTasks, deleteCancelledExports).
 */
function carriedOut(step: ProcessorTaskTransition): { state: 'done' | 'cancelled' } {
  assertCarriedOut(step, TASK_ACTIONS_CARRIED_OUT.completion);
  if (step.state !== 'done' && step.state !== 'cancelled') throw new Error(`a finished task cannot be ${step.state}`);
  return { state: step.state };
}

/** The task of this controller that an INSTRUCTION_DONE concerns: the open (or concern) one, else the latest. */
async function taskOf(db: CompletionDeps['db'], requestId: string, controllerId: string): Promise<ProcessorTaskRow | undefined> {
  const rows: ProcessorTaskRow[] = await db.query(
    `SELECT ${TASK_COLUMNS} FROM processor_tasks t WHERE t.request_id = $1 AND t.controller_id = $2
      ORDER BY (t.state IN ('open', 'concern')) DESC, t.created_at DESC LIMIT 1`,
    [requestId, controllerId],
  );
  return rows[0];
}

/**
 * Checks and plans the completion of the controller's task; throws a 422 problem
 * (`instruction-not-completable`, with `reason` and the recipients concerned) when it may not.
 */
export async function planTaskCompletion(
  deps: CompletionDeps,
  params: Params,
  request: PlannedRequest,
  forwarding: TaskForwarding | undefined,
  effects: ForwardingEffects,
): Promise<void> {
  if (!request.id) return;
  const task = await taskOf(deps.db, request.id, params.controllerId);
  const withdrawn = params.withdrawn === true;
  let exportExpiresAt: Date | null = null;
  if (task?.instruction === 'export') {
    const rows: { expiresAt: Date | null }[] = await deps.db.query(
      `SELECT max(expires_at) AS "expiresAt" FROM processor_exports WHERE task_id = $1 AND expires_at > $2`,
      [task.id, request.now],
    );
    exportExpiresAt = rows[0]?.expiresAt ?? null;
  }
  const check = checkCompletion({
    task,
    withdrawn,
    outcome: params.outcome,
    recipientsNotified: params.recipientsNotified ?? [],
    configured: deps.config.processorTasks.art19Recipients,
    hasExport: exportExpiresAt !== null,
  });
  if (!check.ok) {
    throw new ProblemException(422, COMPLETION_REFUSED, 'Instruction cannot be completed', completionProblemDetail(check), {
      reason: check.block,
      ...(check.missingRecipients ? { missingRecipients: check.missingRecipients } : {}),
      ...(check.unknownRecipients ? { unknownRecipients: check.unknownRecipients } : {}),
    });
  }
  const t = task!;
  const notifiedAt = request.now.toISOString();
  const recipients = check.recipients.map((name) => ({ name, notifiedAt }));
  const answer = (params.outcome ?? '').trim();
  const outcome = withdrawn ? `Ingetrokken door de verwerkingsverantwoordelijke: ${answer}` : answer;
  const actor = request.actor ?? 'system';
  effects.processorTaskUpdates ??= [];
  effects.processorTaskUpdates.push({
    id: t.id,
    fromState: t.state,
    state: carriedOut(applyTaskEvent(t.state, { type: withdrawn ? 'WITHDRAW' : 'COMPLETE' })).state,
    outcome,
    recipientsNotified: recipients,
    doneBy: actor,
    ...(withdrawn ? { concernResolution: 'withdrawn' as const, concernNote: answer } : {}),
  });
  effects.audit.push({
    requestId: request.id,
    actor,
    type: withdrawn ? 'PROCESSOR_TASK_CANCELLED' : 'PROCESSOR_TASK_DONE',
    at: request.now,
    // Codes and the recipients' organisation names; the outcome text stays out of the audit trail.
    data: { taskId: t.id, controllerId: t.controllerId, instruction: t.instruction, recipientsNotified: recipients.map((r) => r.name), outcomeGiven: true },
  });

  const controller = await deps.controller(t.controllerId);
  effects.messages.push({
    recipient: controller.contactEmail,
    template: 'instruction-completed',
    ...(forwarding ? { forwardingId: forwarding.id } : {}),
    data: confirmationMailData({ controller, task: t, forwarding, outcome: withdrawn ? answer : outcome, withdrawn, recipients, exportExpiresAt: withdrawn ? null : exportExpiresAt, now: request.now }),
  });
  // The requester hears only of this controller, only when it is safe (their own address matched
  // the controller's directory) and the agreement allows it; never of a withdrawn instruction.
  if (!withdrawn && forwarding && mayTellRequester(forwarding.matchedBy, controller, request.requesterEmail)) {
    effects.messages.push({
      recipient: request.requesterEmail!,
      template: 'instruction-completed-notice',
      data: { controller: { name: controller.name, country: controller.country }, instruction: t.instruction, doneOn: localDate(request.now, controller.country) },
    });
  }
}


/**
 * The request closes while tasks are still open (refused, withdrawn, duplicate): they lapse in the
 * same statement as the forwardings are called off, so no task stays open on a closed request. With
 * `controllerId`, only that controller's tasks lapse (its forwarding was sent in error: `misdirected`).
 */
export async function planTaskLapse(
  db: CompletionDeps['db'],
  outcome: string,
  request: PlannedRequest,
  effects: ForwardingEffects,
  controllerId?: string,
): Promise<void> {
  if (!request.id) return;
  const tasks: ProcessorTaskRow[] = await db.query(
    `SELECT ${TASK_COLUMNS} FROM processor_tasks t
      WHERE t.request_id = $1 AND t.state IN ('open', 'concern') AND ($2::uuid IS NULL OR t.controller_id = $2::uuid)`,
    [request.id, controllerId ?? null],
  );
  for (const t of tasks) {
    effects.processorTaskUpdates ??= [];
    effects.processorTaskUpdates.push({
      id: t.id,
      fromState: t.state,
      state: carriedOut(applyTaskEvent(t.state, { type: 'LAPSE' })).state,
      outcome: `Vervallen: ${TASK_LAPSE_CAUSES[`request-${outcome}`] ?? 'het verzoek is afgesloten'}.`,
      recipientsNotified: [],
      doneBy: request.actor ?? 'system',
    });
    effects.audit.push({
      requestId: request.id,
      actor: request.actor ?? 'system',
      type: 'PROCESSOR_TASK_CANCELLED',
      at: request.now,
      data: { taskId: t.id, controllerId: t.controllerId, instruction: t.instruction, cause: `request-${outcome}` },
    });
  }
}
