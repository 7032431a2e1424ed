/** The agent's own address for the daily digest (`/ui/account/email`); an admin sets anyone's on the agents page. */
import { Body, Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { parseAgentEmail } from './agent-email.js';
import { AgentsService } from '../agents/agents.service.js';
import { str, type FormBody } from './forms.js';
import { sendHtml, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { layoutFor, Views } from '../http/views.js';

@Controller('ui/account')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class AccountController {
  constructor(
    private readonly views: Views,
    private readonly agents: AgentsService,
  ) {}

  @Get('email')
  async page(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const me = await this.agents.get(req.ui!.agent.id);
    await this.render(req, res, 200, null, null, me?.email ?? '');
  }

  @Post('email')
  async save(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const parsed = parseAgentEmail(str(body, 'email'));
    if (!parsed.ok) return this.render(req, res, 400, parsed.message, null, str(body, 'email'));
    await this.agents.setEmail(req.ui!.agent.id, parsed.email);
    const done = parsed.email ? `Het dagoverzicht gaat voortaan naar ${parsed.email}.` : 'U krijgt geen dagoverzicht meer.';
    await this.render(req, res, 200, null, done, parsed.email ?? '');
  }

  private async render(req: UiRequest, res: Response, status: number, error: string | null, done: string | null, email: string): Promise<void> {
    sendHtml(res, this.views.render('account-email', { email, error, done }, layoutFor(req.ui, 'Dagoverzicht', 'account-email')), status);
  }
}
