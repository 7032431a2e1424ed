/** The pages of the agent workspace under /ui: login, queue, request detail with its actions, new request, account. */
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { isLanguage, LANGUAGE_LABELS, LANGUAGES, languageLabel, requesterLanguageOf } from '../vocabulary/language.js';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { randomToken } from '../common/crypto.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { credentialsFileShown } from '../initial-credentials.js';
import { ProblemException, ValidationProblem, type FieldError } from '../common/problem.js';
import { ForwardingService } from '../forwarding/forwarding.service.js';
import { parseOrThrow } from '../common/validation.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { RequestCommands, ROW_REPLY } from '../requests/request-commands.js';
import type { CommandSender } from '../requests/senders.js';
import type { RequestRow } from '../requests/request-row.js';
import { RequestsService } from '../requests/requests.service.js';
import { REFUSAL_TEXTS, verificationPanel } from '../verification/verification-view.js';
import { VerificationService } from '../verification/verification.service.js';
import { ProcessorTasksService } from '../processor-tasks/processor-tasks.service.js';
import { decideStepSchema, startStepSchema } from '../verification/verification.schemas.js';
import { AgentsService } from '../agents/agents.service.js';
import {
  dutchEventError,
  dutchIntakeError,
  EVENT_HELP,
  SIMPLE_EVENTS,
  eventOf,
  fieldErrors,
  intakeBodyOf,
  intakeFieldOf,
  refusalReason,
  str,
  type FormBody,
} from './forms.js';
import { controllerIdsOf, QueueService } from './queue.service.js';
import { SessionsService, type UiSession } from './sessions.service.js';
import { passwordAttempt, pathOfStage, stageAfterFactors, totpAttempt } from './auth-steps.js';
import { waitMessage } from './login-budget.js';
import { totpQrSvg } from './totp-qr.js';
import { completionForm, completionRefusal } from './completion-form.js';
import { PRIVACY_FACTS_INCOMPLETE } from '../requests/completion-facts.js';
import {
  cookie,
  CSRF_ERROR,
  isSecure,
  LOGIN_CSRF_COOKIE,
  parseCookies,
  sendHtml,
  SESSION_COOKIE,
  UI_PATH,
  UiAccessLevel,
  UiError,
  UiExceptionFilter,
  UiSessionGuard,
  type UiRequest,
} from './ui-auth.js';
import {
  CHANNEL_OPTIONS,
  channelText,
  clock,
  DECISION_OPTIONS,
  eventLabel,
  flagsOf,
  forwardingsOf,
  GROUND_OPTIONS,
  INSTRUCTION_LABELS,
  INSTRUCTION_OPTIONS,
  legalDateOf,
  requesterOf,
  REQUESTER_COUNTRY_OPTIONS,
  RIGHT_OPTIONS,
  rightText,
  SCOPE_OPTIONS,
  stateLabel,
  templateText,
  timelineOf,
} from './view-models.js';
import { confirmationFor, nextStep, REVOKE_LINK_CONFIRMATION, type Confirmation } from './next-step.js';
import { actorOf, layoutFor, Views, type LayoutData } from '../http/views.js';
import { InboxService } from '../inbox/inbox.service.js';
import { inboxPanel } from './inbox-ui.controller.js';

/** After a step in the "Verwerkersopdrachten" panel (src/processor-tasks/). */
const TASK_BANNERS: Record<string, string> = {
  bezwaar: 'Het bezwaar is vastgelegd en per e-mail aan de verwerkingsverantwoordelijke voorgelegd.',
  antwoord: 'Het antwoord van de verwerkingsverantwoordelijke is vastgelegd.',
  export: 'De export is geüpload en staat klaar voor de verwerkingsverantwoordelijke.',
};

/** After "Nieuwe link sturen" and "Link intrekken" on a forwarding. */
const LINK_BANNERS: Record<string, string> = {
  nieuw: 'Er is een nieuwe link naar de verwerkingsverantwoordelijke gemaild. De oude link werkt niet meer.',
  ingetrokken: 'De link van de verwerkingsverantwoordelijke is ingetrokken; die werkt niet meer.',
};

/** After "Aan mij toewijzen" and "Teruggeven". */
const ASSIGN_BANNERS: Record<string, string> = {
  mij: 'Het verzoek is aan u toegewezen.',
  niemand: 'U heeft het verzoek teruggegeven; het is nu niet toegewezen.',
};

const ASSETS: Record<string, string> = {
  'simple.css': join(PROJECT_ROOT, 'node_modules', 'simpledotcss', 'simple.min.css'),
  'app.css': join(PROJECT_ROOT, 'public', 'ui.css'),
  'controllers.js': join(PROJECT_ROOT, 'public', 'controllers.js'),
  // Keyboard shortcuts of the queue (progressive enhancement: every action works without it).
  'queue.js': join(PROJECT_ROOT, 'public', 'queue.js'),
};

interface Banner {
  kind: 'error' | 'success';
  text: string;
}

/** The agent as the sender of a request command. */
export function senderOf(session: UiSession): CommandSender {
  return { actor: actorOf(session), kind: 'agent' };
}

@Controller('ui')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class UiController {
  private readonly assets = new Map<string, Buffer>();

  constructor(
    private readonly views: Views,
    private readonly sessions: SessionsService,
    private readonly agents: AgentsService,
    private readonly queue: QueueService,
    private readonly requests: RequestsService,
    private readonly commands: RequestCommands,
    private readonly clock: Clock,
    private readonly db: DataSource,
    private readonly forwarding: ForwardingService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly verification: VerificationService,
    private readonly processorTasks: ProcessorTasksService,
    private readonly inbox: InboxService,
  ) {
    for (const [name, path] of Object.entries(ASSETS)) this.assets.set(name, readFileSync(path));
  }

  // ---- assets --------------------------------------------------------------------------------

  @Get('assets/:file')
  @UiAccessLevel('anonymous')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const data = this.assets.get(file);
    if (!data) throw new UiError(404, 'Niet gevonden', 'Dit bestand bestaat niet.');
    res.status(200).setHeader('Content-Type', file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8').setHeader('Cache-Control', 'public, max-age=3600').send(data);
  }

  // ---- login, second factor, logout ------------------------------------------------------------

  @Get('login')
  @UiAccessLevel('anonymous')
  loginPage(@Res() res: Response): void {
    this.renderLogin(res, 200, '', null);
  }

  private renderLogin(res: Response, status: number, username: string, error: string | null): void {
    const token = randomToken(24);
    res.setHeader('Set-Cookie', cookie(LOGIN_CSRF_COOKIE, token, { secure: isSecure(this.config), path: `${UI_PATH}/login` }));
    sendHtml(res, this.views.render('login', { loginCsrf: token, username, error, credentialsFile: credentialsFileShown(this.config.dataDir) }, layoutFor(undefined, 'Inloggen')), status);
  }

  @Post('login')
  @UiAccessLevel('anonymous')
  async login(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const expected = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
    const given = str(body ?? {}, '_csrf');
    if (!expected || !given || expected !== given) throw CSRF_ERROR();
    const username = str(body, 'username').trim();
    const password = str(body, 'password');
    const ip = req.ip ?? 'unknown';
    const attempt = await passwordAttempt(this.sessions, this.agents, username, password, ip);
    if (attempt.result === 'wait') {
      res.setHeader('Retry-After', String(attempt.seconds));
      return this.renderLogin(res, 429, username, waitMessage(attempt.seconds));
    }
    if (attempt.result === 'wrong') return this.renderLogin(res, 401, username, 'Gebruikersnaam of wachtwoord klopt niet.');
    const agent = attempt.value;
    const { enabled } = await this.agents.totpState(agent.id);
    if (!enabled) await this.sessions.loginSucceeded(agent.username, ip);
    const stage = enabled ? 'totp' : await stageAfterFactors(this.sessions, this.agents, agent.id);
    const id = await this.sessions.create(agent.id, stage);
    if (stage === 'full') await this.agents.recordLogin(agent.id, this.clock.now());
    res.setHeader('Set-Cookie', [
      cookie(SESSION_COOKIE, id, { secure: isSecure(this.config) }),
      cookie(LOGIN_CSRF_COOKIE, '', { secure: isSecure(this.config), path: `${UI_PATH}/login`, maxAgeSeconds: 0 }),
    ]);
    res.status(303).setHeader('Location', pathOfStage(stage)).end();
  }

  @Get('login/totp')
  @UiAccessLevel('totp-step')
  totpPage(@Req() req: UiRequest, @Res() res: Response): void {
    sendHtml(res, this.views.render('totp', { error: null }, layoutFor(req.ui, 'Tweede stap')));
  }

  @Post('login/totp')
  @UiAccessLevel('totp-step')
  async totp(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const ip = req.ip ?? 'unknown';
    const attempt = await totpAttempt(this.sessions, this.agents, session.agent, str(body, 'code'), ip, this.clock.now());
    if (attempt.result === 'ok') {
      await this.sessions.loginSucceeded(session.agent.username, ip);
      // A fresh session id once both factors are proven.
      await this.sessions.destroy(session.idHash);
      const stage = await stageAfterFactors(this.sessions, this.agents, session.agent.id);
      const id = await this.sessions.create(session.agent.id, stage);
      if (stage === 'full') await this.agents.recordLogin(session.agent.id, this.clock.now());
      res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, id, { secure: isSecure(this.config) }));
      res.status(303).setHeader('Location', pathOfStage(stage)).end();
      return;
    }
    if (attempt.result === 'wait') res.setHeader('Retry-After', String(attempt.seconds));
    const error = attempt.result === 'wait' ? waitMessage(attempt.seconds) : 'Deze code klopt niet of is al gebruikt. Gebruik de code die uw app nu toont.';
    sendHtml(res, this.views.render('totp', { error }, layoutFor(req.ui, 'Tweede stap')), attempt.result === 'wait' ? 429 : 401);
  }

  @Post('logout')
  @UiAccessLevel('any-stage')
  async logout(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    await this.sessions.destroy(req.ui!.idHash);
    res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, '', { secure: isSecure(this.config), maxAgeSeconds: 0 }));
    res.status(303).setHeader('Location', `${UI_PATH}/login?uitgelogd=1`).end();
  }

  // ---- account: two-factor -------------------------------------------------------------------

  @Get('account/2fa')
  @UiAccessLevel('enrol-step')
  async twoFactorPage(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    await this.renderTwoFactor(req, res, 200, null, null);
  }

  private async renderTwoFactor(req: UiRequest, res: Response, status: number, error: string | null, done: string | null): Promise<void> {
    const session = req.ui!;
    const { enabled } = await this.agents.totpState(session.agent.id);
    const secret = enabled ? '' : this.agents.newTotpSecret();
    const uri = secret ? this.agents.totpUri(session.agent.username, secret) : '';
    sendHtml(
      res,
      this.views.render(
        'account-2fa',
        {
          enabled,
          required: await this.sessions.totpRequired(),
          mustEnrol: session.stage === 'enrol',
          secret,
          uri,
          qrSvg: uri ? await totpQrSvg(uri) : '',
          error,
          done,
        },
        layoutFor(session, 'Tweestapsverificatie', 'account'),
      ),
      status,
    );
  }

  @Post('account/2fa')
  @UiAccessLevel('enrol-step')
  async twoFactor(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const action = str(body, 'action');
    if (action === 'disable') {
      if (await this.sessions.totpRequired()) {
        return this.renderTwoFactor(req, res, 400, 'Tweestapsverificatie is verplicht gesteld door een beheerder; uitzetten kan niet.', null);
      }
      const check = await passwordAttempt(this.sessions, this.agents, session.agent.username, str(body, 'current'), req.ip ?? 'unknown');
      if (check.result === 'wait') throw new UiError(429, 'Te veel mislukte pogingen', waitMessage(check.seconds), check.seconds);
      if (check.result === 'wrong') {
        return this.renderTwoFactor(req, res, 400, 'Vul uw huidige wachtwoord in om tweestapsverificatie uit te zetten; het ingevulde wachtwoord klopt niet.', null);
      }
      await this.agents.disableTotp(session.agent.id);
      return this.renderTwoFactor(req, res, 200, null, 'Tweestapsverificatie staat uit.');
    }
    const secret = str(body, 'secret').trim();
    const step = /^[A-Z2-7]{16,64}$/.test(secret) ? this.agents.checkTotp(secret, str(body, 'code'), this.clock.now()) : undefined;
    if (step === undefined) {
      return this.renderTwoFactor(req, res, 400, 'De code klopt niet. Voeg de sleutel opnieuw toe in uw app en vul de code in die de app nu toont.', null);
    }
    await this.agents.enableTotp(session.agent.id, secret, step);
    if (session.stage === 'enrol') {
      await this.sessions.destroy(session.idHash);
      const id = await this.sessions.create(session.agent.id, 'full');
      await this.agents.recordLogin(session.agent.id, this.clock.now());
      res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, id, { secure: isSecure(this.config) }));
      res.status(303).setHeader('Location', UI_PATH).end();
      return;
    }
    await this.renderTwoFactor(req, res, 200, null, 'Tweestapsverificatie staat aan. Bij de volgende keer inloggen vragen we om een code.');
  }

  // ---- new request ---------------------------------------------------------------------------

  @Get('requests/new')
  newRequestPage(@Req() req: UiRequest, @Res() res: Response): void {
    const now = this.clock.now();
    const local = localDateTimeParts(now, this.config.processor.country);
    this.renderNew(req, res, 200, { channel: 'phone', receivedDate: local.date, receivedTime: local.time }, {}, []);
  }

  private renderNew(req: UiRequest, res: Response, status: number, values: FormBody, errors: Record<string, string>, general: string[]): void {
    const v = (name: string) => str(values, name);
    const rights = Array.isArray(values.rights) ? values.rights : values.rights ? [values.rights] : [];
    sendHtml(
      res,
      this.views.render(
        'request-new',
        {
          values: {
            channel: v('channel'),
            receivedDate: v('receivedDate'),
            receivedTime: v('receivedTime'),
            externalRef: v('externalRef'),
            name: v('name'),
            email: v('email'),
            phone: v('phone'),
            customerRef: v('customerRef'),
            address: v('address'),
            countryOther: v('countryOther'),
            message: v('message'),
          },
          countryOptions: REQUESTER_COUNTRY_OPTIONS.map((o) => ({ ...o, selected: o.value === v('country') })),
          // Empty: the processor's language; the agent picks another for a requester who wrote in French or English.
          languageOptions: [
            { value: '', label: `Zoals de verwerker (${languageLabel(this.config.processorLanguage)})`, selected: !v('language') },
            ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l], selected: v('language') === l })),
          ],
          rightOptions: RIGHT_OPTIONS.map((o) => ({ ...o, checked: rights.includes(o.value) })),
          channelOptions: CHANNEL_OPTIONS,
          errors: {
            channel: errors.channel ?? null,
            receivedDate: errors.receivedDate ?? null,
            externalRef: errors.externalRef ?? null,
            name: errors.name ?? null,
            email: errors.email ?? null,
            phone: errors.phone ?? null,
            customerRef: errors.customerRef ?? null,
            address: errors.address ?? null,
            country: errors.country ?? null,
            language: errors.language ?? null,
            rights: errors.rights ?? null,
            message: errors.message ?? null,
          },
          hasErrors: Object.keys(errors).length > 0 || general.length > 0,
          general,
        },
        layoutFor(req.ui, 'Nieuw verzoek', 'new'),
      ),
      status,
    );
  }

  @Post('requests/new')
  async createRequest(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    try {
      const row = await this.commands.file(intakeBodyOf(body, this.config.processor.country), senderOf(session), ROW_REPLY);
      this.queue.invalidateCounts();
      res.status(303).setHeader('Location', `${UI_PATH}/requests/${row.id}?nieuw=1`).end();
    } catch (err) {
      if (!(err instanceof ValidationProblem)) throw err;
      const list = (err.extensions.errors as FieldError[]) ?? [];
      const known = new Set(['channel', 'receivedDate', 'externalRef', 'name', 'email', 'phone', 'customerRef', 'address', 'rights', 'message']);
      const errors = fieldErrors(list, intakeFieldOf, dutchIntakeError);
      const general = Object.keys(errors).filter((f) => !known.has(f)).map((f) => errors[f]);
      this.renderNew(req, res, 400, body, errors, general);
    }
  }

  // ---- request detail and its actions --------------------------------------------------------

  @Get('requests/:id')
  async detailPage(@Req() req: UiRequest, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const banner: Banner | null =
      query.nieuw === '1'
        ? { kind: 'success', text: 'Het verzoek is geregistreerd.' }
        : typeof query.gedaan === 'string' && query.gedaan
          ? { kind: 'success', text: `Vastgelegd: ${eventLabel(query.gedaan)}.` }
          : query.identiteit === 'gestart' || query.identiteit === 'besloten'
            ? { kind: 'success', text: query.identiteit === 'gestart' ? 'De identiteitscontrole is gestart.' : 'De identiteitscontrole is vastgelegd.' }
            : typeof query.opdracht === 'string' && TASK_BANNERS[query.opdracht]
              ? { kind: 'success', text: TASK_BANNERS[query.opdracht] }
              : typeof query.link === 'string' && LINK_BANNERS[query.link]
                ? { kind: 'success', text: LINK_BANNERS[query.link] }
                : typeof query.toegewezen === 'string' && ASSIGN_BANNERS[query.toegewezen]
                  ? { kind: 'success', text: ASSIGN_BANNERS[query.toegewezen] }
                  : isLanguage(query.taal)
                    ? { kind: 'success', text: `De verzoeker krijgt voortaan brieven in het ${languageLabel(query.taal)}.` }
                    : null;
    await this.renderDetail(req, res, id, 200, banner, null);
  }

  private async renderDetail(
    req: UiRequest,
    res: Response,
    id: string,
    status: number,
    banner: Banner | null,
    formError: { type: string; errors: Record<string, string> } | null,
  ): Promise<void> {
    const session = req.ui!;
    const row = await this.requests.row(id);
    const resource = await this.requests.present(row);
    const [timeline, agents, messages, notes, failed, mails, attachments] = await Promise.all([
      this.requests.timeline(row.id),
      this.agents.list(),
      this.db.query(
        `SELECT template, recipient, status, created_at AS "createdAt", sent_at AS "sentAt" FROM messages WHERE request_id = $1 ORDER BY created_at`,
        [row.id],
      ) as Promise<{ template: string; recipient: string; status: string; createdAt: Date; sentAt: Date | null }[]>,
      this.db.query(`SELECT author, text, created_at AS "createdAt" FROM request_notes WHERE request_id = $1 ORDER BY created_at`, [row.id]) as Promise<
        { author: string; text: string; createdAt: Date }[]
      >,
      this.db.query(`SELECT EXISTS (SELECT 1 FROM messages WHERE request_id = $1 AND status = 'failed') AS x`, [row.id]) as Promise<{ x: boolean }[]>,
      this.inbox.mailsOf(row.id),
      this.inbox.attachmentsOf(row.id),
    ]);
    const byUsername = new Map(agents.map((a) => [a.username, a.displayName]));
    const steps = await this.verification.list(row.id);
    const verification = verificationPanel(steps.items, {
      requesterCountry: row.requesterCountry,
      recipient: this.config.processor.name,
      reference: row.reference,
      inHouse: row.state.startsWith('inHouse'),
      identityEstablished: steps.identityEstablished,
    });
    const ids = controllerIdsOf(row);
    const names = await this.queue.controllerNames(ids);
    const context = (row.snapshot as { context?: Record<string, unknown> }).context ?? {};
    const entries = (Array.isArray(context.controllers) ? context.controllers : []) as {
      controllerId: string;
      matchedBy?: string[];
      decision?: string;
      instruction?: string;
    }[];
    const controllers = entries.map((c) => ({
      id: c.controllerId,
      name: names.get(c.controllerId)?.name ?? 'onbekende verwerkingsverantwoordelijke',
      matchedBy: (c.matchedBy ?? []).join(', '),
      decision: c.decision ? (DECISION_OPTIONS.find((d) => d.value === c.decision)?.label ?? c.decision) : 'nog geen besluit',
      instruction: c.instruction ? (INSTRUCTION_LABELS[c.instruction] ?? c.instruction) : '',
      undecided: !c.decision,
    }));
    const pending = (Array.isArray(context.pendingInstructions) ? context.pendingInstructions : []) as { controllerId: string; instruction: string }[];
    const today = localDate(this.clock.now(), row.country);
    const d = resource.deadlines;
    const deadlines = [
      { label: 'Ontvangen', date: d.receivedDate, text: 'De dag van ontvangst telt niet mee.' },
      { label: 'Doorsturen uiterlijk', date: d.forwardBy, text: d.explanations.forwardBy.text },
      {
        label: d.extended ? 'Oorspronkelijke uiterste datum' : 'Uiterste datum antwoord',
        date: d.respondBy,
        text: d.explanations.respondBy.text,
      },
      ...(d.pausedDays > 0
        ? [{ label: 'Zonder opschorting', date: d.unpausedRespondBy, text: d.explanations.unpausedRespondBy.text }]
        : []),
      {
        label: d.extended ? 'Uiterste datum na verlenging' : 'Bij verlenging',
        date: d.extendedRespondBy,
        text: d.explanations.extendedRespondBy.text,
      },
      ...(d.promiseRespondBy && d.explanations.promiseRespondBy
        ? [{ label: 'Toegezegd', date: d.promiseRespondBy, text: d.explanations.promiseRespondBy.text }]
        : []),
    ];
    const processorTasks = await this.processorTasks.agentPanel(row.id, resource.allowedEvents.includes('INSTRUCTION_DONE'), names);
    const next = nextStep({
      state: row.state,
      allowedEvents: resource.allowedEvents,
      unmatched: resource.flags.unmatched === true,
      undecidedControllers: controllers.filter((c) => c.undecided).length,
      controllerOverdue: forwardingsOf(resource).some((f) => f.overdue),
      verification: {
        awaitingAgentDecision: verification.steps.some((s) => s.decidable),
        awaitingRequester: verification.steps.some((s) => s.statusCode === 'requested' && !s.decidable),
        identityEstablished: verification.identityEstablished,
      },
      tasks: {
        completable: processorTasks.filter((t) => t.canComplete).length,
        concerns: processorTasks.filter((t) => t.canResolve).length,
      },
    });
    const recommended = next?.action.kind === 'event' ? next.action.event : null;
    const errorsFor = (type: string) => (formError?.type === type ? formError.errors : {});
    // INSTRUCTION_DONE is completed per task in the "Verwerkersopdrachten" panel (outcome, art 19 recipients),
    // CONFIRM_RIGHTS beside the mail the request came in with (the suggested rights ticked), SET_LANGUAGE beside the requester's details ("Taal wijzigen").
    const forms = resource.allowedEvents.filter((type) => type !== 'INSTRUCTION_DONE' && type !== 'CONFIRM_RIGHTS' && type !== 'SET_LANGUAGE').map((type) => {
      const errors = errorsFor(type);
      return {
        type,
        label: eventLabel(type),
        help: EVENT_HELP[type] ?? '',
        simple: SIMPLE_EVENTS.includes(type),
        recommended: type === recommended,
        open: formError?.type === type || type === recommended,
        error: {
          scope: errors.scope ?? null,
          rights: errors.rights ?? null,
          controllerIds: errors.controllerIds ?? errors.controllerId ?? null,
          decision: errors.decision ?? errors.instruction ?? null,
          reason: errors.reason ?? null,
          ground: errors.ground ?? null,
          of: errors.of ?? null,
          text: errors.text ?? null,
          recipientsNotified: errors.recipientsNotified ?? null,
          decisionReviewOutcome: errors.decisionReviewOutcome ?? null,
        },
      };
    });
    // The in-house completion letter is written from the privacy facts file: what it lacks, the art 19 recipients to tick, an art 22 outcome.
    const completion = forms.some((f) => f.type === 'COMPLETE') ? completionForm(this.config.privacyFacts, requesterLanguageOf(row, this.config.processorLanguage), row.rights) : null;
    for (const f of forms) if (f.type === 'COMPLETE' && completion?.fields) f.simple = false;
    const html = this.views.render(
      'request-detail',
      {
        banner,
        r: {
          id: row.id,
          reference: row.reference,
          externalRef: row.externalRef ?? '',
          channel: channelText(row.channel),
          receivedAt: resource.receivedAt,
          state: stateLabel(row.state),
          closed: row.closedAt !== null,
          version: row.version,
          requester: requesterOf(row),
          languageOptions: LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l], selected: row.requesterLanguage === l })),
          message: row.message ?? '',
          rights: row.rights.map(rightText),
          scope: row.scope ? (SCOPE_OPTIONS.find((s) => s.value === row.scope)?.label ?? row.scope) : '',
          clock: clock(row, resource, today, this.config.extraNonWorkingDays),
          flags: flagsOf(resource, failed[0]?.x === true),
          assignee: row.assigneeId ? (agents.find((a) => a.id === row.assigneeId)?.displayName ?? '') : '',
          assignedToMe: row.assigneeId === session.agent.id,
        },
        deadlines,
        controllers,
        forwardings: forwardingsOf(resource),
        processorTasks,
        next,
        legal: legalDateOf(resource, row.country, today, this.config.extraNonWorkingDays),
        verificationStartOpen: next?.action.kind === 'section' && next.action.anchor === 'h-identiteit' && !verification.steps.some((s) => s.decidable),
        inbox: {
          ...inboxPanel(mails, resource.allowedEvents.includes('CONFIRM_RIGHTS'), attachments),
          infoReceived: resource.allowedEvents.includes('INFO_RECEIVED'),
          rightsError: errorsFor('CONFIRM_RIGHTS').rights ?? null,
        },
        pending: pending.map((p) => ({
          controllerId: p.controllerId,
          name: names.get(p.controllerId)?.name ?? 'onbekende verwerkingsverantwoordelijke',
          instruction: INSTRUCTION_LABELS[p.instruction] ?? p.instruction,
        })),
        undecided: controllers.filter((c) => c.undecided),
        forms,
        hasForms: forms.length > 0,
        completion,
        verification,
        timeline: timelineOf(timeline, byUsername),
        notes: notes.map((n) => ({ author: n.author.startsWith('agent:') ? (byUsername.get(n.author.slice(6)) ?? n.author.slice(6)) : n.author, text: n.text, at: n.createdAt })),
        messages: messages.map((m) => ({
          template: templateText(m.template),
          recipient: m.recipient,
          status: { queued: 'in de wachtrij', sending: 'wordt verstuurd', sent: 'verstuurd', failed: 'onbestelbaar / mislukt', withheld: 'tegengehouden (niet verstuurd)' }[m.status] ?? m.status,
          at: m.sentAt ?? m.createdAt,
        })),
        scopeOptions: SCOPE_OPTIONS,
        rightOptions: RIGHT_OPTIONS.map((o) => ({ ...o, checked: row.rights.includes(o.value) })),
        decisionOptions: DECISION_OPTIONS,
        instructionOptions: INSTRUCTION_OPTIONS,
        groundOptions: GROUND_OPTIONS,
        assignOptions: resource.allowedEvents.includes('ASSIGN_CONTROLLER') ? await this.queue.controllerOptions(true) : [],
      },
      layoutFor(session, `${row.reference} – ${stateLabel(row.state)}`, 'queue'),
    );
    sendHtml(res, html, status);
  }

  @Post('requests/:id/events')
  async event(@Req() req: UiRequest, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const row: RequestRow = await this.requests.row(id);
    const version = Number.parseInt(str(body, 'version'), 10);
    const raw = eventOf(body);
    const allowed = this.requests.resource(row).allowedEvents;
    if (!Number.isInteger(version)) {
      return this.renderDetail(req, res, row.id, 400, { kind: 'error', text: 'Het formulier was onvolledig. Laad de pagina opnieuw en probeer het nog eens.' }, null);
    }
    const confirmation = confirmationFor(raw);
    if (confirmation && str(body, 'confirmed') !== 'ja' && allowed.includes(raw.type)) {
      return this.renderConfirm(req, res, row, `${UI_PATH}/requests/${row.id}/events`, eventLabel(raw.type), raw.type, confirmation, body);
    }
    try {
      await this.commands.send(row.id, raw, { sender: senderOf(session), expectedVersion: () => version, reply: ROW_REPLY });
    } catch (err) {
      if (!(err instanceof ValidationProblem)) return this.refused(req, res, row, raw.type, allowed, err);
      const errors = fieldErrors((err.extensions.errors as FieldError[]) ?? [], (p) => p.replace(/^\//, '').split('/')[0], dutchEventError);
      return this.renderDetail(
        req,
        res,
        row.id,
        400,
        { kind: 'error', text: `"${eventLabel(raw.type)}" is niet vastgelegd: vul het formulier aan.` },
        { type: raw.type, errors },
      );
    }
    this.queue.invalidateCounts();
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${row.id}?gedaan=${encodeURIComponent(String(raw.type))}#tijdlijn`).end();
  }

  /** The second step of a step that closes a request or revokes a link: the same form once more, with the question. */
  private renderConfirm(req: UiRequest, res: Response, row: RequestRow, action: string, label: string, type: string, confirmation: Confirmation, body: FormBody): void {
    const fields = Object.entries(body ?? {})
      .filter(([name]) => name !== '_csrf' && name !== 'confirmed')
      .flatMap(([name, v]) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((value) => ({ name, value: String(value) })));
    sendHtml(
      res,
      this.views.render(
        'request-confirm',
        { id: row.id, reference: row.reference, requesterName: row.requesterName ?? '', label, type, action, fields, ...confirmation },
        layoutFor(req.ui, `Bevestigen: ${label}`, 'queue'),
      ),
    );
  }

  /** A refused event as the request page with a Dutch message (409 changed meanwhile, 422 unknown controller or not now). */
  private async refused(req: UiRequest, res: Response, row: RequestRow, type: string, allowed: readonly string[], err: unknown): Promise<void> {
    if (err instanceof ProblemException && err.status === 409) {
      return this.renderDetail(req, res, row.id, 409, {
        kind: 'error',
        text: 'Dit verzoek is intussen door iemand anders gewijzigd. Hieronder staat de nieuwe stand: kijk of uw stap nog nodig is en probeer het dan opnieuw.',
      }, null);
    }
    if (err instanceof ProblemException && err.code === 'unknown-controller') {
      return this.renderDetail(req, res, row.id, 422, { kind: 'error', text: 'Deze verwerkingsverantwoordelijke bestaat niet of is niet actief. Kies een andere.' }, null);
    }
    if (err instanceof ProblemException && err.code === PRIVACY_FACTS_INCOMPLETE) {
      const state = this.config.privacyFacts[isLanguage(err.extensions.language) ? err.extensions.language : this.config.processorLanguage];
      const text = completionRefusal(state);
      return this.renderDetail(req, res, row.id, 422, { kind: 'error', text }, null);
    }
    if (err instanceof ProblemException && err.status === 422) {
      return this.renderDetail(req, res, row.id, 422, { kind: 'error', text: refusalReason(type, allowed.includes(type), stateLabel(row.state)) }, null);
    }
    throw err;
  }

  /** The controller's link: a new one in a new mail (the old one stops working), or revoked at once. */
  @Post('requests/:id/forwardings/:fid/:action')
  async forwardingLink(
    @Req() req: UiRequest,
    @Param('id') id: string,
    @Param('fid') forwardingId: string,
    @Param('action') action: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const resource = await this.requests.get(id);
    if (!resource.forwardings.some((f) => f.id === forwardingId) || !['new-link', 'revoke-link'].includes(action)) {
      throw new UiError(404, 'Niet gevonden', 'Deze doorsturing hoort niet bij dit verzoek.');
    }
    const actor = actorOf(req.ui!);
    if (action === 'revoke-link' && str(body ?? {}, 'confirmed') !== 'ja') {
      const row = await this.requests.row(id);
      return this.renderConfirm(req, res, row, `${UI_PATH}/requests/${row.id}/forwardings/${forwardingId}/revoke-link`, 'Link intrekken', 'revoke-link', REVOKE_LINK_CONFIRMATION, {});
    }
    try {
      if (action === 'new-link') await this.forwarding.sendNewLink(forwardingId, actor);
      else await this.forwarding.revokeLink(forwardingId, actor);
    } catch (err) {
      if (err instanceof ProblemException && err.status < 500) {
        throw new UiError(err.status, 'Niet gelukt', 'De verwerkingsverantwoordelijke heeft al besloten of de doorsturing is intussen gewijzigd. Laad de pagina opnieuw.');
      }
      throw err;
    }
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${id}?link=${action === 'new-link' ? 'nieuw' : 'ingetrokken'}#h-forwardings`).end();
  }

  @Post('requests/:id/verification')
  async startVerification(@Req() req: UiRequest, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const input = { method: str(body, 'method'), ...(str(body, 'reason').trim() ? { reason: str(body, 'reason') } : {}), ...(str(body, 'documentType') ? { documentType: str(body, 'documentType') } : {}), ...(str(body, 'lessIntrusiveUnsuitable').trim() && str(body, 'method') === 'id-document' ? { lessIntrusiveUnsuitable: str(body, 'lessIntrusiveUnsuitable') } : {}) };
    await this.verificationStep(req, res, id, 'gestart', () =>
      this.verification.start(id, parseOrThrow(startStepSchema, input), actorOf(req.ui!)).then(() => undefined),
    );
  }

  @Post('requests/:id/verification/:stepId')
  async decideVerification(@Req() req: UiRequest, @Param('id') id: string, @Param('stepId') stepId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const input = { status: str(body, 'status'), checkedAndDestroyed: str(body, 'checkedAndDestroyed') === 'ja', ...(str(body, 'note').trim() ? { note: str(body, 'note') } : {}) };
    await this.verificationStep(req, res, id, 'besloten', () =>
      this.verification.decide(id, stepId, parseOrThrow(decideStepSchema, input), actorOf(req.ui!)).then(() => undefined),
    );
  }

  /** Runs a verification action; a refusal shows the page again with a Dutch reason. */
  private async verificationStep(req: UiRequest, res: Response, id: string, done: 'gestart' | 'besloten', action: () => Promise<void>): Promise<void> {
    const row = await this.requests.row(id);
    try {
      await action();
    } catch (err) {
      if (err instanceof ValidationProblem) {
        return this.renderDetail(req, res, row.id, 400, { kind: 'error', text: 'De identiteitscontrole is niet vastgelegd: kies een manier en vul het formulier volledig in.' }, null);
      }
      if (err instanceof ProblemException && (err.status === 422 || err.status === 409 || err.status === 404)) {
        const reason = String(err.extensions.reason ?? '');
        const text = REFUSAL_TEXTS[reason] ?? (err.code === 'invalid-transition' ? 'Dat kan niet in de huidige stap van het verzoek (het wacht bijvoorbeeld al op de verzoeker).' : 'Dat kan nu niet. Laad de pagina opnieuw en probeer het nog eens.');
        return this.renderDetail(req, res, row.id, 422, { kind: 'error', text }, null);
      }
      throw err;
    }
    this.queue.invalidateCounts();
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${row.id}?identiteit=${done}#h-identiteit`).end();
  }

  /** The requester's language (its letters and verification page from now on), through the command layer. */
  @Post('requests/:id/language')
  async language(@Req() req: UiRequest, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const row = await this.requests.row(id);
    const language = str(body, 'language');
    if (!isLanguage(language)) return this.renderDetail(req, res, row.id, 400, { kind: 'error', text: 'Kies Nederlands, Frans of Engels.' }, null);
    let changed: boolean;
    try {
      changed = await this.commands.setRequesterLanguage(row.id, language, senderOf(session));
    } catch (err) {
      // Closed (or changed) meanwhile: the page as it is now.
      if (err instanceof ProblemException && (err.status === 422 || err.status === 409)) {
        return this.renderDetail(req, res, row.id, err.status, { kind: 'error', text: 'De taal kon niet worden gewijzigd: het verzoek is intussen afgesloten of gewijzigd. Hieronder staat de nieuwe stand.' }, null);
      }
      throw err;
    }
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${row.id}?taal=${changed ? language : 'ongewijzigd'}`).end();
  }

  @Post('requests/:id/assign')
  async assign(@Req() req: UiRequest, @Param('id') id: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const row = await this.requests.row(id);
    const to = str(body, 'to');
    await this.queue.assign(row.id, to === 'niemand' ? null : session.agent.id, actorOf(session), this.clock.now());
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${row.id}?toegewezen=${to === 'niemand' ? 'niemand' : 'mij'}`).end();
  }
}

function localDateTimeParts(now: Date, country: 'NL' | 'BE'): { date: string; time: string } {
  const zone = country === 'BE' ? 'Europe/Brussels' : 'Europe/Amsterdam';
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const [date, time] = f.format(now).split(' ');
  return { date: date!, time: time! };
}
