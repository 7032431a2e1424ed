/** OpenAPI of GET /api/v1/requests/{id}/dossier (a PDF, so its 200 response is described here, not by ApiOp). */
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiOp } from '../http/openapi/docs.js';

export const DossierDocs = {
  pdf: applyDecorators(
    ApiOp({
      tag: 'requests',
      summary: 'The dossier of a request as PDF',
      description:
        'Everything recorded about one request, for a complaint at the AP or GBA or a court: reference, rights, channel, receipt, scope and state; the deadlines with their explanation (holiday shifts, pauses, extension); forwardings with controllers, dates and decisions (instructions verbatim, art 28(3)(a)); processor tasks; the verification record; the timeline; and every letter with its recipient role, date, subject and text (after the retention purge the text is gone and the dossier says so). Dutch, A4, with page numbers. It holds personal data: the download is recorded on the request\'s audit trail (`DOSSIER_EXPORTED`, who and when).',
      scopes: ['requests:read'],
      params: { id: 'The request id (uuid)' },
      problems: [404],
      responses: [],
    }),
    ApiResponse({
      status: 200,
      description: 'The dossier (`Content-Disposition: attachment; filename="dossier-<reference>.pdf"`, `Cache-Control: no-store`)',
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      headers: {
        'Content-Disposition': { description: 'attachment; filename="dossier-<reference>.pdf"', schema: { type: 'string' } },
        'Cache-Control': { description: 'no-store', schema: { type: 'string' } },
      },
    }),
  ),
};
