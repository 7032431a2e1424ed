/** What a client sends to manage its webhook endpoints. */
import { z } from 'zod';
import { queryInteger } from '../common/validation.js';
import { WEBHOOK_EVENTS } from './webhook-events.js';

/** Event types an endpoint can subscribe to; `*` is every type, also ones added later. */
export const SUBSCRIBABLE_EVENTS = [...WEBHOOK_EVENTS, '*'] as const;
/** Sent by `POST /api/v1/webhooks/{id}/test`; always delivered to that endpoint. */
export const TEST_EVENT = 'webhook.test';

export const createWebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'An http(s) URL.' }).max(2000),
  events: z
    .array(z.enum(SUBSCRIBABLE_EVENTS))
    .min(1, 'Name at least one event type, or "*".')
    .max(50)
    .refine((items) => new Set(items).size === items.length, 'Each event type only once.')
    .refine((items) => !items.includes('*') || items.length === 1, '"*" (every type) stands alone: not together with named types.'),
  description: z.string().min(1).max(200).optional(),
});
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: queryInteger(1, 200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListDeliveriesQuery = z.output<typeof listDeliveriesQuerySchema>;

/** Path parameters that are ids: anything else is a 404 without a database round trip. */
