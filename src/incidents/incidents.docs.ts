/** OpenAPI of the incident endpoints (art 33(2)): a forwarding sent in error, and the assessment. */
import { z } from 'zod';
import { ApiOp, type JsonSchema } from '../http/openapi/docs.js';
import { IDS } from '../http/openapi/resources.js';
import { incidentAssessmentSchema, sentInErrorSchema } from './incidents.schemas.js';

const INCIDENT_ID = '7d3b5f9a-2c4e-4f6a-9b8c-1d3e5f7a9b0c';
const FORWARDING_ID = '1e3a5c7d-9b2f-4d6e-8a0c-3b5d7f9a1c2e';

export const INCIDENT_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'An incident for the privacy officer: a forwarding sent to the wrong controller (kind `misdirected-forwarding`). `exposure` tells what that controller did with the link. Open until assessed.',
  required: ['id', 'kind', 'requestId', 'reference', 'controllerId', 'description', 'reportedBy', 'reportedAt', 'status', 'exposure', 'deletion', 'suggestedControllerId', 'authorityClock', 'assessment'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['misdirected-forwarding'] },
    requestId: { type: 'string', format: 'uuid' },
    reference: { type: 'string' },
    forwardingId: { type: ['string', 'null'], format: 'uuid' },
    controllerId: { type: 'string', format: 'uuid', description: 'The controller the request went to in error' },
    controllerName: { type: 'string' },
    description: { type: 'string' },
    reportedBy: { type: 'string', description: 'Audit actor, e.g. agent:admin or api:zendesk' },
    reportedAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['open', 'assessed'] },
    deletion: {
      type: 'object',
      description:
        'The request to the wrong recipient to delete what it received and confirm through its personal link (`/d/<token>`, 30 days). `none` when the forwarding mail had not left when the error was reported (nothing was disclosed).',
      required: ['state', 'requestedAt', 'confirmedAt', 'confirmedBy'],
      properties: {
        state: { type: 'string', enum: ['none', 'requested', 'confirmed'] },
        requestedAt: { type: ['string', 'null'], format: 'date-time' },
        confirmedAt: { type: ['string', 'null'], format: 'date-time' },
        confirmedBy: { type: ['string', 'null'], description: 'The name the recipient gave when confirming (optional on the page).' },
      },
    },
    suggestedControllerId: {
      type: ['string', 'null'],
      format: 'uuid',
      description: 'Open incidents: the controller the request now goes to besides the wrong one (the likely owner of the data, to notify under art 33(2)); null when there is none.',
    },
    authorityClock: {
      type: ['object', 'null'],
      description:
        'The 72-hour clock of art 33(1), where the processor is controller of the data itself: from the assessment, or — while open — whenever no other controller owns the request (conservative). Null otherwise, and for an assessed incident that was not reported.',
      required: ['discoveredAt', 'dueAt', 'minutesLeft', 'overdue', 'notifiedAt'],
      properties: {
        discoveredAt: { type: 'string', format: 'date-time', description: 'When the processor became aware (the report).' },
        dueAt: { type: 'string', format: 'date-time', description: 'discoveredAt + 72 hours.' },
        minutesLeft: { type: ['integer', 'null'], description: 'Negative once overdue; null once the authority was notified.' },
        overdue: { type: 'boolean', description: 'Past dueAt without a notification, or notified after dueAt.' },
        notifiedAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    exposure: {
      type: 'object',
      required: ['linkOpened', 'detailsViewed', 'documentsDownloaded', 'decided'],
      properties: {
        linkOpened: { type: 'boolean' },
        detailsViewed: { type: 'boolean' },
        documentsDownloaded: { type: 'boolean', description: 'A draft letter or an export was downloaded through the link.' },
        decided: { type: 'boolean' },
      },
    },
    assessment: {
      type: ['object', 'null'],
      required: ['notifiable', 'reasoning', 'notifiedControllerId', 'notifiedControllerName', 'notifiedAt', 'assessedBy', 'assessedAt'],
      properties: {
        notifiable: {
          type: 'boolean',
          description: 'A personal data breach to notify: to the controller whose data it is (art 33(2)), or — where the processor is controller — to the supervisory authority (art 33(1)).',
        },
        reasoning: { type: 'string' },
        processorIsController: { type: 'boolean', description: 'The data was the processor\'s own (art 33(1)); otherwise another controller\'s (art 33(2)).' },
        notifiedControllerId: { type: ['string', 'null'], format: 'uuid', description: 'The controller whose data it is, to which the breach notice went.' },
        notifiedControllerName: { type: ['string', 'null'] },
        notifiedAt: { type: ['string', 'null'], format: 'date-time', description: 'When the breach notice was queued in the outbox.' },
        breachNotice: {
          type: ['object', 'null'],
          description: 'The breach notice (template `breach-notice`) in the outbox.',
          properties: {
            status: { type: 'string', enum: ['queued', 'sending', 'sent', 'failed', 'withheld'] },
            sentAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
        authority: {
          type: ['object', 'null'],
          description: 'Art 33(1): the supervisory authority of the processor\'s country.',
          properties: { country: { type: 'string', enum: ['NL', 'BE'] }, name: { type: 'string' } },
        },
        authorityNotifiedAt: { type: ['string', 'null'], format: 'date-time' },
        assessedBy: { type: 'string' },
        assessedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
};

const EXAMPLE = {
  id: INCIDENT_ID,
  kind: 'misdirected-forwarding',
  requestId: IDS.REQUEST_ID,
  reference: 'AVG-2026-000123',
  forwardingId: FORWARDING_ID,
  controllerId: IDS.CONTROLLER_ID,
  controllerName: 'Bakkerij De Korenbloem B.V.',
  description: 'Verkeerde klant gekozen bij het toewijzen: gelijkende naam.',
  reportedBy: 'api:zendesk',
  reportedAt: '2026-05-04T09:30:00.000Z',
  status: 'open',
  exposure: { linkOpened: true, detailsViewed: false, documentsDownloaded: false, decided: false },
  deletion: { state: 'requested', requestedAt: '2026-05-04T09:30:00.000Z', confirmedAt: null, confirmedBy: null },
  suggestedControllerId: null,
  authorityClock: { discoveredAt: '2026-05-04T09:30:00.000Z', dueAt: '2026-05-07T09:30:00.000Z', minutesLeft: 4200, overdue: false, notifiedAt: null },
  assessment: null,
};

const ASSESSED_EXAMPLE = {
  ...EXAMPLE,
  status: 'assessed',
  suggestedControllerId: null,
  authorityClock: null,
  assessment: {
    notifiable: true,
    reasoning: 'De link is geopend; naam en e-mailadres van de verzoeker zijn ingezien.',
    processorIsController: false,
    notifiedControllerId: '3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1a',
    notifiedControllerName: 'Kapsalon Knip B.V.',
    notifiedAt: '2026-05-04T11:00:00.000Z',
    breachNotice: { status: 'queued', sentAt: null },
    authority: null,
    authorityNotifiedAt: null,
    assessedBy: 'agent:privacy',
    assessedAt: '2026-05-04T11:00:00.000Z',
  },
};

const SENT_IN_ERROR_DESCRIPTION =
  'Marks a forwarding as sent to the wrong controller (art 33(2)). In the request transition\'s one statement: the controller\'s link is revoked (its page answers 404 from then on), the forwarding is called off, an incident is recorded for the privacy officer and a mail without personal data of the requester (reference and controller name only) goes to `PROCESSOR_PRIVACY_EMAIL`; when the forwarding mail had left, the wrong controller is asked to delete what it received and confirm through a personal link (`deletion-request`, `deletion.state` `requested`). If another controller still has to decide, only this forwarding is called off and the request stays forwarded; if it was the only open one, the request returns to triage with `flags.misdirected`. Webhook `forwarding.sent_in_error`. 409 `already-reported` for a forwarding marked before; 422 `invalid-transition` when the request is closed or carrying out instructions.';

export const IncidentDocs = {
  sentInError: ApiOp(
    {
      tag: 'requests',
      summary: 'Mark a forwarding as sent in error',
      description: SENT_IN_ERROR_DESCRIPTION,
      scopes: ['requests:write'],
      params: { id: 'The request id (uuid)', forwardingId: 'The forwarding id (uuid), from the request\'s `forwardings`' },
      body: { schema: sentInErrorSchema, example: { description: 'Verkeerde klant gekozen bij het toewijzen: gelijkende naam.' } },
      problems: [404, 409, 422],
      responses: [{ status: 201, description: 'The incident', example: EXAMPLE, schema: INCIDENT_SCHEMA, headers: { Location: 'The incident' } }],
    },
    'POST',
  ),
  list: ApiOp({
    tag: 'incidents',
    summary: 'Incidents for the privacy officer',
    description: 'Open incidents first (oldest first), then assessed ones (newest first); `?status=open|assessed` filters.',
    scopes: ['requests:read'],
    query: z.strictObject({ status: z.enum(['open', 'assessed']).optional().describe('Only open or only assessed incidents') }),
    responses: [
      {
        status: 200,
        description: 'The incidents',
        schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: INCIDENT_SCHEMA } } },
        example: { items: [EXAMPLE] },
      },
    ],
  }),
  get: ApiOp({
    tag: 'incidents',
    summary: 'One incident',
    scopes: ['requests:read'],
    params: { id: 'The incident id (uuid)' },
    problems: [404],
    responses: [{ status: 200, description: 'The incident', schema: INCIDENT_SCHEMA, example: EXAMPLE }],
  }),
  assess: ApiOp(
    {
      tag: 'incidents',
      summary: 'Record the assessment of an incident',
      description:
        'Once; a second assessment is a 409 `already-assessed`. Whose data was disclosed decides the branch. **Another controller\'s** (`processorIsController` false, the default): a processor notifies that controller of every personal data breach without undue delay (art 33(2)); with `notifiable: true` and `notifiedControllerId` (the controller whose request it was, not the wrong recipient: 422 `wrong-recipient`; not the processor itself: 422 `processor-is-controller`) the breach notice with the art 33(3) contents (what happened, when, which categories of data, to whom, the measures taken, a contact) is queued in the outbox in the same statement, in that controller\'s tone; that controller decides on reporting to its authority. **The processor\'s own** (`processorIsController` true: its own intake data, or a request no controller owns): the processor is controller (art 33(1)); `notifiable: true` records that the AP/GBA of the processor\'s country was notified and `authorityNotifiedAt` when (see `authorityClock`, 72 hours from the report). `notifiable: false`: not a breach to notify, with the reasoning (art 33(5)). 422 `notified-in-future` for an `authorityNotifiedAt` later than now, `unknown-controller` for an unknown controller id.',
      scopes: ['incidents:assess'],
      params: { id: 'The incident id (uuid)' },
      body: {
        schema: incidentAssessmentSchema,
        example: { notifiable: true, reasoning: 'De link is geopend; naam en e-mailadres van de verzoeker zijn ingezien.', notifiedControllerId: '3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e1a' },
      },
      problems: [404, 409, 422],
      responses: [{ status: 200, description: 'The assessed incident', schema: INCIDENT_SCHEMA, example: ASSESSED_EXAMPLE }],
    },
    'POST',
  ),
};
