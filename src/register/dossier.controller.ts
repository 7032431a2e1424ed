/** The dossier download: `GET /api/v1/requests/:id/dossier` (API key); the workspace's `GET /ui/requests/:id/dossier.pdf` is in src/agent-ui/dossier-ui.controller.ts. */
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { apiActor, type ApiRequest } from '../http/api-request.js';
import { Scopes } from '../common/auth.decorators.js';
import { dossierFileName } from './dossier.js';
import { DossierDocs } from './dossier.docs.js';
import { DossierService } from './dossier.service.js';

export function sendPdf(res: Response, reference: string, pdf: Buffer): void {
  res
    .status(200)
    .setHeader('Content-Type', 'application/pdf')
    .setHeader('Content-Disposition', `attachment; filename="${dossierFileName(reference)}"`)
    .setHeader('Content-Length', String(pdf.length))
    .setHeader('Cache-Control', 'no-store')
    .setHeader('X-Content-Type-Options', 'nosniff')
    .end(pdf);
}

@Controller('api/v1/requests')
export class DossierController {
  constructor(private readonly dossiers: DossierService) {}

  @Get(':id/dossier')
  @Scopes('requests:read')
  @DossierDocs.pdf
  async pdf(@Param('id') id: string, @Req() req: ApiRequest, @Res() res: Response): Promise<void> {
    const { reference, pdf } = await this.dossiers.pdf(id, { actor: apiActor(req.apiClient!), via: 'api' });
    sendPdf(res, reference, pdf);
  }
}
