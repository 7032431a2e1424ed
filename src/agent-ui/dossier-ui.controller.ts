/** The dossier download in the agent workspace: `GET /ui/requests/:id/dossier.pdf`. */
import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { actorOf } from '../http/views.js';
import { sendPdf } from '../register/dossier.controller.js';
import { DossierService } from '../register/dossier.service.js';
import { UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';

@Controller('ui/requests')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class DossierUiController {
  constructor(private readonly dossiers: DossierService) {}

  @Get(':id/dossier.pdf')
  async pdf(@Param('id') id: string, @Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const { reference, pdf } = await this.dossiers.pdf(id, { actor: actorOf(req.ui!), via: 'ui' });
    sendPdf(res, reference, pdf);
  }
}
