/** OpenAPI of /api/v1/controllers (decorators used by DataControllersController). */
import {
  createControllerSchema,
  identifiersBodySchema,
  listControllersQuerySchema,
  updateControllerSchema,
} from './data-controller.schemas.js';
import { ApiOp } from '../http/openapi/docs.js';
import { CONTROLLER_EXAMPLE, listOf, ref } from '../http/openapi/resources.js';

const tag = 'controllers';
const id = { id: 'The controller id (uuid)' };
const identifiersExample = { identifiers: [{ type: 'email', value: 'klant@voorbeeld.example' }, { type: 'customer-ref', value: 'K-100234' }] };

const count = { type: 'integer', minimum: 0 };
const INVALID_SCHEMA = {
  type: 'array',
  description: 'Entries refused (nothing stored of them): their index in `identifiers` and why',
  items: { type: 'object', required: ['index', 'reason'], properties: { index: count, reason: { type: 'string' } } },
};
const ADD_RESULT_SCHEMA = {
  type: 'object',
  required: ['added', 'alreadyPresent', 'invalid'],
  properties: { added: count, alreadyPresent: { ...count, description: 'Already in the directory, or repeated in this body' }, invalid: INVALID_SCHEMA },
};
const REPLACE_RESULT_SCHEMA = {
  type: 'object',
  required: ['total', 'added', 'removed', 'unchanged', 'duplicates', 'invalid'],
  properties: {
    total: { ...count, description: 'Identifiers in the directory after the replacement' },
    added: count,
    removed: count,
    unchanged: count,
    duplicates: { ...count, description: 'Valid entries that repeated an earlier one in this body' },
    invalid: INVALID_SCHEMA,
  },
};

export const ControllerDocs = {
  create: ApiOp(
    {
      tag,
      summary: 'Register a data controller',
      scopes: ['controllers:write'],
      body: {
        schema: createControllerSchema,
        example: {
          name: 'Bakkerij De Korenschoof B.V.',
          country: 'NL',
          privacyContact: { name: 'Anna de Vries', email: 'privacy@korenschoof.example' },
          tone: 'u',
          forwardingSlaWorkingDays: 1,
          agreement: { title: 'Verwerkersovereenkomst', version: '2.1', date: '2025-01-15' },
        },
      },
      responses: [
        {
          status: 201,
          description: 'Registered',
          schema: ref('DataController'),
          example: { ...CONTROLLER_EXAMPLE, version: 1 },
          headers: { Location: 'The new controller', ETag: 'The version, for If-Match' },
        },
      ],
    },
    'POST',
  ),
  list: ApiOp({
    tag,
    summary: 'Search controllers',
    description: 'By (part of) the name, alphabetical; keyset pagination with `cursor`.',
    scopes: ['controllers:read'],
    query: listControllersQuerySchema,
    responses: [{ status: 200, description: 'A page of controllers', schema: listOf('DataController'), example: { items: [CONTROLLER_EXAMPLE], nextCursor: null } }],
  }),
  get: ApiOp({
    tag,
    summary: 'One controller',
    description: 'With identifier counts per type, never the values.',
    scopes: ['controllers:read'],
    params: id,
    problems: [404],
    responses: [{ status: 200, description: 'The controller', schema: ref('DataController'), example: CONTROLLER_EXAMPLE }],
  }),
  update: ApiOp(
    {
      tag,
      summary: 'Change a controller',
      description:
        'Send `If-Match` with the ETag (version) you read, and a change someone else made meanwhile is not overwritten: ' +
        'a stale version is refused with 409 `version-conflict` (`currentVersion` names the version now). ' +
        '`If-Match: *` (or no If-Match) applies the change to whatever version is current.',
      scopes: ['controllers:write'],
      params: id,
      headers: [{ name: 'If-Match', description: 'The ETag (version) of the controller, e.g. "3", or * for any version', required: false }],
      body: { schema: updateControllerSchema, example: { forwardingSlaWorkingDays: 2, active: true } },
      problems: [404, 409, 422],
      responses: [
        {
          status: 200,
          description: 'The changed controller',
          schema: ref('DataController'),
          example: { ...CONTROLLER_EXAMPLE, forwardingSlaWorkingDays: 2, version: 4 },
          headers: { ETag: 'The new version, for the next If-Match' },
        },
      ],
    },
    'PATCH',
  ),
  addIdentifiers: ApiOp(
    {
      tag,
      summary: 'Add identifiers to a controller\'s directory',
      description: 'Normalised and stored as keyed digests only. The valid ones are added together or not at all.',
      scopes: ['controllers:write'],
      params: id,
      body: { schema: identifiersBodySchema, example: identifiersExample },
      problems: [404, 413],
      responses: [{ status: 200, description: 'What was added', schema: ADD_RESULT_SCHEMA, example: { added: 2, alreadyPresent: 0, invalid: [] } }],
    },
    'POST',
  ),
  replaceIdentifiers: ApiOp(
    {
      tag,
      summary: 'Replace a controller\'s whole identifier set',
      description: 'Atomically (a nightly sync); for sets beyond the 1 MB body limit use the CLI import.',
      scopes: ['controllers:write'],
      params: id,
      body: { schema: identifiersBodySchema, example: identifiersExample },
      problems: [404, 413],
      responses: [
        { status: 200, description: 'What changed', schema: REPLACE_RESULT_SCHEMA, example: { total: 2, added: 1, removed: 5, unchanged: 1, duplicates: 0, invalid: [] } },
      ],
    },
    'PUT',
  ),
};
