/**
 * How processor tasks appear (pure, Dutch): on the controller's link page (its own instruction,
 * the concern, what was done, the export to download) and in the agent's "Verwerkersopdrachten"
 * panel (state, the verbatim instruction, concern and resolution forms, export upload, completion
 * form with one checkbox per art 19 recipient).
 */
import { dutchDateTime } from '../http/views.js';
import { formatDateTime, type Language } from '../vocabulary/language.js';
import { FOREIGN_TASK_TEXTS } from '../vocabulary/translations.js';
import { instructionLabel, taskStateLabel } from '../vocabulary/vocabulary.js';
import { ART19_INSTRUCTIONS, sizeText } from './processor-task.rules.js';
import type { ExportMeta, ProcessorTaskRow } from './processor-task-row.js';

/** A moment in the page's language: the house style in Dutch ("20 april 2026 om 12:00"), else `Intl`. */
function dateTimeIn(value: Date | string, lang: Language): string {
  return lang === 'nl' ? dutchDateTime(value) : formatDateTime(value, lang);
}

function exportsOf(task: ProcessorTaskRow, exports: readonly ExportMeta[], now: Date, lang: Language = 'nl') {
  const at = (d: Date) => dateTimeIn(d, lang);
  return exports
    .filter((x) => x.taskId === task.id)
    .map((x) => ({
      id: x.id,
      filename: x.filename,
      size: sizeText(Number(x.sizeBytes)),
      sha256: x.sha256.trim(),
      uploadedAt: at(x.createdAt),
      expires: at(x.expiresAt),
      expired: x.expiresAt.getTime() <= now.getTime(),
      downloaded: x.firstDownloadedAt ? at(x.firstDownloadedAt) : null,
    }));
}

function concernOf(task: ProcessorTaskRow, lang: Language = 'nl') {
  if (!task.concernReason) return null;
  const at = (d: Date) => dateTimeIn(d, lang);
  const words = lang === 'nl' ? { confirmed: 'bevestigd', withdrawn: 'ingetrokken' } : FOREIGN_TASK_TEXTS[lang];
  return {
    reason: task.concernReason,
    raisedAt: task.concernRaisedAt ? at(task.concernRaisedAt) : '',
    open: task.state === 'concern',
    resolution: task.concernResolution === 'confirmed' ? words.confirmed : task.concernResolution === 'withdrawn' ? words.withdrawn : null,
    note: task.concernNote,
    resolvedAt: task.concernResolvedAt ? at(task.concernResolvedAt) : null,
  };
}

function recipientsOf(task: ProcessorTaskRow, lang: Language = 'nl') {
  const at = (d: Date | string) => dateTimeIn(d, lang);
  return (Array.isArray(task.recipientsNotified) ? task.recipientsNotified : []).map((r) => ({ name: r.name, at: at(r.notifiedAt) }));
}

/** A task's state on the controller's page, in its language. */
function taskStateIn(task: ProcessorTaskRow, lang: Language): string {
  if (lang === 'nl') return taskStateLabel(task);
  const words = FOREIGN_TASK_TEXTS[lang];
  if (task.state === 'cancelled' && task.concernResolution === 'withdrawn') return words.withdrawnByController;
  return words.states[task.state] ?? task.state;
}

/**
 * The controller's view of the tasks of its own forwarding. Free texts that may name the person
 * (what was done, the concern and the answer, export file names) only after "Gegevens tonen"
 * (`reveal`, a POST): a link scanner's GET sees states and dates only.
 */
export function controllerTasksView(tasks: readonly ProcessorTaskRow[], exports: readonly ExportMeta[], now: Date, reveal: boolean, lang: Language = 'nl') {
  return tasks.map((t) => {
    // A cancelled task's export is no longer offered (its download answers 404).
    const offered = t.state === 'cancelled' ? [] : exportsOf(t, exports, now, lang);
    return {
      instruction: instructionLabel(t.instruction, lang),
      state: taskStateIn(t, lang),
      concern: hideUnless(reveal, concernOf(t, lang)),
      detailsHidden: !reveal,
      done: t.state === 'done',
      withdrawn: t.state === 'cancelled' && t.concernResolution === 'withdrawn',
      lapsed: t.state === 'cancelled' && t.concernResolution !== 'withdrawn',
      doneAt: t.doneAt ? dateTimeIn(t.doneAt, lang) : null,
      outcome: reveal && t.state === 'done' ? t.outcome : null,
      art19: ART19_INSTRUCTIONS.includes(t.instruction),
      recipients: recipientsOf(t, lang),
      exports: reveal ? offered : [],
      hiddenExports: reveal ? 0 : offered.filter((x) => !x.expired).length,
    };
  });
}

function hideUnless(reveal: boolean, concern: ReturnType<typeof concernOf>) {
  return concern && !reveal ? { ...concern, reason: null, note: null } : concern;
}

export interface PanelOptions {
  now: Date;
  art19Recipients: readonly string[];
  controllerNames: ReadonlyMap<string, string>;
  /** The verbatim instruction of each forwarding (details, note, who, when). */
  forwardings: ReadonlyMap<string, { instructionDetails: string | null; note: string | null; decidedBy: string | null; decidedAt: Date | null }>;
  exportMaxMb: number;
  /** Whether the request accepts INSTRUCTION_DONE now (it is in forwarded.instructed). */
  completable: boolean;
  /** A refusal or validation message for one task (after a refused form). */
  error?: { taskId: string; text: string } | null;
}

/** The agent's panel: one entry per task with the forms its state allows. */
export function agentTasksPanel(tasks: readonly ProcessorTaskRow[], exports: readonly ExportMeta[], o: PanelOptions) {
  return tasks.map((t) => {
    const f = t.forwardingId ? o.forwardings.get(t.forwardingId) : undefined;
    const open = t.state === 'open';
    const xs = exportsOf(t, exports, o.now);
    const art19 = ART19_INSTRUCTIONS.includes(t.instruction);
    return {
      id: t.id,
      controllerId: t.controllerId,
      controller: o.controllerNames.get(t.controllerId) ?? 'onbekende verwerkingsverantwoordelijke',
      instruction: instructionLabel(t.instruction),
      isExport: t.instruction === 'export',
      state: taskStateLabel(t),
      stateCode: t.state,
      details: f?.instructionDetails ?? null,
      note: f?.note ?? null,
      decidedBy: f?.decidedBy ?? null,
      decidedAt: f?.decidedAt ? dutchDateTime(f.decidedAt) : null,
      concern: concernOf(t),
      outcome: t.outcome,
      doneAt: t.doneAt ? dutchDateTime(t.doneAt) : null,
      doneBy: t.doneBy,
      recipients: recipientsOf(t),
      exports: xs,
      hasLiveExport: xs.some((x) => !x.expired),
      art19,
      art19Options: art19 ? o.art19Recipients.map((name) => ({ name })) : [],
      canRaiseConcern: open && o.completable,
      canResolve: t.state === 'concern' && o.completable,
      canUpload: t.instruction === 'export' && (open || t.state === 'concern') && o.completable,
      canComplete: open && o.completable,
      exportMaxMb: o.exportMaxMb,
      error: o.error?.taskId === t.id ? o.error.text : null,
    };
  });
}
