/** OpenAPI of the processor-task endpoints: concern (art 28(3)), the controller's answer, export upload. */
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { ApiOp, type JsonSchema } from '../http/openapi/docs.js';
import { IDS, REQUEST_SCHEMA } from '../http/openapi/resources.js';
import { concernResolutionSchema, exportUploadQuerySchema, taskConcernSchema } from './processor-tasks.schemas.js';

const TASK_ID = '2c4e6a8b-0d2f-4b6c-8e0a-4c6e8a0b2d4f';
const EXPORT_ID = '6e8a0c2e-4b6d-4f8a-9c2e-8a0c2e4b6d8f';
const params = { id: 'The request id (uuid)', taskId: 'The processor task id (uuid), from the request\'s `processorTasks`' };

/** The same shape as an item of the request resource's `processorTasks`. */
const TASK_SCHEMA = (REQUEST_SCHEMA.properties as Record<string, { items: JsonSchema }>).processorTasks.items;

const REASON = 'De facturen moeten volgens de fiscale bewaarplicht zeven jaar bewaard blijven; wissen zou die plicht schenden.';
const TASK_EXAMPLE = {
  id: TASK_ID,
  controllerId: IDS.CONTROLLER_ID,
  instruction: 'erase',
  state: 'concern',
  outcome: null,
  recipientsNotified: [],
  concern: { reason: REASON, raisedAt: '2026-04-02T09:15:00.000Z', resolution: null, note: null, resolvedAt: null },
  exports: [],
  createdAt: '2026-04-01T14:02:00.000Z',
  doneAt: null,
};

const EXPORT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'filename', 'sizeBytes', 'sha256', 'expiresAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    filename: { type: 'string', description: 'Without any path; quotes and control characters removed' },
    sizeBytes: { type: 'integer' },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256 of the stored bytes' },
    expiresAt: { type: 'string', format: 'date-time', description: 'The controller can download it until then (EXPORT_LINK_DAYS)' },
  },
};

export const ProcessorTaskDocs = {
  concern: ApiOp(
    {
      tag: 'requests',
      summary: 'Raise a concern about an instruction',
      description:
        'Art 28(3), last sentence: the processor thinks the controller\'s instruction may infringe the GDPR or other law. The open task goes to `concern`; the controller gets a Dutch letter with the reason asking to confirm, change or withdraw the instruction, and its link page shows it. Completing the task (`INSTRUCTION_DONE`) is refused with 422 `instruction-not-completable` (`reason: concern-open`) until the answer is recorded (`…/concern-resolution`). The reason is kept in the task, never in the audit trail. 422 `task-not-open` when the task is not open.',
      scopes: ['requests:write'],
      params,
      body: { schema: taskConcernSchema, example: { reason: REASON } },
      problems: [404, 409, 422],
      responses: [{ status: 200, description: 'The task, as in the request\'s `processorTasks`', schema: TASK_SCHEMA, example: TASK_EXAMPLE }],
    },
    'POST',
  ),
  resolveConcern: ApiOp(
    {
      tag: 'requests',
      summary: "Record the controller's answer to a concern",
      description:
        '`confirmed`: the controller maintains the instruction; the task is `open` again and can be completed with `INSTRUCTION_DONE`. `withdrawn`: the instruction is not carried out; the task is `cancelled`, the controller is told nothing was done, and the request proceeds as if the instruction were finished (the last one closes it `closed.completed`). `note` is what the controller answered. 422 `no-concern` when no concern is open on the task.',
      scopes: ['requests:write'],
      params,
      body: { schema: concernResolutionSchema, example: { resolution: 'confirmed', note: 'Bevestigd per mail: de facturen zijn elders bewaard.' } },
      problems: [404, 409, 422],
      responses: [
        {
          status: 200,
          description: 'The task',
          schema: TASK_SCHEMA,
          example: { ...TASK_EXAMPLE, state: 'open', concern: { ...TASK_EXAMPLE.concern, resolution: 'confirmed', note: 'Bevestigd per mail: de facturen zijn elders bewaard.', resolvedAt: '2026-04-03T10:00:00.000Z' } },
        },
      ],
    },
    'POST',
  ),
  uploadExport: applyDecorators(
    ApiOp(
      {
        tag: 'requests',
        summary: 'Upload the export of an export instruction',
        description:
          'The body is the file itself (not JSON-wrapped, not multipart), at most `EXPORT_MAX_MB` (413 `payload-too-large`). Allowed are ZIP, PDF, JSON, CSV, XML and UTF-8 plain text, judged by the content (magic bytes, a UTF-8 and structure check), not by the declared `Content-Type`; the type found is stored and sent back on download; anything else is a 415 `export-type-not-allowed`. At most 5 exports per task (409 `too-many-exports`; put more files in one ZIP). Format characters (bidi overrides, zero-width) are removed from the file name; the file name goes in the query (`?filename=export.csv`, percent-encoded). Only for an open `export` task (or one under concern) whose instruction came through the controller\'s link (422 `export-not-expected`, `export-no-link`); an empty body is a 400 `export-missing`. The file is offered on the controller\'s link page until `expiresAt` and never goes to the requester; the audit trail keeps size and SHA-256, not the name. Each PUT adds a file. Then complete the task with `INSTRUCTION_DONE`.',
        scopes: ['requests:write'],
        params,
        query: exportUploadQuerySchema,
        problems: [404, 409, 413, 415, 422],
        responses: [
          {
            status: 201,
            description: 'The stored export',
            schema: EXPORT_SCHEMA,
            example: { id: EXPORT_ID, filename: 'export-bestellingen.csv', sizeBytes: 48213, sha256: 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78', expiresAt: '2026-04-16T10:00:00.000Z' },
          },
        ],
      },
      'PUT',
    ),
    ApiConsumes('*/*'),
    ApiBody({ required: true, description: 'The export file, byte for byte', schema: { type: 'string', format: 'binary' } }),
  ),
};
