/** The register export in the agent workspace: a small form and the CSV/JSON download for logged-in agents. */
import { Controller, Get, Inject, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { sendHtml, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { layoutFor, Views } from '../http/views.js';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { sendRegister } from '../register/register.controller.js';
import { registerQuerySchema, RegisterService } from '../register/register.service.js';

@Controller('ui/register')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class RegisterUiController {
  constructor(
    private readonly views: Views,
    private readonly register: RegisterService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  page(@Req() req: UiRequest, @Res() res: Response): void {
    const today = localDate(this.clock.now(), this.config.processor.country);
    this.render(req, res, 200, null, { from: `${today.slice(0, 4)}-01-01`, to: today, format: 'csv' });
  }

  @Get('export')
  async export(@Query() query: Record<string, unknown>, @Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const parsed = registerQuerySchema.safeParse({ from: query.from, to: query.to, format: query.format || 'csv' });
    if (!parsed.success) {
      const values = { from: String(query.from ?? ''), to: String(query.to ?? ''), format: query.format === 'json' ? 'json' : 'csv' };
      this.render(req, res, 400, 'Vul twee geldige datums in (JJJJ-MM-DD, tussen 1970 en 2199); de einddatum mag niet voor de begindatum liggen.', values);
      return;
    }
    await sendRegister(this.register, parsed.data, res, this.logger);
  }

  private render(req: UiRequest, res: Response, status: number, error: string | null, values: { from: string; to: string; format: string }): void {
    sendHtml(res, this.views.render('register', { error, values }, layoutFor(req.ui, 'Register', 'register')), status);
  }
}
