/** OpenAPI of /api/v1/deadlines (public). */
import { previewQuerySchema } from '../../deadlines/preview.schema.js';
import { ApiOp } from '../../http/openapi/docs.js';

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
        example: {
          country: 'NL',
          slaWorkingDays: 1,
          receivedDate: '2026-03-27',
          nominalRespondBy: '2026-04-27',
          respondBy: '2026-04-28',
          extendedRespondBy: '2026-06-29',
          forwardBy: '2026-03-30',
        },
      },
    ],
  }),
};
