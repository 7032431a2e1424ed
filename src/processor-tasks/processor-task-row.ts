/** A processor task as stored, its exports' metadata, and how both appear in the request resource. */
import type { DataSource, EntityManager } from 'typeorm';
import type { ProcessorTaskResource } from '../requests/request-row.js';
import type { Instruction } from '../requests/request.types.js';
import type { TaskState } from './processor-task.rules.js';

export interface ProcessorTaskRow {
  id: string;
  requestId: string;
  forwardingId: string | null;
  controllerId: string;
  instruction: Instruction;
  state: TaskState;
  outcome: string | null;
  recipientsNotified: { name: string; notifiedAt: string }[];
  concernReason: string | null;
  concernRaisedAt: Date | null;
  concernRaisedBy: string | null;
  concernResolution: 'confirmed' | 'withdrawn' | null;
  concernNote: string | null;
  concernResolvedAt: Date | null;
  concernResolvedBy: string | null;
  createdAt: Date;
  doneAt: Date | null;
  doneBy: string | null;
}

export interface ExportMeta {
  id: string;
  taskId: string;
  requestId: string;
  forwardingId: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  createdAt: Date;
  expiresAt: Date;
  firstDownloadedAt: Date | null;
}

export const TASK_COLUMNS = `
  t.id, t.request_id AS "requestId", t.forwarding_id AS "forwardingId", t.controller_id AS "controllerId", t.instruction, t.state,
  t.outcome, t.recipients_notified AS "recipientsNotified", t.concern_reason AS "concernReason", t.concern_raised_at AS "concernRaisedAt",
  t.concern_raised_by AS "concernRaisedBy", t.concern_resolution AS "concernResolution", t.concern_note AS "concernNote",
  t.concern_resolved_at AS "concernResolvedAt", t.concern_resolved_by AS "concernResolvedBy", t.created_at AS "createdAt",
  t.done_at AS "doneAt", t.done_by AS "doneBy"`;

/** Metadata only: the content (bytea) is read by the download alone. */
export const EXPORT_COLUMNS = `
  x.id, x.task_id AS "taskId", x.request_id AS "requestId", x.forwarding_id AS "forwardingId", x.filename,
  x.content_type AS "contentType", x.size_bytes::float8 AS "sizeBytes", x.sha256, x.uploaded_by AS "uploadedBy",
  x.created_at AS "createdAt", x.expires_at AS "expiresAt", x.first_downloaded_at AS "firstDownloadedAt"`;

type Db = Pick<DataSource | EntityManager, 'query'>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTaskResource(row: ProcessorTaskRow, exports: readonly ExportMeta[]): ProcessorTaskResource {
  return {
    id: row.id,
    controllerId: row.controllerId,
    instruction: row.instruction,
    state: row.state,
    outcome: row.outcome,
    recipientsNotified: Array.isArray(row.recipientsNotified) ? row.recipientsNotified : [],
    concern: row.concernReason
      ? {
          reason: row.concernReason,
          raisedAt: iso(row.concernRaisedAt)!,
          resolution: row.concernResolution,
          note: row.concernNote,
          resolvedAt: iso(row.concernResolvedAt),
        }
      : null,
    exports: exports
      .filter((x) => x.taskId === row.id)
      .map((x) => ({
        id: x.id,
        filename: x.filename,
        sizeBytes: Number(x.sizeBytes),
        sha256: x.sha256.trim(),
        expiresAt: x.expiresAt.toISOString(),
        firstDownloadedAt: iso(x.firstDownloadedAt),
      })),
    createdAt: row.createdAt.toISOString(),
    doneAt: iso(row.doneAt),
  };
}

export async function taskRowsOf(db: Db, requestIds: readonly string[]): Promise<ProcessorTaskRow[]> {
  if (!requestIds.length) return [];
  return db.query(`SELECT ${TASK_COLUMNS} FROM processor_tasks t WHERE t.request_id = ANY($1::uuid[]) ORDER BY t.created_at, t.id`, [[...new Set(requestIds)]]);
}

export async function exportsOfRequests(db: Db, requestIds: readonly string[]): Promise<ExportMeta[]> {
  if (!requestIds.length) return [];
  return db.query(`SELECT ${EXPORT_COLUMNS} FROM processor_exports x WHERE x.request_id = ANY($1::uuid[]) ORDER BY x.created_at, x.id`, [[...new Set(requestIds)]]);
}

/** The processor tasks of these requests for their resources: two queries however many requests. */
export async function processorTasksOf(db: Db, requestIds: readonly string[]): Promise<Map<string, ProcessorTaskResource[]>> {
  const map = new Map<string, ProcessorTaskResource[]>();
  const rows = await taskRowsOf(db, requestIds);
  if (!rows.length) return map;
  const exports = await exportsOfRequests(db, [...new Set(rows.map((r) => r.requestId))]);
  for (const row of rows) {
    const list = map.get(row.requestId) ?? [];
    list.push(toTaskResource(row, exports));
    map.set(row.requestId, list);
  }
  return map;
}
