/** OpenAPI of /api/v1/requests (decorators used by RequestsController). */
import { clientEventSchema, createRequestSchema, listRequestsQuerySchema } from './request.schemas.js';
import { ApiOp } from '../http/openapi/docs.js';
import { listOf, ref, REQUEST_EXAMPLE, TIMELINE_EXAMPLE, TIMELINE_SCHEMA } from '../http/openapi/resources.js';

const tag = 'requests';
const id = { id: 'The request id (uuid)' };

export const RequestDocs = {
  create: ApiOp(
    {
      tag,
      summary: 'File a request',
      description:
        'Creates a request, starts its clock and routes it by the requester\'s identifiers. `externalRef` (e.g. the ticket id) is unique per API client: a second request with the same one is a 409 `duplicate-external-ref` naming the existing request. Send an `Idempotency-Key` to retry safely.',
      scopes: ['requests:write'],
      body: {
        schema: createRequestSchema,
        example: {
          channel: 'helpdesk',
          externalRef: 'ZD-48213',
          receivedAt: '2026-03-27T09:00:00+01:00',
          requester: { name: 'Jan Jansen', email: 'jan.jansen@example.nl' },
          rights: ['access'],
          message: 'Ik wil graag weten welke gegevens u van mij verwerkt.',
        },
      },
      responses: [
        { status: 201, description: 'Filed', schema: ref('Request'), example: REQUEST_EXAMPLE, headers: { Location: 'The new request', ETag: 'The version, for If-Match' } },
      ],
    },
    'POST',
  ),
  list: ApiOp({
    tag,
    summary: 'List requests, most urgent first',
    description: 'Filter by state (a prefix such as `triage` matches its sub-states), controller, due date, `externalRef` (the helpdesk\'s ticket id) or reference. Keyset pagination with `cursor`.',
    scopes: ['requests:read'],
    query: listRequestsQuerySchema,
    responses: [{ status: 200, description: 'A page of requests', schema: listOf('Request'), example: { items: [REQUEST_EXAMPLE], nextCursor: null } }],
  }),
  get: ApiOp({
    tag,
    summary: 'One request',
    scopes: ['requests:read'],
    params: id,
    problems: [404],
    responses: [{ status: 200, description: 'The request', schema: ref('Request'), example: REQUEST_EXAMPLE, headers: { ETag: 'The version, for If-Match' } }],
  }),
  event: ApiOp(
    {
      tag,
      summary: 'Send an event to a request',
      description:
        'Moves the request through its workflow. Needs `If-Match` with the version the client saw (a stale one is a 409 `version-conflict`; `*` matches any current version, RFC 9110); only events in `allowedEvents` are accepted. ' +
        '`INSTRUCTION_DONE { controllerId, outcome, recipientsNotified? }` completes the controller\'s processor task: refused with 422 `instruction-not-completable` ' +
        '(`reason`: `concern-open`, `recipients-missing` with `missingRecipients`, `recipients-unknown` with `unknownRecipients`, `export-missing`, `no-outcome`, `task-closed`) ' +
        'while a concern is open, before every configured art 19 recipient is in `recipientsNotified` (for erase, rectify, restrict), or before an export was uploaded (export). ' +
        '`COMPLETE { recipientsNotified?, decisionReviewOutcome? }` answers an in-house request with the completion letter, written from the privacy facts file (PRIVACY_FACTS_FILE): ' +
        'the file of the requester\'s language (the main file, or its translation `privacy-facts.fr.yaml`/`privacy-facts.en.yaml` beside it): ' +
        'refused with 422 `privacy-facts-incomplete` (`missingFacts`, `language`, `file`) while that file is missing or incomplete; `recipientsNotified` are recipients named in that file told of a rectification, erasure or restriction (art 19, dated the day of COMPLETE); ' +
        '`decisionReviewOutcome` is required for an automated-decision request when the file lists automated decisions (art 22(3)). ' +
        '`SET_LANGUAGE { language }` (`nl`, `fr` or `en`) sets the requester\'s language for the letters and pages from now on, in any open state (the timeline shows `REQUESTER_LANGUAGE_CHANGED`); the same language again is no event (200, the version unchanged).',
      scopes: ['requests:write'],
      params: id,
      headers: [{ name: 'If-Match', description: 'The ETag (version) of the request, e.g. "3", or * for any current version', required: true }],
      body: { schema: clientEventSchema, example: { type: 'EXTEND', reason: 'Het verzoek omvat gegevens uit vijf systemen.' } },
      problems: [404, 409, 422, 428],
      responses: [
        { status: 200, description: 'The changed request', schema: ref('Request'), example: { ...REQUEST_EXAMPLE, version: 2 }, headers: { ETag: 'The new version, for the next If-Match' } },
      ],
    },
    'POST',
  ),
  timeline: ApiOp({
    tag,
    summary: 'The audit trail of a request',
    description:
      'Every step with a Dutch description; no free text or personal data. Mail events: `MAIL_RECEIVED` (a mail attached to the request: ' +
      '`data.fromRequester`, `data.otherSender`, `data.forwardingId` for a controller\'s reply to a forwarding, `data.mailId`, `data.attachments`), ' +
      '`MAIL_BOUNCED` (a bounce came back for one of our letters: `data.template`, `data.messageId`, `data.format`), `MAIL_FAILED`, `MAIL_RESENT_UNCONFIRMED`.',
    scopes: ['requests:read'],
    params: id,
    problems: [404],
    responses: [{ status: 200, description: 'The timeline', schema: TIMELINE_SCHEMA, example: TIMELINE_EXAMPLE }],
  }),
};
