/** OpenAPI of /api/v1/requests/{id}/legal-hold. */
import { ApiOp, type JsonSchema } from '../http/openapi/docs.js';
import { IDS } from '../http/openapi/resources.js';
import { legalHoldBodySchema } from './legal-hold.schemas.js';

const tag = 'requests';
const id = { id: 'The request id (uuid)' };

const LEGAL_HOLD_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['requestId', 'reference', 'legalHold', 'purgedAt'],
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    reference: { type: 'string' },
    legalHold: {
      type: ['object', 'null'],
      required: ['reason', 'at', 'by'],
      properties: { reason: { type: 'string' }, at: { type: 'string', format: 'date-time' }, by: { type: 'string', description: 'Audit actor, e.g. api:zendesk or agent:admin' } },
    },
    purgedAt: { type: ['string', 'null'], format: 'date-time', description: 'When the retention job removed the personal data' },
  },
};

const EXAMPLE = {
  requestId: IDS.REQUEST_ID,
  reference: 'AVG-2026-000123',
  legalHold: { reason: 'Klacht bij de Autoriteit Persoonsgegevens, zaaknummer volgt.', at: '2026-05-04T09:30:00.000Z', by: 'api:zendesk' },
  purgedAt: null,
};

const HOLD_DESCRIPTION =
  'A request under legal hold (a complaint at the AP or GBA, a court case) keeps its personal data past the retention period (`RETENTION_MONTHS` after closure) until the hold is lifted. Setting and lifting are on the audit trail; the reason stays on the request only.';

export const LegalHoldDocs = {
  get: ApiOp({ tag, summary: 'The legal hold of a request', scopes: ['requests:read'], params: id, problems: [404], responses: [{ status: 200, description: 'The hold (null: none)', schema: LEGAL_HOLD_SCHEMA, example: EXAMPLE }] }),
  set: ApiOp(
    {
      tag,
      summary: 'Put a request under legal hold',
      description: `${HOLD_DESCRIPTION} Sending it again replaces the reason.`,
      scopes: ['requests:write'],
      params: id,
      body: { schema: legalHoldBodySchema, example: { reason: 'Klacht bij de Autoriteit Persoonsgegevens, zaaknummer volgt.' } },
      problems: [404],
      responses: [{ status: 200, description: 'The hold', schema: LEGAL_HOLD_SCHEMA, example: EXAMPLE }],
    },
    'POST',
  ),
  clear: ApiOp(
    {
      tag,
      summary: 'Lift the legal hold',
      description: `${HOLD_DESCRIPTION} Without a hold nothing changes.`,
      scopes: ['requests:write'],
      params: id,
      problems: [404],
      responses: [{ status: 200, description: 'The request without a hold', schema: LEGAL_HOLD_SCHEMA, example: { ...EXAMPLE, legalHold: null } }],
    },
    'DELETE',
  ),
};
