/** OpenAPI of /api/v1/requests/{id}/verification (decorators used by VerificationController). */
import { decideStepSchema, startStepSchema } from './verification.schemas.js';
import { ApiOp, type JsonSchema } from '../http/openapi/docs.js';
import { DOCUMENT_TYPES, VERIFICATION_METHODS, VERIFICATION_STATUSES } from './verification.rules.js';

const tag = 'verification';
const id = { id: 'The request id (uuid)' };

const STEP_EXAMPLE = {
  id: '0f5d1c1e-4a43-4f55-9f0b-3b0b1b0e7a21',
  method: 'id-document',
  status: 'passed',
  reason: 'Het verzoek kwam van een onbekend adres en vraagt om een export van alle gegevens.',
  performedBy: 'agent:jdevries',
  requestedAt: '2026-04-21T08:00:00.000Z',
  decidedAt: '2026-04-24T09:30:00.000Z',
  decidedBy: 'agent:jdevries',
  documentType: 'passport',
  checkedAt: '2026-04-24T09:30:00.000Z',
  destroyedAt: '2026-04-24T09:30:00.000Z',
  note: null,
  warnings: [],
  record: 'identiteit gecontroleerd op 24 april 2026 door jdevries, kopie vernietigd',
  linkExpiresAt: null,
};

const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const STEP_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'One verification step. No document data is stored: no copies, numbers or files.',
  required: Object.keys(STEP_EXAMPLE),
  properties: {
    id: { type: 'string', format: 'uuid' },
    method: { type: 'string', enum: [...VERIFICATION_METHODS] },
    status: { type: 'string', enum: [...VERIFICATION_STATUSES] },
    reason: { type: ['string', 'null'], description: 'Why a copy-based method was needed (reasonable doubt, art 12(6))' },
    performedBy: { type: 'string', description: 'Audit actor' },
    requestedAt: { type: 'string', format: 'date-time' },
    decidedAt: nullableDateTime,
    decidedBy: { type: ['string', 'null'] },
    documentType: { type: ['string', 'null'], enum: [...DOCUMENT_TYPES, null] },
    checkedAt: nullableDateTime,
    destroyedAt: nullableDateTime,
    note: { type: ['string', 'null'] },
    warnings: { type: 'array', items: { type: 'string' }, description: 'e.g. asked-late: asked later than 5 working days after receipt' },
    record: { type: ['string', 'null'], description: 'The Dutch record of a closed copy step' },
    linkExpiresAt: { ...nullableDateTime, description: 'E-mail confirmation: when the link stops working' },
  },
};

export const VerificationDocs = {
  list: ApiOp({
    tag,
    summary: 'Verification steps of a request',
    description: 'Every step with its method, outcome, who and when. No document data is ever stored: no copies, no numbers, no files.',
    scopes: ['requests:read'],
    params: id,
    problems: [404],
    responses: [
      {
        status: 200,
        description: 'The steps, oldest first',
        schema: {
          type: 'object',
          required: ['items', 'identityEstablished'],
          properties: { items: { type: 'array', items: STEP_SCHEMA }, identityEstablished: { type: 'boolean', description: 'A step passed that establishes identity' } },
        },
        example: { items: [STEP_EXAMPLE], identityEstablished: true },
      },
    ],
  }),
  start: ApiOp(
    {
      tag,
      summary: 'Start a verification step',
      description:
        'Use the least intrusive method that suffices. `known-contact-match` is decided at once (passes only when the sender address or phone number of an e-mail or phone request is known to the processor). `email-confirmation` mails a link (`/v/<token>`, 7 days, a POST confirms). `id-document` needs a `reason` for reasonable doubt (art 12(6)) and, least intrusive first, a less intrusive identity method that failed or expired or else `lessIntrusiveUnsuitable` (why none suits; 422 reason `less-intrusive-first` otherwise), and is refused for an objection to direct marketing (art 21(3)); like `representative-authority` it sends REQUEST_INFO for identification: the identification letter with redaction guidance goes out and the clock pauses. A step asked later than 5 working days after receipt carries the warning `asked-late`.',
      scopes: ['requests:write'],
      params: id,
      body: { schema: startStepSchema, example: { method: 'id-document', reason: 'Het verzoek kwam van een onbekend adres en vraagt om een export van alle gegevens.', documentType: 'passport', lessIntrusiveUnsuitable: 'Geen account en geen bekend telefoonnummer.' } },
      problems: [404],
      responses: [{ status: 201, description: 'The step', schema: STEP_SCHEMA, example: { ...STEP_EXAMPLE, status: 'requested', decidedAt: null, decidedBy: null, checkedAt: null, destroyedAt: null, record: null } }],
    },
    'POST',
  ),
  decide: ApiOp(
    {
      tag,
      summary: 'Decide a verification step',
      description:
        'Closes a requested step as `passed` or `failed`. Closing `id-document` or `representative-authority` needs `checkedAndDestroyed: true`. When identity is established the request gets VERIFIED (and INFO_RECEIVED first when it waits for the requester).',
      scopes: ['requests:write'],
      params: { ...id, stepId: 'The step id (uuid)' },
      body: { schema: decideStepSchema, example: { status: 'passed', checkedAndDestroyed: true } },
      problems: [404],
      responses: [{ status: 200, description: 'The decided step', schema: STEP_SCHEMA, example: STEP_EXAMPLE }],
    },
    'POST',
  ),
};
