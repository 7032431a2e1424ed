/** Response schemas (components) and examples of the resources the API returns. */
import { computeDeadlines, daysLeft, urgencyOf } from '../../deadlines/deadlines.js';
import type { JsonSchema } from './docs.js';

const REQUEST_ID = '3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a91';
const CONTROLLER_ID = '9b2e4f6a-1c3d-4e5f-8a7b-2c4d6e8f0a1b';
const WEBHOOK_ID = '5a7c9e1b-3d5f-4a6b-8c0d-2e4f6a8b0c1d';

const string = { type: 'string' };
const nullableString = { type: ['string', 'null'] };
const date = { type: 'string', format: 'date' };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

const dateExplanation = {
  type: 'object',
  required: ['date', 'shifts', 'text'],
  properties: {
    date,
    shifts: {
      type: 'array',
      description: 'Empty when the date did not move',
      items: { type: 'object', required: ['from', 'to', 'reasons'], properties: { from: date, to: date, reasons: { type: 'array', items: string, description: 'Why, per skipped day (Dutch)' } } },
    },
    text: { type: 'string', description: 'One or two Dutch sentences' },
  },
};

/** The legal clock of a request (the processor's). */
export const DEADLINES_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'The legal clock. `dueDate` is the date in force (extendedRespondBy after an extension); `effectiveRespondBy` the earlier of it and a promise; `daysLeft` and `urgency` count to effectiveRespondBy and are absent once the request is closed.',
  required: ['receivedDate', 'nominalRespondBy', 'unpausedRespondBy', 'respondBy', 'extendedRespondBy', 'forwardBy', 'effectiveRespondBy', 'dueDate', 'pausedDays', 'paused', 'extended', 'explanations'],
  properties: {
    receivedDate: { ...date, description: 'The receipt day (not counted)' },
    nominalRespondBy: { ...date, description: 'Receipt day + 1 month, before pause and roll' },
    unpausedRespondBy: { ...date, description: 'The term without the pause, moved to a working day' },
    respondBy: { ...date, description: 'Nominal + paused days, moved to a working day' },
    extendedRespondBy: { ...date, description: 'Nominal + 2 months + paused days (art 12(3) extension), moved to a working day' },
    forwardBy: { ...date, description: 'Receipt day + the forwarding SLA in working days' },
    promiseRespondBy: { ...date, description: 'Receipt day + promised days (only when a promise applies)' },
    effectiveRespondBy: date,
    dueDate: { ...date, description: 'The legal date in force: extendedRespondBy after an extension, else respondBy' },
    pausedDays: { type: 'integer', minimum: 0 },
    paused: { type: 'boolean', description: 'The clock is paused now (waiting for the requester)' },
    extended: { type: 'boolean' },
    daysLeft: {
      type: 'object',
      required: ['calendarDays', 'workingDays'],
      properties: {
        calendarDays: { type: 'integer', description: '0 on the due day, negative when overdue' },
        workingDays: { type: 'integer', description: 'Working days in (today, due]; negative when overdue' },
      },
    },
    urgency: { type: 'string', enum: ['ok', 'soon', 'urgent', 'overdue'], description: 'soon: at most 7 calendar days left; urgent: at most 2 working days' },
    explanations: {
      type: 'object',
      required: ['respondBy', 'unpausedRespondBy', 'extendedRespondBy', 'forwardBy'],
      properties: { respondBy: dateExplanation, unpausedRespondBy: dateExplanation, extendedRespondBy: dateExplanation, forwardBy: dateExplanation, promiseRespondBy: dateExplanation },
    },
  },
};

const DEADLINE_FIELDS = ['receivedDate', 'nominalRespondBy', 'unpausedRespondBy', 'respondBy', 'extendedRespondBy', 'forwardBy', 'promiseRespondBy', 'effectiveRespondBy', 'pausedDays', 'explanations'];

/** GET /api/v1/deadlines/preview: the calendar's dates for a receipt (no request, so no dueDate or daysLeft). */
export const DEADLINE_PREVIEW_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['country', 'slaWorkingDays', ...(DEADLINES_SCHEMA.required as string[]).filter((f) => DEADLINE_FIELDS.includes(f))],
  properties: {
    country: { type: 'string', enum: ['NL', 'BE'] },
    slaWorkingDays: { type: 'integer', minimum: 0 },
    ...Object.fromEntries(Object.entries(DEADLINES_SCHEMA.properties as Record<string, unknown>).filter(([f]) => DEADLINE_FIELDS.includes(f))),
  },
};

export const DEADLINE_PREVIEW_EXAMPLE = {
  country: 'NL',
  slaWorkingDays: 1,
  ...computeDeadlines({ receivedAt: new Date('2026-03-27T08:00:00.000Z'), country: 'NL', pausedDays: 0, slaWorkingDays: 1, extraNonWorkingDays: [] }),
};

/** A forwarding of a request to one controller. */
export const FORWARDING_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'controllerId', 'controllerName', 'state', 'decision', 'instruction'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    controllerId: { type: 'string', format: 'uuid' },
    controllerName: string,
    state: { type: 'string', description: 'queued, sent, acknowledged, decided, done, bounced …' },
    decision: nullableString,
    instruction: nullableString,
    instructionDetails: nullableString,
    note: nullableString,
    flags: {
      type: 'object',
      required: ['reminded', 'escalated', 'linkRevoked'],
      properties: {
        reminded: { type: 'boolean' },
        escalated: { type: 'boolean' },
        linkRevoked: { type: 'boolean' },
        overdue: { type: 'boolean', description: "Past the controller's respondBy without a decision (overdueAt)" },
        sentInError: { type: 'boolean', description: 'Marked as sent to the wrong controller (sentInErrorAt)' },
      },
    },
    overdueAt: nullableDateTime,
    sentInErrorAt: nullableDateTime,
    reminderCount: { type: 'integer', minimum: 0 },
    respondBy: { ...date, description: "The controller's own dates (its calendar, counted from the processor's receipt)" },
    forwardBy: date,
    sentAt: nullableDateTime,
    acknowledgedAt: nullableDateTime,
    decidedAt: nullableDateTime,
    linkExpiresAt: nullableDateTime,
    createdAt: dateTime,
  },
};

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
    requester: {
      type: 'object',
      description: 'What the requester gave; null where not given',
      required: ['name', 'email', 'phone', 'customerRef', 'address', 'country', 'language'],
      properties: {
        name: nullableString,
        email: { type: ['string', 'null'], format: 'email' },
        phone: nullableString,
        customerRef: nullableString,
        address: nullableString,
        country: {
          type: ['string', 'null'],
          pattern: '^[A-Z]{2}$',
          description: "The requester's own country (ISO 3166-1 alpha-2): given, or derived from a +31/+32 phone number or the address; null when unknown (identification guidance then covers Dutch and Belgian documents)",
        },
        language: {
          type: 'string',
          enum: ['nl', 'fr', 'en'],
          description: "The language of the requester's letters and verification pages: given at intake, the language of the mail it came in, or the processor's language; an agent may change it",
        },
      },
    },
    message: nullableString,
    flags: {
      type: 'object',
      required: ['urgent', 'unmatched', 'awaitingRequester', 'deadlineNear', 'overdue', 'mailFailed', 'misdirected'],
      properties: Object.fromEntries(
        ['urgent', 'unmatched', 'awaitingRequester', 'deadlineNear', 'overdue', 'mailFailed', 'misdirected'].map((f) => [f, { type: 'boolean' }]),
      ),
    },
    deadlines: DEADLINES_SCHEMA,
    allowedEvents: { type: 'array', items: string, description: 'Events this request accepts now (POST …/events)' },
    controllers: {
      type: 'array',
      description: 'The controllers the request was routed to (automatically or by an agent) and how each was matched (identifier types, never values)',
      items: {
        type: 'object',
        required: ['controllerId', 'name', 'matchedBy', 'isSelf'],
        properties: {
          controllerId: { type: 'string', format: 'uuid' },
          name: { ...nullableString, description: 'null when the controller no longer exists' },
          matchedBy: { type: 'array', items: string, description: 'Identifier types that matched, e.g. email, customer-ref' },
          isSelf: { type: 'boolean', description: 'The processor itself (its own processing)' },
        },
      },
    },
    forwardings: { type: 'array', description: 'One per controller the request was forwarded to', items: FORWARDING_SCHEMA },
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
          exports: {
            type: 'array',
            description: 'Exports offered to the controller (metadata only)',
            items: {
              type: 'object',
              required: ['id', 'filename', 'sizeBytes', 'sha256', 'expiresAt', 'firstDownloadedAt'],
              properties: {
                id: { type: 'string', format: 'uuid' },
                filename: string,
                sizeBytes: { type: 'integer', minimum: 0 },
                sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                expiresAt: dateTime,
                firstDownloadedAt: nullableDateTime,
              },
            },
          },
          createdAt: dateTime,
          doneAt: nullableDateTime,
        },
      },
    },
    assigneeId: { type: ['string', 'null'], format: 'uuid' },
    closedAt: nullableDateTime,
    createdAt: dateTime,
    updatedAt: dateTime,
    version: { type: 'integer', minimum: 1 },
  },
};

/** Computed, not typed by hand: the clock of a receipt on Friday 27 March 2026 in NL, seen on that day. */
function exampleDeadlines(): Record<string, unknown> {
  const d = computeDeadlines({ receivedAt: new Date('2026-03-27T08:00:00.000Z'), country: 'NL', pausedDays: 0, extraNonWorkingDays: [] });
  return {
    ...d,
    dueDate: d.respondBy,
    paused: false,
    extended: false,
    daysLeft: daysLeft('2026-03-27', d.effectiveRespondBy, 'NL', []),
    urgency: urgencyOf('2026-03-27', d.effectiveRespondBy, 'NL', []),
  };
}

export const REQUEST_EXAMPLE = {
  id: REQUEST_ID,
  reference: 'AVG-2026-000123',
  channel: 'helpdesk',
  externalRef: 'ZD-48213',
  receivedAt: '2026-03-27T08:00:00.000Z',
  state: 'triage.open',
  scope: null,
  rights: ['access'],
  requester: { name: 'Jan Jansen', email: 'jan.jansen@example.nl', phone: null, customerRef: null, address: null, country: 'NL', language: 'nl' },
  message: 'Ik wil graag weten welke gegevens u van mij verwerkt.',
  flags: { urgent: false, unmatched: true, awaitingRequester: false, deadlineNear: false, overdue: false, mailFailed: false, misdirected: false },
  deadlines: exampleDeadlines(),
  allowedEvents: ['CLASSIFY', 'ASSIGN_CONTROLLER', 'REQUEST_INFO', 'EXTEND', 'REFUSE', 'WITHDRAW', 'MARK_DUPLICATE', 'NOTE', 'SET_LANGUAGE'],
  controllers: [],
  forwardings: [],
  processorTasks: [],
  assigneeId: null,
  closedAt: null,
  createdAt: '2026-03-27T08:00:01.000Z',
  updatedAt: '2026-03-27T08:00:01.000Z',
  version: 1,
};

export const TIMELINE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      description: 'Oldest first',
      items: {
        type: 'object',
        required: ['id', 'at', 'actor', 'type', 'description', 'data'],
        properties: {
          id: { type: 'string', description: 'Audit event id (a number as text)' },
          at: dateTime,
          actor: { type: 'string', description: 'e.g. api:zendesk, agent:admin, system, controller:<id>' },
          type: { type: 'string', description: 'The audit event type, e.g. RECEIVED, ROUTE_NONE, FORWARDED, EXTENDED' },
          description: { type: 'string', description: 'Dutch' },
          data: { type: 'object', description: 'Ids, states, dates and flags of the event; never free text or personal data', additionalProperties: true },
        },
      },
    },
  },
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
  required: ['id', 'name', 'country', 'privacyContact', 'tone', 'language', 'forwardingSlaWorkingDays', 'mayInformRequester', 'agreement', 'responsePromiseDays', 'active', 'isSelf', 'identifierCounts', 'identifierTotal', 'createdAt', 'updatedAt', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    version: { type: 'integer', minimum: 1, description: 'One more with every change; also the ETag, to send back as If-Match with PATCH' },
    name: string,
    country: { type: 'string', enum: ['NL', 'BE'] },
    privacyContact: {
      type: 'object',
      required: ['name', 'email', 'phone'],
      properties: { name: nullableString, email: { type: 'string', format: 'email' }, phone: { ...nullableString, description: 'E.164' } },
    },
    tone: { type: 'string', enum: ['u', 'je'] },
    language: { type: 'string', enum: ['nl', 'fr', 'en'], description: 'The language of the mails to this controller and of its pages (nl, fr, en)' },
    forwardingSlaWorkingDays: { type: 'integer' },
    mayInformRequester: { type: 'boolean' },
    agreement: {
      type: ['object', 'null'],
      description: 'The processing agreement (verwerkersovereenkomst), when recorded',
      required: ['title', 'version', 'date'],
      properties: { title: string, version: nullableString, date: { type: ['string', 'null'], format: 'date' } },
    },
    responsePromiseDays: { type: ['integer', 'null'] },
    active: { type: 'boolean' },
    isSelf: { type: 'boolean' },
    identifierCounts: { type: 'object', description: 'Identifiers per type in the directory (never the values)', additionalProperties: { type: 'integer', minimum: 0 } },
    identifierTotal: { type: 'integer' },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
};

export const CONTROLLER_EXAMPLE = {
  id: CONTROLLER_ID,
  name: 'Bakkerij De Korenschoof B.V.',
  country: 'NL',
  privacyContact: { name: 'Anna de Vries', email: 'privacy@korenschoof.example', phone: null },
  tone: 'u',
  language: 'nl',
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
  version: 3,
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
  required: ['id', 'eventId', 'sequence', 'eventType', 'status', 'attempts', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    eventId: { type: 'string', format: 'uuid', description: 'Also the webhook-id header' },
    sequence: { type: 'integer', minimum: 1, description: "The payload's `sequence`: this endpoint's count of the events delivered to it (a replay keeps it)" },
    eventType: string,
    requestId: { type: ['string', 'null'], format: 'uuid' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { ...nullableDateTime, description: 'While pending: when the next attempt is due (it may wait for an earlier event of the same request to this endpoint); else null' },
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
  sequence: 41,
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

export const WEBHOOK_PAYLOAD_EXAMPLE = {
  id: '2b4d6f8a-0c2e-4f6a-9b8c-7d6e5f4a3b2c',
  type: 'request.extended',
  createdAt: '2026-04-10T12:00:00.000Z',
  sequence: 42,
  data: { requestId: REQUEST_ID, reference: 'AVG-2026-000123', state: 'inHouse.processing', respondBy: '2026-04-28', dueDate: '2026-06-29' },
};

export const IDS = { REQUEST_ID, CONTROLLER_ID, WEBHOOK_ID };

export const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  Request: REQUEST_SCHEMA,
  DataController: CONTROLLER_SCHEMA,
  WebhookEndpoint: WEBHOOK_SCHEMA,
  WebhookDelivery: DELIVERY_SCHEMA,
};

export const ref = (name: keyof typeof COMPONENT_SCHEMAS & string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const listOf = (name: keyof typeof COMPONENT_SCHEMAS & string, cursor = true): JsonSchema => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: ref(name) }, ...(cursor ? { nextCursor: { type: ['string', 'null'] } } : {}) },
});
