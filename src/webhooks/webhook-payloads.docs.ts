/**
 * The webhook payload of each event type, for the document's `webhooks` section: what
 * effects-sql.ts, forwarding-webhooks.ts and webhook-events.ts write into `webhook_events.data`,
 * and what webhookPayload (webhook.worker.ts) wraps around it. A test compares them with real
 * deliveries through the contract check.
 */
import type { JsonSchema } from '../http/openapi/docs.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events.js';
import { TEST_EVENT } from './webhook.schemas.js';

const uuid = { type: 'string', format: 'uuid' };
const date = { type: 'string', format: 'date' };

/** Every request event: ids, reference, state and dates, never personal data. */
const REQUEST_DATA: Record<string, JsonSchema> = {
  requestId: uuid,
  reference: { type: 'string', pattern: '^AVG-\\d{4}-\\d{6,}$' },
  state: { type: 'string', description: 'The request state after the event' },
  respondBy: { ...date, description: 'The one-month date (respondBy of the request resource), not moved by an extension' },
  dueDate: { ...date, description: 'The legal date in force: after an extension the extended date (deadlines.dueDate)' },
};
const REQUIRED = Object.keys(REQUEST_DATA);

const EXTRA: Partial<Record<WebhookEvent, { properties: Record<string, JsonSchema>; description: string }>> = {
  'request.forwarded': { properties: { forwardingId: uuid }, description: 'The request was forwarded to a controller (one event per forwarding)' },
  'forwarding.acknowledged': { properties: { forwardingId: uuid }, description: 'The controller acknowledged the forwarding' },
  'forwarding.decided': { properties: { forwardingId: uuid }, description: 'The controller decided (fetch the request for the decision)' },
  'forwarding.reminded': { properties: { forwardingId: uuid }, description: 'The controller was reminded' },
  'forwarding.escalated': { properties: { forwardingId: uuid }, description: 'The forwarding was escalated to an agent' },
  'message.failed': { properties: { template: { type: 'string', description: 'The letter that could not be delivered' } }, description: 'A mail about the request could not be delivered; an agent acts' },
  'request.deadline_near': {
    properties: {
      deadline: {
        type: 'string',
        enum: ['respondBy', 'forwardBy'],
        description: 'Which date is near: `forwardBy` (forwarding to the controllers, while in triage) or `respondBy` (the answer date in force, after an extension the extended one)',
      },
      deadlineDate: { ...date, description: 'The date that is near' },
    },
    description:
      'A date of the request is near: at most DEADLINE_NEAR_WORKING_DAYS working days (default 2) are left. Once per date: a date moved by an extension or a pause may bring a new one for the new date; a date that near already when the request came in brings none',
  },
  'request.assigned': { properties: { assigned: { type: 'boolean', description: 'false: the request was unassigned' } }, description: 'An agent took (or released) the request' },
};

const DESCRIPTIONS: Partial<Record<WebhookEvent, string>> = {
  'request.created': 'The request was filed',
  'request.routed': 'The request was routed (to controllers, in house, or not ours)',
  'request.verified': "The requester's identity was established",
  'request.info_requested': 'Information was asked of the requester; the clock pauses',
  'request.extended': 'The term was extended (art 12(3)); `dueDate` is the extended date now in force',
  'request.overdue': 'The request is past its date',
  'request.closed': 'The request was closed',
  'request.reopened': 'A request closed on the word of a controller it went to in error was opened again in triage',
  'forwarding.sent_in_error': 'A forwarding was marked as sent to the wrong controller: link revoked, incident recorded',
};

function payload(type: string, data: JsonSchema, description: string): JsonSchema {
  return {
    type: 'object',
    description,
    required: ['id', 'type', 'createdAt', 'sequence', 'data'],
    properties: {
      id: { ...uuid, description: 'Event id, also the webhook-id header; the same on every retry and replay' },
      type: { type: 'string', const: type },
      createdAt: { type: 'string', format: 'date-time' },
      sequence: {
        type: 'integer',
        minimum: 1,
        description:
          "This endpoint's count of the events delivered to it: 1, 2, 3, … without gaps (a gap means a delivery is still pending or was given up). Retries and replays keep it. Per request, deliveries arrive in this order",
      },
      data,
    },
  };
}

/** One payload schema per event type (and webhook.test), keyed by type. */
export function webhookPayloadSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const type of WEBHOOK_EVENTS) {
    const extra = EXTRA[type];
    schemas[type] = payload(
      type,
      {
        type: 'object',
        description: 'Ids, reference, state and dates only, never personal data: fetch details with GET /api/v1/requests/{id}',
        required: [...REQUIRED, ...Object.keys(extra?.properties ?? {})],
        properties: { ...REQUEST_DATA, ...extra?.properties },
      },
      extra?.description ?? DESCRIPTIONS[type] ?? type,
    );
  }
  schemas[TEST_EVENT] = payload(
    TEST_EVENT,
    {
      type: 'object',
      description: 'The shape of a request event, without a request (null), and the endpoint it tests',
      required: ['webhookId', ...REQUIRED.filter((f) => f !== 'dueDate')],
      properties: {
        webhookId: uuid,
        ...Object.fromEntries(Object.keys(REQUEST_DATA).filter((f) => f !== 'dueDate').map((f) => [f, { type: 'null' }])),
      },
    },
    'Sent by POST /api/v1/webhooks/{id}/test to that endpoint only',
  );
  return schemas;
}
