/**
 * Draft reply letters on the controller's page: POST /c/:token/drafts/:template with the page's
 * `_csrf` answers the draft (prefilled for this request, in the controller's tone) as a plain-text
 * attachment. A POST, because the drafts hold the requester's name and link scanners only GET; a
 * GET of the same path is not served. Audited (the template only, no personal data); the same
 * rate limit, link checks and headers as the page itself.
 */
import { Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '../common/clock.js';
import { linkPageHeaders } from '../common/links.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import { localDate } from '../deadlines/deadlines.js';
import { sendLinkPage, Views } from '../http/views.js';
import { letterContext } from '../replies/letter-context.js';
import { MailTemplates } from '../replies/renderer.js';
import { rowDeadlines } from '../requests/request-row.js';
import { WorkflowRunner } from '../requests/workflow-runner.js';
import { draftDocument, draftFilename, draftLetter } from './draft-letters.js';
import { controllerMailData } from './forwarding-plan.js';
import { ForwardingService } from './forwarding.service.js';
import { ForwardingStore } from './forwarding.store.js';

@Controller('c')
export class ControllerDraftsController {
  constructor(
    private readonly forwarding: ForwardingService,
    private readonly store: ForwardingStore,
    private readonly runner: WorkflowRunner,
    private readonly controllers: DataControllersService,
    private readonly templates: MailTemplates,
    private readonly views: Views,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Post(':token/drafts/:template')
  async download(@Param('token') token: string, @Param('template') template: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = await this.forwarding.access(token, req.ip, req.body ?? {});
    if (access.status !== 'ok') return sendLinkPage(this.views, res, access.status);
    const row = access.row;
    const request = await this.runner.load(row.requestId);
    const draft = request ? draftLetter(template, request.rights) : undefined;
    if (!request || !draft) return sendLinkPage(this.views, res, 404);
    const controller = await this.controllers.row(row.controllerId);
    const now = this.clock.now();
    const today = localDate(now, row.country);
    const data = {
      ...controllerMailData(controller, { respondBy: row.respondBy }, today, this.config.extraNonWorkingDays),
      forwardedOn: localDate(row.sentAt ?? row.createdAt, row.country),
    };
    const context = letterContext(draft.id, request, rowDeadlines(request, this.config.extraNonWorkingDays, today), data, {
      tone: controller.tone,
      processor: { name: this.config.processor.name, email: this.config.processor.privacyEmail, country: this.config.processor.country },
    });
    const body = draftDocument(this.templates.render(draft.id, context), controller.language);
    await this.store.audit(row, { type: 'CONTROLLER_DRAFT_DOWNLOADED', actor: `controller:${row.id}`, data: { template: draft.id } });
    linkPageHeaders(res);
    res
      .status(200)
      .setHeader('Content-Type', 'text/plain; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${draftFilename(draft, request.reference)}"`)
      .send(body);
  }
}
