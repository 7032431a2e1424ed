/** OpenAPI of /api/v1/webhooks (decorators used by WebhooksController). */
import { createWebhookSchema, listDeliveriesQuerySchema } from './webhook.schemas.js';
import { ApiOp } from '../http/openapi/docs.js';
import { DELIVERY_EXAMPLE, listOf, ref, WEBHOOK_EXAMPLE } from '../http/openapi/resources.js';

const tag = 'webhooks';
const scopes = ['webhooks:manage' as const];
const id = { id: 'The webhook endpoint id (uuid)' };
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2hUQ6AKJFTE=';

export const WebhookDocs = {
  create: ApiOp(
    {
      tag,
      summary: 'Register a webhook endpoint',
      description:
        'Events of requests this API client filed are POSTed to the URL, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`). The answer holds the signing `secret`, shown only now. `https` only; private, loopback and link-local addresses are refused unless allowed in the configuration. `"*"` (every type, also later ones) stands alone. The same URL with the same event set is registered once: a second registration is a 409 `duplicate-webhook` naming the first (`webhookId`).',
      scopes,
      body: { schema: createWebhookSchema, example: { url: 'https://helpdesk.example.com/hooks/verzoekrouter', events: ['request.routed', 'request.closed'], description: 'Zendesk' } },
      responses: [{ status: 201, description: 'Registered; `secret` is shown once', schema: ref('WebhookEndpoint'), example: { ...WEBHOOK_EXAMPLE, secret }, headers: { Location: 'The endpoint' } }],
    },
    'POST',
  ),
  list: ApiOp({
    tag,
    summary: 'This client\'s webhook endpoints',
    scopes,
    responses: [{ status: 200, description: 'The endpoints (without secrets)', schema: listOf('WebhookEndpoint', false), example: { items: [WEBHOOK_EXAMPLE] } }],
  }),
  get: ApiOp({
    tag,
    summary: 'One webhook endpoint',
    scopes,
    params: id,
    problems: [404],
    responses: [{ status: 200, description: 'The endpoint (without its secret)', schema: ref('WebhookEndpoint'), example: WEBHOOK_EXAMPLE }],
  }),
  remove: ApiOp(
    {
      tag,
      summary: 'Delete a webhook endpoint',
      description: 'Its pending deliveries are given up.',
      scopes,
      params: id,
      problems: [404],
      responses: [{ status: 204, description: 'Deleted' }],
    },
    'DELETE',
  ),
  rotateSecret: ApiOp(
    {
      tag,
      summary: 'Rotate the signing secret',
      description: 'The new secret is shown once and signs every delivery from now on.',
      scopes,
      params: id,
      problems: [404],
      responses: [{ status: 200, description: 'The endpoint with its new `secret`', schema: ref('WebhookEndpoint'), example: { ...WEBHOOK_EXAMPLE, secret } }],
    },
    'POST',
  ),
  enable: ApiOp(
    {
      tag,
      summary: 'Enable an endpoint again',
      description: 'An endpoint that failed for 24 hours is disabled; this turns it on again.',
      scopes,
      params: id,
      problems: [404],
      responses: [{ status: 200, description: 'The endpoint', schema: ref('WebhookEndpoint'), example: WEBHOOK_EXAMPLE }],
    },
    'POST',
  ),
  test: ApiOp(
    {
      tag,
      summary: 'Send a test event',
      description: 'Queues a `webhook.test` event for this endpoint; follow it in the delivery log.',
      scopes,
      params: id,
      problems: [404],
      responses: [{ status: 202, description: 'Queued', schema: ref('WebhookDelivery'), example: { ...DELIVERY_EXAMPLE, eventType: 'webhook.test', requestId: null, status: 'pending', attempts: 0, deliveredAt: null, responseCode: null } }],
    },
    'POST',
  ),
  deliveries: ApiOp({
    tag,
    summary: 'Recent deliveries of an endpoint',
    description: 'Newest first: attempts, next attempt, last response code and error. A page of `limit`; `nextCursor` (as `cursor`) gives the next page, null on the last.',
    scopes,
    params: id,
    query: listDeliveriesQuerySchema,
    problems: [404],
    responses: [{ status: 200, description: 'The delivery log', schema: listOf('WebhookDelivery'), example: { items: [DELIVERY_EXAMPLE], nextCursor: null } }],
  }),
  replay: ApiOp(
    {
      tag,
      summary: 'Send a delivery\'s event again',
      description: 'With the same webhook-id, so the receiver can tell it has seen it.',
      scopes,
      params: { ...id, deliveryId: 'The delivery id (uuid)' },
      problems: [404],
      responses: [{ status: 202, description: 'Queued', schema: ref('WebhookDelivery'), example: { ...DELIVERY_EXAMPLE, status: 'pending', attempts: 0, deliveredAt: null } }],
    },
    'POST',
  ),
};
