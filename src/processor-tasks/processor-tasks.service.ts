/**
 * The processor's work on a controller's instruction besides completing it (which is the request
 * event INSTRUCTION_DONE, see task-completion.ts): raising a concern about a possibly unlawful
 * instruction (art 28(3), last sentence) and recording the controller's answer, uploading the
 * export of an `export` instruction, and the controller's expiring download. Every change is one
 * statement with its audit event (codes and ids only); a concern also moves the request's version,
 * so a completion planned before it is refused as a stale write.
 */
import type { ProblemCode } from '../common/problem-codes.js';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { auditInsert } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import { localDate } from '../deadlines/deadlines.js';
import { messageInsert } from '../replies/message-sql.js';
import { messageIdDomain } from '../requests/effects-sql.js';
import type { ProcessorTaskResource } from '../requests/request-row.js';
import { bumpRequestVersion, lockRequests } from '../requests/request-sql.js';
import { WorkflowRunner } from '../requests/workflow-runner.js';
import { concernReasonError, MAX_EXPORTS_PER_TASK, resolutionError, safeFilename, type ConcernResolution } from './processor-task.rules.js';
import { EXPORT_TYPES_DUTCH, exportContentType } from './export-content.js';
import { instructionLabel } from '../vocabulary/vocabulary.js';
import { EXPORT_COLUMNS, TASK_COLUMNS, toTaskResource, type ExportMeta, type ProcessorTaskRow } from './processor-task-row.js';
import { agentTasksPanel } from './processor-task-view.js';
import { UUID } from '../common/validation.js';
import { assertCarriedOut, FlatTransitionError } from '../common/flat-machine.js';
import { applyTaskEvent, TASK_ACTIONS_CARRIED_OUT, taskTakes, type ProcessorTaskEvent, type ProcessorTaskTransition } from './processor-task.machine.js';
import { TASK_STATES, type TaskState } from './processor-task.rules.js';


/** The states in which a task takes an export (open, or under concern). */
const EXPORT_STATES: readonly TaskState[] = TASK_STATES.filter((s) => taskTakes(s, 'UPLOAD_EXPORT'));

/** The task machine's transition, or `refused()` when the task's state does not take the event. */
function taskTransition(state: TaskState, event: ProcessorTaskEvent, carriedOut: readonly string[], refused: () => never): ProcessorTaskTransition {
  let step: ProcessorTaskTransition;
  try {
    step = applyTaskEvent(state, event);
  } catch (err) {
    if (err instanceof FlatTransitionError) refused();
    throw err;
  }
  assertCarriedOut(step, carriedOut);
  return step;
}

/** A refusal an agent reads in Dutch; the API would give the same code. */
export class TaskActionProblem extends ProblemException {
  constructor(code: ProblemCode, detail: string, readonly dutch: string, status = 422) {
    super(status, code, 'Not possible', detail);
  }
}

export interface UploadedFile {
  originalname?: string;
  mimetype?: string;
  size: number;
  buffer: Buffer;
}

export type DownloadResult =
  | { status: 'ok'; filename: string; contentType: string; content: Buffer }
  | { status: 'unknown' }
  | { status: 'expired' };

@Injectable()
export class ProcessorTasksService {
  private readonly domain: string;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly controllers: DataControllersService,
    private readonly runner: WorkflowRunner,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.domain = messageIdDomain(config.publicBaseUrl);
  }

  get art19Recipients(): readonly string[] {
    return this.config.processorTasks.art19Recipients;
  }

  get exportMaxMb(): number {
    return this.config.processorTasks.exportMaxMb;
  }

  async task(requestId: string, taskId: string): Promise<ProcessorTaskRow> {
    const rows: ProcessorTaskRow[] = UUID.test(taskId) && UUID.test(requestId)
      ? await this.db.query(`SELECT ${TASK_COLUMNS} FROM processor_tasks t WHERE t.id = $1 AND t.request_id = $2`, [taskId, requestId])
      : [];
    if (!rows[0]) throw new TaskActionProblem('not-found', 'No such processor task.', 'Deze verwerkersopdracht bestaat niet (meer).', 404);
    return rows[0];
  }

  /** The task as it appears in the request resource's `processorTasks` (with its exports). */
  async taskResource(requestId: string, taskId: string): Promise<ProcessorTaskResource> {
    const task = await this.task(requestId, taskId);
    return toTaskResource(task, await this.exportsOfRequest(requestId));
  }

  async tasksOfRequest(requestId: string): Promise<ProcessorTaskRow[]> {
    return this.db.query(`SELECT ${TASK_COLUMNS} FROM processor_tasks t WHERE t.request_id = $1 ORDER BY t.created_at, t.id`, [requestId]);
  }

  async exportsOfRequest(requestId: string): Promise<ExportMeta[]> {
    return this.db.query(`SELECT ${EXPORT_COLUMNS} FROM processor_exports x WHERE x.request_id = $1 ORDER BY x.created_at, x.id`, [requestId]);
  }

  /** The agent's "Verwerkersopdrachten" panel of a request (empty when no controller instructed). */
  async agentPanel(requestId: string, completable: boolean, controllerNames: ReadonlyMap<string, { name: string }>) {
    const tasks = await this.tasksOfRequest(requestId);
    if (!tasks.length) return [];
    const exports = await this.exportsOfRequest(requestId);
    const rows: { id: string; instructionDetails: string | null; note: string | null; decidedBy: string | null; decidedAt: Date | null }[] = await this.db.query(
      `SELECT id, instruction_details AS "instructionDetails", note, decided_by AS "decidedBy", decided_at AS "decidedAt" FROM forwardings WHERE request_id = $1`,
      [requestId],
    );
    return agentTasksPanel(tasks, exports, {
      now: this.clock.now(),
      art19Recipients: this.art19Recipients,
      controllerNames: new Map([...controllerNames].map(([id, c]) => [id, c.name])),
      forwardings: new Map(rows.map((r) => [r.id, r])),
      exportMaxMb: this.exportMaxMb,
      completable,
    });
  }

  /** The tasks (and their exports) a controller's link page shows: those of its own forwarding. */
  async ofForwarding(forwardingId: string): Promise<{ tasks: ProcessorTaskRow[]; exports: ExportMeta[] }> {
    const tasks: ProcessorTaskRow[] = await this.db.query(
      `SELECT ${TASK_COLUMNS} FROM processor_tasks t WHERE t.forwarding_id = $1 ORDER BY t.created_at, t.id`,
      [forwardingId],
    );
    const exports: ExportMeta[] = tasks.length
      ? await this.db.query(`SELECT ${EXPORT_COLUMNS} FROM processor_exports x WHERE x.forwarding_id = $1 ORDER BY x.created_at, x.id`, [forwardingId])
      : [];
    return { tasks, exports };
  }

  /**
   * Open task → `concern`: the controller gets a Dutch letter explaining why the instruction may
   * infringe the GDPR or other law and asking to confirm, change or withdraw it. One statement:
   * task, request version, letter, audit event.
   */
  async raiseConcern(requestId: string, taskId: string, reason: string, actor: string): Promise<void> {
    const error = concernReasonError(reason);
    if (error) throw new TaskActionProblem('invalid-concern', 'Give a reason of at least 20 characters.', error, 400);
    const task = await this.task(requestId, taskId);
    const step = taskTransition(task.state, { type: 'RAISE_CONCERN' }, TASK_ACTIONS_CARRIED_OUT.raiseConcern, () => {
      throw new TaskActionProblem('task-not-open', 'Only an open task can get a concern.', 'Alleen bij een openstaande verwerkersopdracht kunt u een bezwaar voorleggen.');
    });
    const controller = await this.controllers.row(task.controllerId);
    const forwarding: { decidedAt: Date | null; instructionDetails: string | null; respondBy: string }[] = task.forwardingId
      ? await this.db.query(`SELECT decided_at AS "decidedAt", instruction_details AS "instructionDetails", to_char(respond_by, 'YYYY-MM-DD') AS "respondBy" FROM forwardings WHERE id = $1`, [task.forwardingId])
      : [];
    const f = forwarding[0];
    const now = this.clock.now();
    const data = {
      tone: controller.tone,
      lang: controller.language,
      controller: { name: controller.name, country: controller.country, contactName: controller.contactName },
      instruction: task.instruction,
      instructionLabel: instructionLabel(task.instruction, controller.language),
      instructedOn: localDate(f?.decidedAt ?? task.createdAt, controller.country),
      details: f?.instructionDetails ?? null,
      reason: reason.trim(),
      ...(f ? { respondBy: f.respondBy } : {}),
    };
    const rows: unknown[] = await this.db.query(
      `WITH q AS (${lockRequests('$2')}),
       t AS (
         UPDATE processor_tasks p SET state = $9, concern_reason = $3, concern_raised_at = $4, concern_raised_by = $5,
                concern_resolution = NULL, concern_note = NULL, concern_resolved_at = NULL, concern_resolved_by = NULL
           FROM q WHERE p.id = $1 AND p.request_id = q.id AND p.state = $10
          RETURNING p.id, p.request_id, p.controller_id, p.forwarding_id, p.instruction),
       r AS (${bumpRequestVersion('t', '$4', 'requests.id, requests.reference')}),
       m AS (${messageInsert('request_id, recipient, template, data, message_id, forwarding_id', `SELECT r.id, $6, 'instruction-concern', jsonb_build_object('reference', r.reference) || $7::jsonb, $8, t.forwarding_id FROM r, t`)}),
       a AS (${auditInsert(`SELECT t.request_id, $4, $5, 'PROCESSOR_TASK_CONCERN_RAISED',
                    jsonb_build_object('taskId', t.id, 'controllerId', t.controller_id, 'instruction', t.instruction, 'reasonGiven', true) FROM t`)})
       SELECT id FROM t`,
      [taskId, requestId, reason.trim(), now, actor, controller.contactEmail, JSON.stringify(data), `<${randomUUID()}@${this.domain}>`, step.state, step.from],
    );
    if (rows.length !== 1) throw new TaskActionProblem('version-conflict', 'The task changed meanwhile.', 'De verwerkersopdracht is intussen gewijzigd. Laad de pagina opnieuw.', 409);
  }

  /**
   * Records the controller's answer to a concern. `confirmed`: the task is open again and can be
   * completed. `withdrawn`: the instruction is not carried out; the task is cancelled through the
   * request workflow (INSTRUCTION_DONE with `withdrawn`), so the forwarding is done and the request
   * closes like any finished instruction, with the controller's confirmation.
   */
  async resolveConcern(requestId: string, taskId: string, resolution: string, note: string, actor: string): Promise<void> {
    const error = resolutionError(resolution, note);
    if (error) throw new TaskActionProblem('invalid-resolution', 'Give the resolution (confirmed or withdrawn) and the controller\'s answer.', error, 400);
    const task = await this.task(requestId, taskId);
    const withdrawn = (resolution as ConcernResolution) === 'withdrawn';
    // A withdrawal is the request event INSTRUCTION_DONE (task-completion.ts carries out WITHDRAW there).
    const step = taskTransition(task.state, { type: withdrawn ? 'WITHDRAW' : 'CONFIRM' }, withdrawn ? TASK_ACTIONS_CARRIED_OUT.completion : TASK_ACTIONS_CARRIED_OUT.confirm, () => {
      throw new TaskActionProblem('no-concern', 'No concern is open on this task.', 'Er staat bij deze verwerkersopdracht geen bezwaar open.');
    });
    if (withdrawn) {
      await this.runner.apply(
        requestId,
        { type: 'INSTRUCTION_DONE', controllerId: task.controllerId, outcome: note.trim(), recipientsNotified: [], withdrawn: true },
        { actor },
      );
      return;
    }
    const now = this.clock.now();
    const rows: unknown[] = await this.db.query(
      `WITH q AS (${lockRequests('$2')}),
       t AS (
         UPDATE processor_tasks p SET state = $6, concern_resolution = 'confirmed', concern_note = $3,
                concern_resolved_at = $4, concern_resolved_by = $5
           FROM q WHERE p.id = $1 AND p.request_id = q.id AND p.state = $7
          RETURNING p.id, p.request_id, p.controller_id, p.instruction),
       r AS (${bumpRequestVersion('t', '$4', 'requests.id')}),
       a AS (${auditInsert(`SELECT t.request_id, $4, $5, 'PROCESSOR_TASK_CONCERN_RESOLVED',
                    jsonb_build_object('taskId', t.id, 'controllerId', t.controller_id, 'instruction', t.instruction, 'resolution', 'confirmed', 'noteGiven', true) FROM t`)})
       SELECT id FROM t`,
      [taskId, requestId, note.trim(), now, actor, step.state, step.from],
    );
    if (rows.length !== 1) throw new TaskActionProblem('version-conflict', 'The task changed meanwhile.', 'De verwerkersopdracht is intussen gewijzigd. Laad de pagina opnieuw.', 409);
  }

  /**
   * Refuses an export for this task unless it is an open (or under concern) `export` task whose
   * instruction came through a controller link (the link is where the export is offered). Checked
   * before a REST upload's body is read, and again by uploadExport.
   */
  async assertExportExpected(requestId: string, taskId: string): Promise<void> {
    const task = await this.task(requestId, taskId);
    const notExpected = (): never => {
      throw new TaskActionProblem('export-not-expected', 'Exports belong to open export tasks.', 'Een export hoort bij een openstaande opdracht om gegevens te exporteren.');
    };
    if (task.instruction !== 'export') notExpected();
    taskTransition(task.state, { type: 'UPLOAD_EXPORT' }, TASK_ACTIONS_CARRIED_OUT.upload, notExpected);
    if (task.forwardingId === null) {
      throw new TaskActionProblem(
        'export-no-link',
        'This instruction did not come through a controller link: no link can offer the export.',
        'Deze instructie kwam niet via de link van de verwerkingsverantwoordelijke, dus er is geen link om de export aan te bieden. Bezorg de export op een andere veilige manier en beschrijf dat bij het afronden.',
      );
    }
  }

  /**
   * Stores the export of an `export` task (open or under concern) for the controller, valid
   * EXPORT_LINK_DAYS. The audit event has size and digest, never the file name (it may name the person).
   */
  async uploadExport(requestId: string, taskId: string, file: UploadedFile | undefined, actor: string): Promise<string> {
    if (!file || !file.buffer || file.size === 0) {
      throw new TaskActionProblem('export-missing', 'Choose a file.', 'Kies een bestand met de export (het bestand is leeg of ontbreekt).', 400);
    }
    await this.assertExportExpected(requestId, taskId);
    const contentType = await exportContentType(file.buffer, file.mimetype, file.originalname);
    if (!contentType) {
      throw new TaskActionProblem(
        'export-type-not-allowed',
        'Exports are ZIP, PDF, JSON, CSV, XML or UTF-8 plain text (judged by the content, not by the declared type).',
        `Dit soort bestand kan niet als export worden opgeslagen. Een export is een ${EXPORT_TYPES_DUTCH}-bestand; het soort wordt aan de inhoud herkend, niet aan de naam.`,
        415,
      );
    }
    const now = this.clock.now();
    const expires = new Date(now.getTime() + this.config.processorTasks.exportLinkDays * 86_400_000);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    // The task row is locked first, so two uploads at once cannot both pass the count.
    const rows: { id: string }[] = await this.db.transaction(async (tx) => {
      await tx.query(`SELECT id FROM processor_tasks WHERE id = $1 AND request_id = $2 FOR UPDATE`, [taskId, requestId]);
      const [{ n }]: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM processor_exports WHERE task_id = $1`, [taskId]);
      if (n >= MAX_EXPORTS_PER_TASK) {
        throw new TaskActionProblem(
          'too-many-exports',
          `At most ${MAX_EXPORTS_PER_TASK} exports per task.`,
          `Bij deze opdracht staan al ${MAX_EXPORTS_PER_TASK} exports; meer kunnen er niet bij. Bundel de bestanden in één ZIP-bestand, of rond de opdracht af en beschrijf hoe de rest is bezorgd.`,
          409,
        );
      }
      return tx.query(
        `WITH t AS (SELECT id, request_id, forwarding_id, controller_id FROM processor_tasks
                     WHERE id = $1 AND request_id = $2 AND instruction = 'export' AND state = ANY($11::text[])),
         x AS (INSERT INTO processor_exports (task_id, request_id, forwarding_id, filename, content_type, size_bytes, sha256, content, uploaded_by, created_at, expires_at)
               SELECT t.id, t.request_id, t.forwarding_id, $3, $4, $5, $6, $7, $8, $9, $10 FROM t
               RETURNING id, task_id, request_id, size_bytes, sha256),
         a AS (${auditInsert(`SELECT x.request_id, $9, $8, 'PROCESSOR_EXPORT_UPLOADED',
                      jsonb_build_object('taskId', x.task_id, 'exportId', x.id, 'sizeBytes', x.size_bytes, 'sha256', x.sha256, 'expiresAt', $10::timestamptz) FROM x`)})
         SELECT id FROM x`,
        [taskId, requestId, safeFilename(file.originalname), contentType, file.size, sha256, file.buffer, actor, now, expires, EXPORT_STATES],
      );
    });
    if (!rows[0]) throw new TaskActionProblem('version-conflict', 'The task changed meanwhile.', 'De verwerkersopdracht is intussen gewijzigd. Laad de pagina opnieuw.', 409);
    return rows[0].id;
  }

  /** The controller's download (a POST from its link page): audited every time; expired → 'expired'. */
  async download(forwarding: { id: string }, exportId: string): Promise<DownloadResult> {
    if (!UUID.test(exportId)) return { status: 'unknown' };
    const now = this.clock.now();
    const rows: { id: string; filename: string; contentType: string; expiresAt: Date; content: Buffer }[] = await this.db.query(
      `SELECT x.id, x.filename, x.content_type AS "contentType", x.expires_at AS "expiresAt", x.content
         FROM processor_exports x JOIN processor_tasks t ON t.id = x.task_id
        WHERE x.id = $1 AND x.forwarding_id = $2 AND t.state <> 'cancelled'`,
      [exportId, forwarding.id],
    );
    const x = rows[0];
    if (!x) return { status: 'unknown' };
    if (x.expiresAt.getTime() <= now.getTime()) return { status: 'expired' };
    await this.db.query(
      `WITH u AS (UPDATE processor_exports SET first_downloaded_at = coalesce(first_downloaded_at, $2) WHERE id = $1 RETURNING id, task_id, request_id)
       ${auditInsert(`SELECT u.request_id, $2, $3, 'PROCESSOR_EXPORT_DOWNLOADED', jsonb_build_object('exportId', u.id, 'taskId', u.task_id, 'forwardingId', $4::text) FROM u`)}`,
      [x.id, now, `controller:${forwarding.id}`, forwarding.id],
    );
    return { status: 'ok', filename: x.filename, contentType: x.contentType, content: x.content };
  }
}
