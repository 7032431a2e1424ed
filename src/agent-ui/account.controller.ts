/**
 * The agent's own account: the address for the daily digest (`/ui/account/email`; an admin sets
 * anyone's on the agents page) and their password (`/ui/account/password`; also the forced change
 * of a temporary password before anything else opens).
 */
import { Body, Controller, Get, Inject, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { parseAgentEmail } from './agent-email.js';
import { AgentsService } from '../agents/agents.service.js';
import { str, type FormBody } from './forms.js';
import { cookie, isSecure, sendHtml, SESSION_COOKIE, UiAccessLevel, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { layoutFor, Views } from '../http/views.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { markInitialPasswordUsed } from '../initial-credentials.js';
import { passwordAttempt, pathOfStage, stageAfterFactors } from './auth-steps.js';
import { waitMessage } from './login-budget.js';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';
import { SessionsService, type UiSession } from './sessions.service.js';

@Controller('ui/account')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class AccountController {
  constructor(
    private readonly views: Views,
    private readonly agents: AgentsService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get('password')
  @UiAccessLevel('password-step')
  async passwordPage(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    this.renderPassword(req.ui!, res, 200, null, null);
  }

  /** Current password (behind the login budget), then the policy; the other sessions of the agent end. */
  @Post('password')
  @UiAccessLevel('password-step')
  async changePassword(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const current = str(body, 'current');
    const password = str(body, 'password');
    const check = await passwordAttempt(this.sessions, this.agents, session.agent.username, current, req.ip ?? 'unknown');
    if (check.result === 'wait') throw new UiError(429, 'Te veel mislukte pogingen', waitMessage(check.seconds), check.seconds);
    if (check.result === 'wrong') return this.renderPassword(req.ui!, res, 400, 'Uw huidige wachtwoord klopt niet.', null);
    const problem = passwordProblem(password, { username: session.agent.username, current });
    if (problem) return this.renderPassword(req.ui!, res, 400, problem, null);
    if (password !== str(body, 'repeat')) return this.renderPassword(req.ui!, res, 400, 'De twee nieuwe wachtwoorden zijn niet hetzelfde.', null);

    const now = this.clock.now();
    await this.agents.changePassword(session.agent.id, password);
    markInitialPasswordUsed(this.config.dataDir, session.agent.username, now);
    // Every session of the agent ends (a stolen one too); this browser gets a fresh one.
    await this.sessions.destroyAllOf(session.agent.id);
    const stage = session.stage === 'password' ? await stageAfterFactors(this.sessions, this.agents, session.agent.id) : 'full';
    const id = await this.sessions.create(session.agent.id, stage);
    res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, id, { secure: isSecure(this.config) }));
    if (session.stage === 'password') {
      if (stage === 'full') await this.agents.recordLogin(session.agent.id, now);
      res.status(303).setHeader('Location', pathOfStage(stage)).end();
      return;
    }
    // The page is rendered for the new session (its CSRF secret).
    this.renderPassword((await this.sessions.find(id))!, res, 200, null, 'Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.');
  }

  private renderPassword(session: UiSession, res: Response, status: number, error: string | null, done: string | null): void {
    const mustChange = session.stage === 'password';
    sendHtml(
      res,
      this.views.render('account-password', { mustChange, minLength: PASSWORD_MIN_LENGTH, error, done }, layoutFor(session, 'Wachtwoord', 'account-password')),
      status,
    );
  }

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
