/**
 * Writes of the messages table (the outbox; this module owns it) for other modules' statements:
 * a step queues its mail, withholds it or scrubs it in its own statement by composing these.
 * Pure SQL text: the caller passes the parameters.
 */

/** `INSERT INTO messages (columns)` over the caller's SELECT (or VALUES): a mail queued in the caller's statement. */
export function messageInsert(columns: string, rows: string): string {
  return `INSERT INTO messages (${columns})
             ${rows}`;
}

/**
 * The mails of the forwardings in the jsonb array `data` (elements with `forwardingId`) of request
 * CTE `r` that have not left yet (queued, or waiting for a retry) never will: withheld, the clear
 * link and any rendered body dropped. One being handed to the transport right now goes.
 */
export function withholdForwardingMail(data: string): string {
  return `UPDATE messages m SET status = 'withheld', locked_until = NULL, last_error = 'forwarding sent in error',
             subject = NULL, html = NULL, text = NULL,
             data = CASE WHEN m.data ? 'link' THEN m.data || '{"link": "[verwijderd]"}'::jsonb ELSE m.data END
        FROM r, jsonb_array_elements(${data}::jsonb) AS e(v)
       WHERE m.forwarding_id = (e.v->>'forwardingId')::uuid AND m.request_id = r.id AND m.status = 'queued'`;
}

/** $1 message id, $2 link, $3 subject, $4 html, $5 text: a sent (or failed) mail's clear link replaced by its redacted form. */
export const SCRUB_SENT_LINK_SQL = `UPDATE messages SET data = data || jsonb_build_object('link', $2::text), subject = $3, html = $4, text = $5
        WHERE id = $1 AND status IN ('sent', 'failed')`;

/**
 * Retention: the personal data of the messages of the requests in CTE `batch` (returning id)
 * replaced by `purged` (only the reference stays in data); a mail not sent yet never will be.
 * A CTE body returning 1 per message.
 */
export function purgeMessages(batch: string, purged: string): string {
  return `UPDATE messages m SET
                recipient = '${purged}',
                data = CASE WHEN m.data ? 'reference' THEN jsonb_build_object('reference', m.data->'reference') ELSE '{}'::jsonb END,
                subject = NULL, html = NULL, text = NULL, last_error = NULL,
                status = CASE WHEN m.status IN ('queued', 'sending') THEN 'failed' ELSE m.status END
           FROM ${batch} b WHERE m.request_id = b.id
         RETURNING 1`;
}
