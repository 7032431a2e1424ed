/**
 * Webhook signatures per the Standard Webhooks specification (standardwebhooks.com), with its
 * reference implementation (`standardwebhooks`): secret `whsec_<base64>`; headers `webhook-id`,
 * `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `<id>.<timestamp>.<body>`. Receivers verify with the same library (or any implementation).
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** `v1,<base64 signature>` of a message. */
export function signWebhook(secret: string, id: string, at: Date, body: string): string {
  return new Webhook(secret).sign(id, at, body);
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The headers of one delivery. Signed with every current secret (the new one and, for a day after
 * a rotation, the previous one): the specification's space-separated list, of which a receiver
 * needs to verify one.
 */
export function webhookHeaders(secrets: readonly string[], id: string, at: Date, body: string): WebhookHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => signWebhook(secret, id, at, body)).join(' '),
  };
}
