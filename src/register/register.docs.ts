/** OpenAPI of /api/v1/register. */
import { ApiOp } from '../http/openapi/docs.js';
import { CSV_HEADER, registerQuerySchema } from './register.service.js';

const ENTRY_EXAMPLE = {
  reference: 'AVG-2026-000123',
  receivedAt: '2026-03-27T08:00:00.000Z',
  receivedOn: '2026-03-27',
  channel: 'helpdesk',
  rights: ['access'],
  scope: 'controller',
  state: 'closed.handedOver',
  controllers: [{ name: 'Bakkerij De Korenschoof B.V.', decision: 'takes-over', instruction: null }],
  forwardedOn: '2026-03-27',
  acknowledgedOn: '2026-03-30',
  decidedOn: '2026-04-02',
  closedOn: '2026-04-02',
  dueDate: '2026-04-27',
  deadline: 'met',
  daysPastDeadline: -25,
  extended: false,
  extendedOn: null,
  refusalGround: null,
  refusalPartial: false,
  personalDataPurged: false,
};

const ENTRY_SCHEMA = {
  type: 'object',
  required: Object.keys(ENTRY_EXAMPLE),
  properties: {
    reference: { type: 'string' },
    receivedAt: { type: 'string', format: 'date-time' },
    receivedOn: { type: 'string', format: 'date', description: 'Local date of receipt in the request\'s country' },
    channel: { type: 'string' },
    rights: { type: 'array', items: { type: 'string' } },
    scope: { type: ['string', 'null'] },
    state: { type: 'string' },
    controllers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'decision', 'instruction'],
        properties: { name: { type: ['string', 'null'] }, decision: { type: ['string', 'null'] }, instruction: { type: ['string', 'null'] } },
      },
    },
    forwardedOn: { type: ['string', 'null'], format: 'date', description: 'First forwarding mail sent' },
    acknowledgedOn: { type: ['string', 'null'], format: 'date', description: 'Last controller acknowledgement' },
    decidedOn: { type: ['string', 'null'], format: 'date', description: 'Last controller decision' },
    closedOn: { type: ['string', 'null'], format: 'date' },
    dueDate: { type: 'string', format: 'date', description: 'The legal date in force (after an extension: the extended one)' },
    deadline: { type: 'string', enum: ['met', 'missed', 'open', 'overdue'] },
    daysPastDeadline: { type: 'integer', description: 'Calendar days from the due date to the closure (open: to today); negative = before the due date' },
    extended: { type: 'boolean' },
    extendedOn: { type: ['string', 'null'], format: 'date' },
    refusalGround: { type: ['string', 'null'] },
    refusalPartial: { type: 'boolean' },
    personalDataPurged: { type: 'boolean', description: 'The retention job removed the requester\'s personal data' },
  },
};

export const RegisterDocs = {
  export: ApiOp({
    tag: 'register',
    summary: 'The accountability register of a period',
    description:
      'Every request received from `from` to `to` (inclusive, local dates of receipt), oldest first: reference, dates, rights, controllers and their decisions, the legal due date and whether it was met (and by how many days), extension and refusal ground. No personal data. Streamed: CSV (RFC 4180, comma-separated, CRLF, a header row with Dutch column names: ' +
      CSV_HEADER.map((h) => `\`${h}\``).join(', ') +
      ') or a JSON array of the entries below.',
    scopes: ['requests:read', 'requests:all'],
    query: registerQuerySchema,
    responses: [
      {
        status: 200,
        description: 'The register (Content-Disposition: attachment)',
        schema: { type: 'array', items: ENTRY_SCHEMA },
        example: [ENTRY_EXAMPLE],
        headers: { 'Content-Disposition': 'attachment; filename="register-<from>-<to>.<format>"' },
        alternatives: {
          'text/csv': {
            schema: { type: 'string', description: 'RFC 4180: a header row with Dutch column names, then one row per entry (format=csv, the default)' },
            example: `${CSV_HEADER.join(',')}\r\n`,
          },
        },
      },
    ],
  }),
};
