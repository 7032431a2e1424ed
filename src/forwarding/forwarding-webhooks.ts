import { webhookInsert } from '../webhooks/webhook-events.js';

/**
 * Webhook events of forwarding steps: the helpdesk that filed a request hears when it was
 * forwarded and what the controller did, written in the same statement as the step (like the
 * request's own events in effects-sql.ts).
 */
export const FORWARDING_WEBHOOKS: Readonly<Record<string, string>> = {
  FORWARDING_SENT: 'request.forwarded',
  FORWARDING_ACKNOWLEDGED: 'forwarding.acknowledged',
  FORWARDING_DECIDED: 'forwarding.decided',
  CONTROLLER_REMINDER_SENT: 'forwarding.reminded',
  FORWARDING_ESCALATED: 'forwarding.escalated',
};

/**
 * A CTE named `w` inserting the webhook events of these audit types for the forwarding updated
 * in CTE `u` (which returns id and request_id); undefined when none of them has an event.
 * Only requests an API client filed have someone to tell; ids, reference and state only.
 */
export function forwardingWebhookCte(auditTypes: readonly string[], param: (value: unknown) => string): string | undefined {
  const events = auditTypes.map((t) => FORWARDING_WEBHOOKS[t]).filter((e): e is string => Boolean(e));
  if (!events.length) return undefined;
  return `w AS (${webhookInsert(`SELECT q.api_client, q.id, e.t,
             jsonb_build_object('requestId', q.id, 'reference', q.reference, 'state', q.state, 'respondBy', q.respond_by,
             'dueDate', CASE WHEN q.extended THEN q.extended_respond_by ELSE q.respond_by END, 'forwardingId', u.id)
        FROM u JOIN requests q ON q.id = u.request_id, unnest(${param(events)}::text[]) WITH ORDINALITY AS e(t, n)
       WHERE q.api_client IS NOT NULL
       ORDER BY e.n`)})`;
}
