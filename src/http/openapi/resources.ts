/** Response schemas (components) and examples of the resources the API returns. */
import type { JsonSchema } from './docs.js';

const REQUEST_ID = '3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a91';
const CONTROLLER_ID = '9b2e4f6a-1c3d-4e5f-8a7b-2c4d6e8f0a1b';
const WEBHOOK_ID = '5a7c9e1b-3d5f-4a6b-8c0d-2e4f6a8b0c1d';

const string = { type: 'string' };
const nullableString = { type: ['string', 'null'] };
const date = { type: 'string', format: 'date' };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

export const REQUEST_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'A data-subject request. `version` is also the ETag, to send back as If-Match with an event.',
  required: ['id', 'reference', 'state', 'rights', 'deadlines', 'allowedEvents', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    reference: { type: 'string', pattern: '^AVG-\\d{4}-\\d{6,}$' },
    channel: string,
    externalRef: nullableString,
    receivedAt: dateTime,
    state: { type: 'string', description: 'Dotted state of the request machine, e.g. triage.open, inHouse.verifying, closed.completed' },
    scope: { type: ['string', 'null'], enum: ['controller', 'in-house', 'not-ours', null] },
    rights: { type: 'array', items: string },
    requester: { type: 'object', additionalProperties: true },
    message: nullableString,
    flags: { type: 'object', additionalProperties: { type: 'boolean' } },
    deadlines: { type: 'object', description: 'The legal clock: receivedDate, respondBy, forwardBy, daysLeft, urgency, explanations …', additionalProperties: true },
    allowedEvents: { type: 'array', items: string, description: 'Events this request accepts now (POST …/events)' },
    controllers: { type: 'array', items: { type: 'object', additionalProperties: true } },
    forwardings: {
      type: 'array',
      description:
        'One per controller: id, controllerId, controllerName, state (queued, sent, acknowledged, decided, done, bounced), decision, instruction, the dates, and flags: reminded, escalated, linkRevoked, overdue (past the controller\'s respondBy without a decision; overdueAt) and sentInError (marked as sent to the wrong controller; sentInErrorAt)',
      items: { type: 'object', additionalProperties: true },
    },
    processorTasks: {
      type: 'array',
      description: "The processor's work on controllers' instructions: one task per instructing controller. Completed with INSTRUCTION_DONE.",
      items: {
        type: 'object',
        required: ['id', 'controllerId', 'instruction', 'state', 'outcome', 'recipientsNotified', 'concern', 'doneAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          controllerId: { type: 'string', format: 'uuid' },
          instruction: { type: 'string', enum: ['erase', 'rectify', 'restrict', 'export', 'stop-processing'] },
          state: { type: 'string', enum: ['open', 'concern', 'done', 'cancelled'], description: 'concern: the processor asked the controller about a possibly unlawful instruction (art 28(3)); cancelled: the controller withdrew it' },
          outcome: { ...nullableString, description: 'What the processor did (free text)' },
          recipientsNotified: {
            type: 'array',
            description: 'Art 19 recipients (ART19_RECIPIENTS) marked notified, with the time',
            items: { type: 'object', properties: { name: string, notifiedAt: dateTime }, required: ['name', 'notifiedAt'] },
          },
          concern: {
            type: ['object', 'null'],
            properties: { reason: string, raisedAt: dateTime, resolution: { type: ['string', 'null'], enum: ['confirmed', 'withdrawn', null] }, note: nullableString, resolvedAt: nullableDateTime },
          },
          exports: { type: 'array', description: 'Exports offered to the controller (metadata only)', items: { type: 'object', additionalProperties: true } },
          createdAt: dateTime,
          doneAt: nullableDateTime,
        },
        additionalProperties: true,
      },
    },
    assigneeId: { type: ['string', 'null'], format: 'uuid' },
    closedAt: nullableDateTime,
    createdAt: dateTime,
    updatedAt: dateTime,
    version: { type: 'integer', minimum: 1 },
  },
  additionalProperties: true,
};

export const REQUEST_EXAMPLE = {
  id: REQUEST_ID,
  reference: 'AVG-2026-000123',
  channel: 'helpdesk',
  externalRef: 'ZD-48213',
  receivedAt: '2026-03-27T08:00:00.000Z',
  state: 'triage.open',
  scope: null,
  rights: ['access'],
  requester: { name: 'Jan Jansen', email: 'jan.jansen@example.nl', phone: null, customerRef: null, address: null, country: 'NL' },
  message: 'Ik wil graag weten welke gegevens u van mij verwerkt.',
  flags: { urgent: false, unmatched: true, awaitingRequester: false, deadlineNear: false, overdue: false, mailFailed: false, misdirected: false },
  deadlines: { receivedDate: '2026-03-27', nominalRespondBy: '2026-04-27', respondBy: '2026-04-28', forwardBy: '2026-03-30', daysLeft: 32, urgency: 'normal' },
  allowedEvents: ['CLASSIFY', 'ASSIGN_CONTROLLER', 'REQUEST_INFO', 'EXTEND', 'REFUSE', 'WITHDRAW', 'MARK_DUPLICATE', 'NOTE'],
  controllers: [],
  forwardings: [],
  processorTasks: [],
  assigneeId: null,
  closedAt: null,
  createdAt: '2026-03-27T08:00:01.000Z',
  updatedAt: '2026-03-27T08:00:01.000Z',
  version: 1,
};

export const TIMELINE_EXAMPLE = {
  items: [
    { id: '1', at: '2026-03-27T08:00:01.000Z', actor: 'api:zendesk', type: 'RECEIVED', description: 'Verzoek ontvangen via helpdesk.', data: { channel: 'helpdesk' } },
    {
      id: '2',
      at: '2026-03-30T10:12:00.000Z',
      actor: 'system:inbox',
      type: 'MAIL_RECEIVED',
      description: 'E-mail van de verzoeker ontvangen.',
      data: { mailId: '0b6f2c1e-6d0a-4c55-9a57-3f1f6c1d2e10', fromRequester: true, otherSender: false, attachments: 0 },
    },
  ],
};

export const CONTROLLER_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'A data controller (verwerkingsverantwoordelijke): a customer of the processor.',
  required: ['id', 'name', 'country', 'active', 'isSelf'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: string,
    country: { type: 'string', enum: ['NL', 'BE'] },
    privacyContact: { type: 'object', additionalProperties: true },
    tone: { type: 'string', enum: ['u', 'je'] },
    forwardingSlaWorkingDays: { type: 'integer' },
    mayInformRequester: { type: 'boolean' },
    agreement: { type: ['object', 'null'], additionalProperties: true },
    responsePromiseDays: { type: ['integer', 'null'] },
    active: { type: 'boolean' },
    isSelf: { type: 'boolean' },
    identifierCounts: { type: 'object', additionalProperties: { type: 'integer' } },
    identifierTotal: { type: 'integer' },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  additionalProperties: true,
};

export const CONTROLLER_EXAMPLE = {
  id: CONTROLLER_ID,
  name: 'Bakkerij De Korenschoof B.V.',
  country: 'NL',
  privacyContact: { name: 'Anna de Vries', email: 'privacy@korenschoof.example', phone: null },
  tone: 'u',
  forwardingSlaWorkingDays: 1,
  mayInformRequester: true,
  agreement: { title: 'Verwerkersovereenkomst', version: '2.1', date: '2025-01-15' },
  responsePromiseDays: null,
  active: true,
  isSelf: false,
  identifierCounts: { email: 1200, phone: 300, iban: 0, 'customer-ref': 1200, kvk: 0, vat: 0 },
  identifierTotal: 2700,
  createdAt: '2026-01-10T09:00:00.000Z',
  updatedAt: '2026-01-10T09:00:00.000Z',
};

export const WEBHOOK_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'url', 'events', 'active', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string', format: 'uri' },
    events: { type: 'array', items: string },
    description: nullableString,
    active: { type: 'boolean', description: 'false once the endpoint failed for 24 hours (see disabledReason); POST …/enable turns it on again' },
    failingSince: nullableDateTime,
    disabledAt: nullableDateTime,
    disabledReason: nullableString,
    createdAt: dateTime,
    secret: { type: 'string', pattern: '^whsec_', description: 'The signing secret: only in the answer to creation and rotation' },
  },
  additionalProperties: false,
};

export const WEBHOOK_EXAMPLE = {
  id: WEBHOOK_ID,
  url: 'https://helpdesk.example.com/hooks/verzoekrouter',
  events: ['request.routed', 'request.closed'],
  description: 'Zendesk',
  active: true,
  failingSince: null,
  disabledAt: null,
  disabledReason: null,
  createdAt: '2026-03-27T08:00:00.000Z',
};

export const DELIVERY_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'eventId', 'eventType', 'status', 'attempts', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    eventId: { type: 'string', format: 'uuid', description: 'Also the webhook-id header' },
    eventType: string,
    requestId: { type: ['string', 'null'], format: 'uuid' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: nullableDateTime,
    lastAttemptAt: nullableDateTime,
    responseCode: { type: ['integer', 'null'] },
    lastError: nullableString,
    deliveredAt: nullableDateTime,
    createdAt: dateTime,
  },
  additionalProperties: false,
};

export const DELIVERY_EXAMPLE = {
  id: '7d9f1b3c-5e7a-4b9c-8d0e-1f2a3b4c5d6e',
  eventId: '2b4d6f8a-0c2e-4f6a-9b8c-7d6e5f4a3b2c',
  eventType: 'request.routed',
  requestId: REQUEST_ID,
  status: 'delivered',
  attempts: 2,
  nextAttemptAt: null,
  lastAttemptAt: '2026-03-27T08:00:07.000Z',
  responseCode: 200,
  lastError: null,
  deliveredAt: '2026-03-27T08:00:07.000Z',
  createdAt: '2026-03-27T08:00:01.000Z',
};

/** The JSON body of a webhook (documented under the spec's `webhooks`). */
export const WEBHOOK_PAYLOAD_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'type', 'createdAt', 'data'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Event id, also the webhook-id header; the same on every retry and replay' },
    type: string,
    createdAt: dateTime,
    data: {
      type: 'object',
      description: 'Ids, reference, state and dates only, never personal data: fetch details with GET /api/v1/requests/{id}',
      properties: { requestId: { type: 'string', format: 'uuid' }, reference: string, state: string, respondBy: date, webhookId: { type: 'string', format: 'uuid' } },
    },
  },
};

export const WEBHOOK_PAYLOAD_EXAMPLE = {
  id: '2b4d6f8a-0c2e-4f6a-9b8c-7d6e5f4a3b2c',
  type: 'request.extended',
  createdAt: '2026-04-10T12:00:00.000Z',
  data: { requestId: REQUEST_ID, reference: 'AVG-2026-000123', state: 'inHouse.processing', respondBy: '2026-06-29' },
};

export const IDS = { REQUEST_ID, CONTROLLER_ID, WEBHOOK_ID };

export const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  Request: REQUEST_SCHEMA,
  DataController: CONTROLLER_SCHEMA,
  WebhookEndpoint: WEBHOOK_SCHEMA,
  WebhookDelivery: DELIVERY_SCHEMA,
  WebhookPayload: WEBHOOK_PAYLOAD_SCHEMA,
};

export const ref = (name: keyof typeof COMPONENT_SCHEMAS & string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const listOf = (name: keyof typeof COMPONENT_SCHEMAS & string, cursor = true): JsonSchema => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: ref(name) }, ...(cursor ? { nextCursor: { type: ['string', 'null'] } } : {}) },
});
