/** OpenAPI of /api/v1/deadlines (public). */
import { previewQuerySchema } from '../../deadlines/preview.schema.js';
import { ApiOp } from '../../http/openapi/docs.js';
import { DEADLINE_PREVIEW_EXAMPLE, DEADLINE_PREVIEW_SCHEMA } from '../../http/openapi/resources.js';

export const DeadlineDocs = {
  preview: ApiOp({
    tag: 'deadlines',
    summary: 'The legal dates for a receipt',
    description: 'Computes respondBy, extendedRespondBy, forwardBy and promiseRespondBy in the NL or BE legal calendar, with Dutch explanations of every shift. Reads no stored data.',
    query: previewQuerySchema,
    responses: [
      {
        status: 200,
        description: 'The dates',
        schema: DEADLINE_PREVIEW_SCHEMA,
        example: DEADLINE_PREVIEW_EXAMPLE,
      },
    ],
  }),
};
