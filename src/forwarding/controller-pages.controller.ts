/**
 * The controller's pages behind the personal link: GET /c/:token (never changes the forwarding;
 * only the first view is audited), POST …/details (shows the requester's details, audited),
 * POST …/acknowledge and POST …/decision (303 back to the page). Forms carry `_csrf`, an HMAC of
 * the link's digest. Unknown or revoked → 404, expired → 410, both revealing nothing; more than
 * 30 attempts a minute from one address → 429. The token never reaches a log line
 * (loggablePath strips it) and the pages send no referrer.
 */
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '../common/clock.js';
import { linkPageHeaders } from '../common/links.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import { WorkflowRunner } from '../requests/workflow-runner.js';
import { sendLinkPage, Views } from '../http/views.js';
import { applyTone, instructionOption, isTone, type Tone } from '../vocabulary/vocabulary.js';
import { controllerPageModel, decisionValuesOf, parseDecision } from './controller-page.js';
import { CONTROLLER_PAGE_TEXTS } from './controller-page-texts.js';
import type { ForwardingRow } from './forwarding-row.js';
import { ForwardingService } from './forwarding.service.js';
import { ForwardingStore } from './forwarding.store.js';
import { ProcessorTasksService } from '../processor-tasks/processor-tasks.service.js';
import { controllerTasksView } from '../processor-tasks/processor-task-view.js';

@Controller('c')
export class ControllerPagesController {
  constructor(
    private readonly forwarding: ForwardingService,
    private readonly store: ForwardingStore,
    private readonly runner: WorkflowRunner,
    private readonly controllers: DataControllersService,
    private readonly views: Views,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly processorTasks: ProcessorTasksService,
  ) {
    // The controller's tone on its pages: `{{t "Uw termijn"}}` reads "Je termijn" for a controller addressed with je.
    views.registerHelper('t', (text: unknown, options: { data?: { root?: { tone?: unknown } } }) =>
      applyTone(String(text), isTone(options?.data?.root?.tone) ? options.data.root.tone : 'u'),
    );
  }

  @Get(':token')
  async page(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.open(token, req, res);
    if (!row) return;
    await this.store.recordFirstView(row);
    await this.render(res, token, row, { reveal: false });
  }

  @Post(':token/details')
  async details(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.open(token, req, res, true);
    if (!row) return;
    await this.forwarding.recordReveal(row);
    await this.render(res, token, row, { reveal: true });
  }

  @Post(':token/acknowledge')
  async acknowledge(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.open(token, req, res, true);
    if (!row) return;
    await this.forwarding.acknowledge(row);
    this.backToPage(res, token);
  }

  @Post(':token/decision')
  async decision(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.open(token, req, res, true);
    if (!row) return;
    // A repeated or late POST: the page shows what was recorded.
    if (row.decision) return this.backToPage(res, token);
    const controller = await this.controllers.row(row.controllerId);
    const lang = controller.language;
    const parsed = parseDecision((req.body ?? {}) as Record<string, unknown>, controller.tone, lang);
    if (!parsed.ok) return this.render(res, token, row, { reveal: false, error: parsed.error, status: 422, values: decisionValuesOf((req.body ?? {}) as Record<string, unknown>) });
    if (parsed.needsConfirmation) {
      const instruction = parsed.input.instruction!;
      const tone: Tone = controller.tone;
      const texts = CONTROLLER_PAGE_TEXTS[lang];
      const html = this.views.render(
        'controller-confirm',
        {
          reference: await this.reference(row),
          token,
          csrf: this.forwarding.csrfOf(row),
          instruction,
          tone,
          instructionLabel: instructionOption(instruction, tone, lang),
          warning: applyTone(instruction === 'erase' ? texts.warnings.erase : texts.warnings.export, tone),
          details: parsed.input.details ?? '',
          note: parsed.input.note ?? '',
        },
        { title: texts.confirmTitle, agent: null, csrf: null, lang },
      );
      return this.send(res, html, 200);
    }
    await this.forwarding.decide(row, parsed.input);
    this.backToPage(res, token);
  }

  /** Opens the link (ForwardingService.access: rate limit, lookup, the form's CSRF); answers the error page itself. */
  private async open(token: string, req: Request, res: Response, form = false): Promise<ForwardingRow | undefined> {
    const access = await this.forwarding.access(token, req.ip, form ? (req.body ?? {}) : undefined);
    if (access.status === 'ok') return access.row;
    sendLinkPage(this.views, res, access.status);
    return undefined;
  }

  private async render(res: Response, token: string, row: ForwardingRow, o: { reveal: boolean; error?: string; status?: number; values?: ReturnType<typeof decisionValuesOf> }): Promise<void> {
    const current = (await this.store.byId(row.id)) ?? row;
    const request = await this.runner.load(current.requestId);
    if (!request) return sendLinkPage(this.views, res, 404);
    const controller = await this.controllers.row(current.controllerId);
    const model = controllerPageModel(current, request, {
      token,
      csrf: this.forwarding.csrfOf(current),
      today: localDate(this.clock.now(), current.country),
      tone: controller.tone,
      lang: controller.language,
      controllerName: controller.name,
      processorName: this.config.processor.name,
      extraNonWorkingDays: this.config.extraNonWorkingDays,
      reveal: o.reveal,
      error: o.error ?? null,
      ...(o.values ? { values: o.values } : {}),
    });
    // The processor's work on this controller's instruction: concern, what was done, the export.
    const { tasks, exports } = await this.processorTasks.ofForwarding(current.id);
    Object.assign(model, { processorTasks: controllerTasksView(tasks, exports, this.clock.now(), o.reveal, controller.language), processorEmail: this.config.processor.privacyEmail });
    const title = CONTROLLER_PAGE_TEXTS[controller.language].title(request.reference);
    this.send(res, this.views.render('controller-request', model, { title, agent: null, csrf: null, lang: controller.language }), o.status ?? 200);
  }

  private async reference(row: ForwardingRow): Promise<string> {
    return (await this.runner.load(row.requestId))?.reference ?? '';
  }

  private backToPage(res: Response, token: string): void {
    this.headers(res);
    res.status(303).setHeader('Location', `/c/${token}`).end();
  }

  private headers(res: Response): void {
    linkPageHeaders(res);
  }

  private send(res: Response, html: string, status: number): void {
    this.headers(res);
    res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8').send(html);
  }
}
