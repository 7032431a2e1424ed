/**
 * The controller's download of an export behind its personal link: POST /c/:token/exports/:id with
 * the page's `_csrf` (link scanners only GET; a GET goes back to the page and serves nothing).
 * Same checks as the link pages (rate limit, unknown/revoked 404, expired link 410, CSRF 403); an
 * export past its expiry answers the 410 page. Sent as an attachment, never cached, audited.
 */
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendLinkPage, Views } from '../http/views.js';
import { linkPageHeaders } from '../common/links.js';
import { ForwardingService } from './forwarding.service.js';
import { attachmentDisposition } from '../processor-tasks/processor-task.rules.js';
import { ProcessorTasksService } from '../processor-tasks/processor-tasks.service.js';

const EXPORT_GONE = {
  title: 'Download verlopen',
  heading: 'Deze download is verlopen',
  text: 'De export is niet meer beschikbaar: de bewaartermijn is verstreken en het bestand is of wordt verwijderd. Neem contact op met de afzender van de e-mail als u de export opnieuw nodig hebt.',
};

@Controller('c')
export class ExportPagesController {
  constructor(
    private readonly forwarding: ForwardingService,
    private readonly tasks: ProcessorTasksService,
    private readonly views: Views,
  ) {}

  /** A GET never serves the file (scanners open links): back to the page, which has the button. */
  @Get(':token/exports/:exportId')
  redirect(@Param('token') token: string, @Res() res: Response): void {
    linkPageHeaders(res);
    res.status(303).setHeader('Location', `/c/${encodeURIComponent(token)}`).end();
  }

  @Post(':token/exports/:exportId')
  async download(@Param('token') token: string, @Param('exportId') exportId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = await this.forwarding.access(token, req.ip, req.body ?? {});
    if (access.status !== 'ok') return sendLinkPage(this.views, res, access.status);
    const result = await this.tasks.download(access.row, exportId);
    if (result.status === 'unknown') return sendLinkPage(this.views, res, 404);
    if (result.status === 'expired') return sendLinkPage(this.views, res, 410, EXPORT_GONE);
    linkPageHeaders(res);
    res
      .status(200)
      .setHeader('Content-Type', result.contentType)
      .setHeader('Content-Disposition', attachmentDisposition(result.filename))
      .setHeader('Content-Length', String(result.content.length))
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Cache-Control', 'no-store')
      .end(result.content);
  }
}
