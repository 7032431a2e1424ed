/** Audit events: who did what to which request, when. `data` holds codes and references only. */
export interface AuditEventInput {
  requestId: string | null;
  actor: string;
  type: string;
  data?: Record<string, unknown>;
  at?: Date;
}

export interface AuditEvent {
  id: string;
  requestId: string | null;
  at: Date;
  actor: string;
  type: string;
  data: Record<string, unknown>;
}

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

/**
 * The one INSERT into audit_events (this module owns the table): `rows` is the caller's SELECT
 * (or VALUES) of (request_id, at, actor, type, data), so a step writes its audit event in its own
 * statement, usually as a CTE: `a AS (${auditInsert(`SELECT …`)})`.
 */
export function auditInsert(rows: string): string {
  return `INSERT INTO audit_events (request_id, at, actor, type, data)
      ${rows}`;
}

/** Inserts audit events in the caller's transaction (one statement for all of them). */
export async function appendAuditEvents(db: Queryable, events: AuditEventInput[]): Promise<void> {
  if (!events.length) return;
  const values: unknown[] = [];
  const rows = events.map((e, i) => {
    values.push(e.requestId, e.at ?? new Date(), e.actor, e.type, JSON.stringify(e.data ?? {}));
    const o = i * 5;
    return `($${o + 1}::uuid, $${o + 2}::timestamptz, $${o + 3}, $${o + 4}, $${o + 5}::jsonb)`;
  });
  await db.query(auditInsert(`VALUES ${rows.join(', ')}`), values);
}

export async function auditEventsOf(db: Queryable, requestId: string): Promise<AuditEvent[]> {
  const rows = (await db.query(
    `SELECT id::text, request_id AS "requestId", at, actor, type, data FROM audit_events WHERE request_id = $1 ORDER BY id`,
    [requestId],
  )) as AuditEvent[];
  return rows;
}
