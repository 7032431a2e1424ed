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
  required: ['id', 'kind', 'requestId', 'reference', 'controllerId', 'description', 'reportedBy', 'reportedAt', 'status', 'exposure', 'assessment'],
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
        notifiable: { type: 'boolean', description: 'A personal data breach the processor must notify to the controller (art 33(2))' },
        reasoning: { type: 'string' },
        notifiedControllerId: { type: ['string', 'null'], format: 'uuid' },
        notifiedControllerName: { type: ['string', 'null'] },
        notifiedAt: { type: ['string', 'null'], format: 'date-time' },
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
  assessment: null,
};

const SENT_IN_ERROR_DESCRIPTION =
  'Marks a forwarding as sent to the wrong controller (art 33(2)). In the request transition\'s one statement: the controller\'s link is revoked (its page answers 404 from then on), the forwarding is called off, an incident is recorded for the privacy officer and a mail without personal data of the requester (reference and controller name only) goes to `PROCESSOR_PRIVACY_EMAIL`. If another controller still has to decide, only this forwarding is called off and the request stays forwarded; if it was the only open one, the request returns to triage with `flags.misdirected`. Webhook `forwarding.sent_in_error`. 409 `already-reported` for a forwarding marked before; 422 `invalid-transition` when the request is closed or carrying out instructions.';

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
        'Art 33(2): a processor notifies the controller without undue delay after becoming aware of a personal data breach; the controller decides on notifying the supervisory authority (72 hours, art 33(1)). Record whether this incident is such a breach (`notifiable`), why, and — when it is — which controller was notified (normally the controller whose request it was, not the wrong recipient) and when. Once: a second assessment is a 409 `already-assessed`.',
      scopes: ['incidents:assess'],
      params: { id: 'The incident id (uuid)' },
      body: {
        schema: incidentAssessmentSchema,
        example: { notifiable: true, reasoning: 'De link is geopend; naam en e-mailadres van de verzoeker zijn ingezien.', notifiedControllerId: IDS.CONTROLLER_ID, notifiedAt: '2026-05-04T11:00:00+02:00' },
      },
      problems: [404, 409, 422],
      responses: [{ status: 200, description: 'The assessed incident', schema: INCIDENT_SCHEMA, example: { ...EXAMPLE, status: 'assessed' } }],
    },
    'POST',
  ),
};
