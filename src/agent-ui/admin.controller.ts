/** Admin pages of the workspace: agents, API keys, the "2FA mandatory" setting. Agents get 403. */
import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiClientNameTaken, ApiKeysService } from '../api/api-keys.service.js';
import { API_SCOPES, type ApiScope } from '../common/auth.decorators.js';
import { randomToken } from '../common/crypto.js';
import { parseAgentEmail } from './agent-email.js';
import { AGENT_ROLES, AgentsService, type AgentRole } from '../agents/agents.service.js';
import { list, str, type FormBody } from './forms.js';
import { SessionsService } from './sessions.service.js';
import { passwordAttempt } from './auth-steps.js';
import { waitMessage } from './login-budget.js';
import { sendHtml, UI_PATH, UiAccessLevel, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { layoutFor, Views } from '../http/views.js';
import { dutchList } from '../replies/renderer.js';

/** Who gets no daily digest for want of an address (active agents only), in a Dutch sentence; null when everyone has one. */
export function noDigestNotice(usernames: readonly string[]): string | null {
  if (!usernames.length) return null;
  const who = dutchList(usernames);
  return usernames.length === 1
    ? `1 actieve medewerker heeft geen e-mailadres en krijgt dus geen dagoverzicht: ${who}.`
    : `${usernames.length} actieve medewerkers hebben geen e-mailadres en krijgen dus geen dagoverzicht: ${who}.`;
}

const USERNAME = /^[a-z0-9._-]{2,64}$/;
const ROLE_LABELS: Record<AgentRole, string> = { agent: 'Medewerker', admin: 'Beheerder' };
const SCOPE_LABELS: Record<ApiScope, string> = {
  'requests:read': 'verzoeken lezen',
  'requests:write': 'verzoeken aanmaken en wijzigen',
  'requests:all': 'alle verzoeken, ook die van andere koppelingen (anders alleen de eigen)',
  'controllers:read': 'verwerkingsverantwoordelijken lezen',
  'controllers:write': 'verwerkingsverantwoordelijken beheren',
  'webhooks:manage': 'webhooks beheren',
  'incidents:assess': 'incidenten beoordelen (privacyfunctionaris)',
};

@Controller('ui/admin')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
@UiAccessLevel('admin')
export class AdminController {
  constructor(
    private readonly views: Views,
    private readonly agents: AgentsService,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
  ) {}

  @Get()
  index(@Res() res: Response): void {
    res.status(303).setHeader('Location', `${UI_PATH}/admin/agents`).end();
  }

  // ---- agents --------------------------------------------------------------------------------

  @Get('agents')
  async agentsPage(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    await this.renderAgents(req, res, 200, null, null, {});
  }

  private async renderAgents(
    req: UiRequest,
    res: Response,
    status: number,
    error: string | null,
    done: string | null,
    values: FormBody,
  ): Promise<void> {
    const rows = await this.agents.list();
    sendHtml(
      res,
      this.views.render(
        'admin-agents',
        {
          agents: rows.map((a) => ({
            id: a.id,
            username: a.username,
            displayName: a.displayName,
            role: ROLE_LABELS[a.role],
            isAdmin: a.role === 'admin',
            active: a.active,
            totp: a.totpEnabled,
            lastLoginAt: a.lastLoginAt,
            email: a.email ?? '',
            self: a.id === req.ui!.agent.id,
          })),
          noDigest: noDigestNotice(rows.filter((a) => a.active && !a.email).map((a) => a.username)),
          totpRequired: await this.sessions.totpRequired(),
          roleOptions: AGENT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
          values: { username: str(values, 'username'), displayName: str(values, 'displayName'), email: str(values, 'email') },
          error,
          done,
        },
        layoutFor(req.ui, 'Medewerkers', 'admin'),
      ),
      status,
    );
  }

  @Post('agents')
  async createAgent(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const username = str(body, 'username').trim().toLowerCase();
    const displayName = str(body, 'displayName').trim();
    const email = str(body, 'email').trim();
    const role = str(body, 'role') as AgentRole;
    if (!USERNAME.test(username)) {
      return this.renderAgents(req, res, 400, 'Een gebruikersnaam heeft 2 tot 64 tekens: kleine letters, cijfers, punt, streepje of liggend streepje.', null, body);
    }
    if (!displayName || displayName.length > 200) return this.renderAgents(req, res, 400, 'Vul een naam in (hoogstens 200 tekens).', null, body);
    if (!AGENT_ROLES.includes(role)) return this.renderAgents(req, res, 400, 'Kies een rol.', null, body);
    const parsedEmail = parseAgentEmail(email);
    if (!parsedEmail.ok) return this.renderAgents(req, res, 400, parsedEmail.message, null, body);
    const password = randomToken(12);
    const created = await this.agents.create({ username, displayName, password, role, email: parsedEmail.email ?? undefined, temporary: true });
    if (!created) return this.renderAgents(req, res, 409, 'Deze gebruikersnaam bestaat al.', null, body);
    await this.renderAgents(
      req,
      res,
      201,
      null,
      `Medewerker ${username} aangemaakt. Tijdelijk wachtwoord (wordt maar één keer getoond): ${password} – bij de eerste keer inloggen kiest ${username} een eigen wachtwoord.`,
      {},
    );
  }

  /** The address for an agent's daily digest (empty: none). */
  @Post('agents/:id/email')
  async setAgentEmail(@Req() req: UiRequest, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const agent = await this.agents.get(id);
    if (!agent) throw new UiError(404, 'Niet gevonden', 'Deze medewerker bestaat niet.');
    const parsed = parseAgentEmail(str(body, 'email'));
    if (!parsed.ok) return this.renderAgents(req, res, 400, `${agent.username}: ${parsed.message}`, null, {});
    await this.agents.setEmail(agent.id, parsed.email);
    await this.renderAgents(req, res, 200, null, parsed.email ? `Het dagoverzicht van ${agent.username} gaat naar ${parsed.email}.` : `${agent.username} krijgt geen dagoverzicht meer.`, {});
  }

  @Post('agents/:id')
  async updateAgent(@Req() req: UiRequest, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const agent = await this.agents.get(id);
    if (!agent) throw new UiError(404, 'Niet gevonden', 'Deze medewerker bestaat niet.');
    const action = str(body, 'action');
    const self = agent.id === req.ui!.agent.id;
    if (self && (action === 'deactivate' || action === 'make-agent')) {
      return this.renderAgents(req, res, 400, 'U kunt uw eigen account niet uitschakelen of uw eigen beheerrechten afnemen.', null, {});
    }
    // Resetting someone's password or second factor asks for the admin's own password first.
    if (action === 'reset-password' || action === 'reset-2fa') {
      const check = await passwordAttempt(this.sessions, this.agents, req.ui!.agent.username, str(body, 'current'), req.ip ?? 'unknown');
      if (check.result === 'wait') throw new UiError(429, 'Te veel mislukte pogingen', waitMessage(check.seconds), check.seconds);
      if (check.result === 'wrong') {
        return this.renderAgents(req, res, 400, 'Vul uw eigen huidige wachtwoord in om een nieuw wachtwoord te maken of tweestapsverificatie te wissen; het ingevulde wachtwoord klopt niet.', null, {});
      }
    }
    let done: string;
    switch (action) {
      case 'deactivate':
        await this.agents.update(agent.id, { active: false });
        await this.sessions.destroyAllOf(agent.id);
        done = `${agent.username} kan niet meer inloggen.`;
        break;
      case 'activate':
        await this.agents.update(agent.id, { active: true });
        done = `${agent.username} kan weer inloggen.`;
        break;
      case 'make-admin':
        await this.agents.update(agent.id, { role: 'admin' });
        done = `${agent.username} is nu beheerder.`;
        break;
      case 'make-agent':
        await this.agents.update(agent.id, { role: 'agent' });
        done = `${agent.username} is nu medewerker.`;
        break;
      case 'reset-password': {
        const password = randomToken(12);
        await this.agents.update(agent.id, { password });
        await this.sessions.destroyAllOf(agent.id);
        done = `${agent.username} kiest bij de eerste keer inloggen een eigen wachtwoord. Nieuw tijdelijk wachtwoord voor ${agent.username} (wordt maar één keer getoond): ${password}`;
        break;
      }
      case 'reset-2fa':
        await this.agents.disableTotp(agent.id);
        await this.sessions.destroyAllOf(agent.id);
        done = `Tweestapsverificatie van ${agent.username} is gewist; bij de volgende keer inloggen stelt hij of zij die opnieuw in.`;
        break;
      default:
        throw new UiError(400, 'Onbekende actie', 'Deze actie bestaat niet.');
    }
    await this.renderAgents(req, res, 200, null, done, {});
  }

  @Post('settings')
  async settings(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const required = str(body, 'totpRequired') === 'ja';
    await this.sessions.setTotpRequired(required);
    await this.renderAgents(
      req,
      res,
      200,
      null,
      required
        ? 'Tweestapsverificatie is nu verplicht: wie die nog niet heeft, stelt haar in bij de volgende keer inloggen.'
        : 'Tweestapsverificatie is niet meer verplicht.',
      {},
    );
  }

  // ---- API keys ------------------------------------------------------------------------------

  @Get('api-keys')
  async keysPage(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    await this.renderKeys(req, res, 200, null, null, null);
  }

  private async renderKeys(req: UiRequest, res: Response, status: number, error: string | null, done: string | null, newKey: string | null) {
    const keys = await this.apiKeys.list();
    sendHtml(
      res,
      this.views.render(
        'admin-api-keys',
        {
          keys: keys.map((k) => ({
            id: k.id,
            clientName: k.clientName,
            prefix: k.keyPrefix,
            scopes: k.scopes.map((s) => SCOPE_LABELS[s] ?? s).join(', '),
            createdAt: k.createdAt,
            lastUsedAt: k.lastUsedAt,
            revokedAt: k.revokedAt,
          })),
          scopeOptions: API_SCOPES.map((s) => ({ value: s, label: `${s} – ${SCOPE_LABELS[s]}` })),
          error,
          done,
          newKey,
        },
        layoutFor(req.ui, 'API-sleutels', 'admin'),
      ),
      status,
    );
  }

  @Post('api-keys')
  async createKey(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const name = str(body, 'clientName').trim();
    const scopes = list(body, 'scopes').filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));
    if (!name || name.length > 100) return this.renderKeys(req, res, 400, 'Geef de koppeling een naam (hoogstens 100 tekens).', null, null);
    if (!scopes.length) return this.renderKeys(req, res, 400, 'Kies minstens één recht voor de sleutel.', null, null);
    const created = await this.apiKeys.create(name, scopes).catch((err: unknown) => {
      if (err instanceof ApiClientNameTaken) return undefined;
      throw err;
    });
    if (!created) return this.renderKeys(req, res, 409, `Er bestaat al een koppeling met de naam ${name}. Kies een andere naam.`, null, null);
    const { key } = created;
    await this.renderKeys(req, res, 201, null, `Sleutel voor ${name} aangemaakt. Kopieer hem nu: hij wordt maar één keer getoond.`, key);
  }

  @Post('api-keys/:id/revoke')
  async revokeKey(@Req() req: UiRequest, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const revoked = await this.apiKeys.revoke(id);
    await this.renderKeys(req, res, revoked ? 200 : 404, revoked ? null : 'Deze sleutel bestaat niet of is al ingetrokken.', revoked ? 'De sleutel is ingetrokken.' : null, null);
  }
}
