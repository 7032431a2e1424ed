/**
 * The rules of a processor task (pure): when a controller's instruction may be marked carried out,
 * when a concern may be raised or resolved, and the Dutch reasons an agent reads when it may not.
 * One place, used by the forwarding planner for every INSTRUCTION_DONE (API and agent UI alike).
 */
import type { Instruction } from '../requests/request.types.js';

export { TASK_LAPSE_CAUSES, TASK_STATES, type TaskState } from '../vocabulary/vocabulary.js';

/** Art 19: a rectification, erasure or restriction is passed on to every recipient. */
export const ART19_INSTRUCTIONS: readonly Instruction[] = ['rectify', 'erase', 'restrict'];

export const CONCERN_MIN_REASON = 20;

export type CompletionBlock =
  | 'no-task'
  | 'task-closed'
  | 'concern-open'
  | 'no-concern'
  | 'no-outcome'
  | 'recipients-unknown'
  | 'recipients-missing'
  | 'export-missing';

export interface CompletionInput {
  /** forwardingId null: the instruction did not come through a link (an agent recorded it), so no link offers an export. */
  task: { state: string; instruction: Instruction; forwardingId?: string | null } | undefined;
  /** The controller withdrew the instruction after a concern: nothing was done. */
  withdrawn: boolean;
  outcome: string | undefined;
  recipientsNotified: readonly string[];
  /** ART19_RECIPIENTS as configured now. */
  configured: readonly string[];
  /** An export uploaded for this task that has not expired. */
  hasExport: boolean;
}

export type CompletionCheck =
  | { ok: true; recipients: string[] }
  | { ok: false; block: CompletionBlock; missingRecipients?: string[]; unknownRecipients?: string[] };

const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * May this task be completed (or cancelled after a withdrawal) now? With `ok`, `recipients` are the
 * configured names (in their configured spelling) marked notified. Every configured art 19
 * recipient must be marked for rectify, erase and restrict; names that are not configured are
 * refused (a typo must not pass for a notification).
 */
export function checkCompletion(input: CompletionInput): CompletionCheck {
  const { task } = input;
  if (!task) return { ok: false, block: 'no-task' };
  if (input.withdrawn) {
    return task.state === 'concern' ? { ok: true, recipients: [] } : { ok: false, block: 'no-concern' };
  }
  if (task.state === 'concern') return { ok: false, block: 'concern-open' };
  if (task.state !== 'open') return { ok: false, block: 'task-closed' };
  if (!input.outcome || !input.outcome.trim()) return { ok: false, block: 'no-outcome' };
  const configured = new Map(input.configured.map((n) => [key(n), n]));
  const unknown = input.recipientsNotified.filter((n) => !configured.has(key(n)));
  if (unknown.length) return { ok: false, block: 'recipients-unknown', unknownRecipients: [...unknown] };
  const marked = new Set(input.recipientsNotified.map(key));
  if (ART19_INSTRUCTIONS.includes(task.instruction)) {
    const missing = input.configured.filter((n) => !marked.has(key(n)));
    if (missing.length) return { ok: false, block: 'recipients-missing', missingRecipients: missing };
  }
  // The export is offered behind the controller's link; without a link it goes another way (the outcome says how).
  if (task.instruction === 'export' && task.forwardingId !== null && !input.hasExport) return { ok: false, block: 'export-missing' };
  return { ok: true, recipients: input.configured.filter((n) => marked.has(key(n))) };
}

/** English detail for the API's problem (names of recipients are organisations, not personal data). */
export function completionProblemDetail(check: Extract<CompletionCheck, { ok: false }>): string {
  switch (check.block) {
    case 'no-task':
      return 'There is no processor task for this controller.';
    case 'task-closed':
      return 'The processor task is already done or cancelled.';
    case 'concern-open':
      return 'A concern about this instruction is open: resolve it (the controller confirmed or withdrew the instruction) before completing the task.';
    case 'no-concern':
      return 'An instruction can only be withdrawn while a concern about it is open.';
    case 'no-outcome':
      return 'Describe what was done (outcome).';
    case 'recipients-unknown':
      return `Not configured as art 19 recipients: ${check.unknownRecipients!.join(', ')}.`;
    case 'recipients-missing':
      return `Art 19: every recipient must be notified before the task is completed. Not yet notified: ${check.missingRecipients!.join(', ')}.`;
    case 'export-missing':
      return 'Upload the export for the controller before completing an export instruction.';
  }
}

/** The same refusal in Dutch, for the agent workspace. */
export function completionRefusalText(block: string, names: readonly string[] = []): string {
  const list = names.join(', ').replace(/\.$/, '');
  switch (block) {
    case 'no-task':
      return 'Er staat geen verwerkersopdracht van deze verwerkingsverantwoordelijke open.';
    case 'task-closed':
      return 'Deze verwerkersopdracht is al afgerond of ingetrokken.';
    case 'concern-open':
      return 'Er staat een bezwaar tegen deze instructie open. Leg eerst het antwoord van de verwerkingsverantwoordelijke vast (bevestigd of ingetrokken).';
    case 'no-concern':
      return 'Een instructie kan alleen worden ingetrokken terwijl er een bezwaar openstaat.';
    case 'no-outcome':
      return 'Beschrijf wat er is gedaan.';
    case 'recipients-unknown':
      return `Deze ontvangers staan niet in de lijst van ontvangers (art. 19 AVG): ${list}.`;
    case 'recipients-missing':
      return `Nog niet alle ontvangers zijn geïnformeerd (art. 19 AVG). Informeer eerst: ${list}.`;
    case 'export-missing':
      return 'Upload eerst de export voor de verwerkingsverantwoordelijke; zonder export kan deze opdracht niet worden afgerond.';
    default:
      return 'Deze verwerkersopdracht kan nu niet worden afgerond.';
  }
}

export type ConcernResolution = 'confirmed' | 'withdrawn';

/** A concern needs a reason the controller can act on. Returns a Dutch error, or null when valid. */
export function concernReasonError(reason: string): string | null {
  const r = reason.trim();
  if (r.length < CONCERN_MIN_REASON) return `Leg uit waarom de instructie mogelijk in strijd is met de AVG of een andere wet (minstens ${CONCERN_MIN_REASON} tekens).`;
  if (r.length > 4000) return 'De uitleg mag hoogstens 4000 tekens zijn.';
  return null;
}

/** The controller's answer to a concern. Returns a Dutch error, or null when valid. */
export function resolutionError(resolution: string, note: string): string | null {
  if (resolution !== 'confirmed' && resolution !== 'withdrawn') return 'Kies het antwoord van de verwerkingsverantwoordelijke: bevestigd of ingetrokken.';
  if (!note.trim()) return 'Noteer wat de verwerkingsverantwoordelijke heeft geantwoord.';
  if (note.trim().length > 4000) return 'De notitie mag hoogstens 4000 tekens zijn.';
  return null;
}

/** Exports one task may hold (the controller's link lists them; more files belong in one ZIP). */
export const MAX_EXPORTS_PER_TASK = 5;

/** Format characters (Unicode Cf: bidi overrides and isolates, zero-width characters, BOM): a name shows other than it is. */
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** A file name safe to store and to send back in Content-Disposition: no path, no control or format characters. */
export function safeFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f"]/g, '').replace(FORMAT_CHARACTERS, '').trim().slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : 'export';
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(name: string): string {
  const filename = name.replace(FORMAT_CHARACTERS, '');
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A plausible MIME type as given by the browser, else application/octet-stream. */
export function safeContentType(type: string | undefined): string {
  const t = (type ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/.test(t) ? t : 'application/octet-stream';
}

/** "1,2 MB", "830 kB", "12 bytes" (Dutch decimal comma). */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} bytes`;
}
