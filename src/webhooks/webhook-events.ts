/**
 * A webhook event about a request, for the API client that filed it (requests from other
 * channels have nobody to tell), in the caller's transaction. Steps that write a request through
 * the WorkflowRunner get theirs in the transition's statement (src/requests/effects-sql.ts);
 * this is for the steps outside it (a mail given up, an agent taking a request).
 * Ids, reference, state and dates only: never personal data.
 */
/** Every webhook event type a client may subscribe to: the request machine's notifyWebhook actions, the forwarding module's, and the steps below. */
export const WEBHOOK_EVENTS = [
  'request.created',
  'request.routed',
  'request.verified',
  'request.info_requested',
  'request.extended',
  'request.deadline_near',
  'request.overdue',
  'request.closed',
  // A request closed on the word of a controller it went to in error, opened again in triage.
  'request.reopened',
  // Sent by the forwarding module (src/forwarding/forwarding-webhooks.ts), not by this machine.
  'request.forwarded',
  'forwarding.acknowledged',
  'forwarding.decided',
  'forwarding.reminded',
  'forwarding.escalated',
  // A forwarding marked as sent to the wrong controller (FORWARDING_MISDIRECTED): link revoked, incident recorded.
  'forwarding.sent_in_error',
  // Sent outside the workflow (src/webhooks/webhook-events.ts): a letter given up, an agent assigned.
  'message.failed',
  'request.assigned',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

/**
 * The one INSERT into webhook_events (this module owns the table) over the caller's SELECT of
 * (api_client, request_id, type, data): for a CTE of another module's statement. A trigger of this
 * module (migration 1790000023100) fans each row out to the matching endpoints in the same
 * transaction, numbering it per endpoint (`sequence`).
 */
export function webhookInsert(rows: string): string {
  return `INSERT INTO webhook_events (api_client, request_id, type, data)
      ${rows}`;
}

export async function appendRequestWebhook(tx: Queryable, requestId: string, type: string, extra: Record<string, string | boolean> = {}): Promise<void> {
  await tx.query(
    webhookInsert(`SELECT q.api_client, q.id, $2,
            jsonb_build_object('requestId', q.id, 'reference', q.reference, 'state', q.state, 'respondBy', q.respond_by,
             'dueDate', CASE WHEN q.extended THEN q.extended_respond_by ELSE q.respond_by END) || $3::jsonb
       FROM requests q
      WHERE q.id = $1 AND q.api_client IS NOT NULL`),
    [requestId, type, JSON.stringify(extra)],
  );
}
