/** The dossier download in the agent workspace: `GET /ui/requests/:id/dossier.pdf`. */
import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { actorOf } from '../http/views.js';
import { sendPdf } from '../register/dossier.controller.js';
import { DossierBusyProblem } from '../register/dossier-pdf-pool.js';
import { DossierService } from '../register/dossier.service.js';
import { UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';

@Controller('ui/requests')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class DossierUiController {
  constructor(private readonly dossiers: DossierService) {}

  @Get(':id/dossier.pdf')
  async pdf(@Param('id') id: string, @Req() req: UiRequest, @Res() res: Response): Promise<void> {
    let dossier: { reference: string; pdf: Buffer };
    try {
      dossier = await this.dossiers.pdf(id, { actor: actorOf(req.ui!), via: 'ui' });
    } catch (err) {
      if (!(err instanceof DossierBusyProblem)) throw err;
      res.setHeader('Retry-After', String(err.extensions.retryAfter));
      throw new UiError(
        503,
        'Even geduld',
        'Er worden op dit moment al zoveel dossiers gemaakt als de server tegelijk aankan. Probeer het over een paar seconden opnieuw.',
      );
    }
    sendPdf(res, dossier.reference, dossier.pdf);
  }
}
