/**
 * Who may open a page of the workspace: the session guard (anonymous → 303 to the login page,
 * CSRF on every POST, admin pages for admins only), the Dutch HTML error pages, the cookies and
 * the security headers of every page.
 */
import {
  Catch,
  Inject,
  Injectable,
  SetMetadata,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parse as parseCookieHeader, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '../common/common.module.js';
import { ProblemException, type FieldError } from '../common/problem.js';
import { CONTROL_CHARACTER_DETAIL } from '../common/validation.js';
import { toProblem } from '../common/problem.filter.js';
import type { ResolvedConfig } from '../config/config.module.js';
import { safeEqual } from '../common/crypto.js';
import { SessionsService, type UiSession } from './sessions.service.js';
import { Views } from '../http/views.js';

export type UiRequest = Request & { ui?: UiSession };

export const SESSION_COOKIE = 'vr_session';
export const LOGIN_CSRF_COOKIE = 'vr_login_csrf';
export const UI_PATH = '/ui';

/**
 * anonymous: login pages and assets; totp-step: the second factor; password-step: choosing a new
 * password (while a temporary one must be replaced, or later from the account page); enrol-step:
 * setting up 2FA (while it is mandatory and missing, or later from the account page); any-stage:
 * logout; agent: every other page; admin: agents, API keys, settings.
 */
export type UiAccess = 'anonymous' | 'totp-step' | 'password-step' | 'enrol-step' | 'any-stage' | 'agent' | 'admin' | 'agent-upload';

export const PASSWORD_PATH = `/ui/account/password`;
const UI_ACCESS = 'vr:ui-access';
export const UiAccessLevel = (access: UiAccess) => SetMetadata(UI_ACCESS, access);

/** Answer 303 to another page. */
export class UiRedirect extends Error {
  constructor(readonly location: string) {
    super('redirect');
  }
}

/** A Dutch error page. */
export class UiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** For a 429: the `Retry-After` seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(title);
  }
}

export const CSRF_ERROR = () =>
  new UiError(
    403,
    'Formulier verlopen of ongeldig',
    'Het formulier kon niet worden gecontroleerd (ontbrekende of verkeerde beveiligingscode). Ga terug, laad de pagina opnieuw en probeer het nog eens.',
  );

export const FORBIDDEN_ERROR = () =>
  new UiError(403, 'Geen toegang', 'Deze pagina is alleen voor beheerders. Vraag een beheerder als u hier iets wilt laten aanpassen.');

export function parseCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookieHeader(header) : {};
}

export function cookie(name: string, value: string, options: { secure: boolean; maxAgeSeconds?: number; path?: string }): string {
  return serializeCookie(name, value, {
    path: options.path ?? UI_PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    ...(options.maxAgeSeconds !== undefined ? { maxAge: options.maxAgeSeconds } : {}),
  });
}

export function isSecure(config: ResolvedConfig): boolean {
  return config.publicBaseUrl.startsWith('https:');
}

/** Headers of every workspace response: HTML, never cached, no framing, no foreign scripts. */
export function sendHtml(res: Response, html: string, status = 200): void {
  res
    .status(status)
    .setHeader('Content-Type', 'text/html; charset=utf-8')
    .setHeader('Cache-Control', 'no-store')
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('X-Frame-Options', 'DENY')
    .setHeader('Referrer-Policy', 'same-origin')
    .setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .send(html);
}

function formToken(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const token = body && typeof body === 'object' ? body._csrf : undefined;
  return typeof token === 'string' ? token : undefined;
}

/** The form's `_csrf` must be the session's: else the Dutch 403 page. */
export function assertFormCsrf(req: UiRequest): void {
  const token = formToken(req);
  if (!req.ui || !token || !safeEqual(token, req.ui.csrfSecret)) throw CSRF_ERROR();
}

@Injectable()
export class UiSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<UiRequest>();
    const access = this.reflector.getAllAndOverride<UiAccess>(UI_ACCESS, [context.getHandler(), context.getClass()]) ?? 'agent';
    if (access === 'anonymous') return true;

    const session = await this.sessions.find(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (!session) throw new UiRedirect(`${UI_PATH}/login`);
    req.ui = session;

    if (session.stage === 'totp' && access !== 'totp-step' && access !== 'any-stage') throw new UiRedirect(`${UI_PATH}/login/totp`);
    if (session.stage === 'password' && access !== 'password-step' && access !== 'any-stage') throw new UiRedirect(PASSWORD_PATH);
    if (session.stage === 'enrol' && access !== 'enrol-step' && access !== 'any-stage') throw new UiRedirect(`${UI_PATH}/account/2fa`);
    if (access === 'totp-step' && session.stage !== 'totp') throw new UiRedirect(UI_PATH);
    if (access === 'enrol-step' && session.stage === 'totp') throw new UiRedirect(`${UI_PATH}/login/totp`);
    if (access === 'password-step' && session.stage === 'totp') throw new UiRedirect(`${UI_PATH}/login/totp`);
    if (access === 'password-step' && session.stage === 'enrol') throw new UiRedirect(`${UI_PATH}/account/2fa`);

    // agent-upload: a multipart form, whose body (and _csrf) only exists after the upload
    // interceptor ran; the handler calls assertFormCsrf(req) before anything else.
    if (req.method !== 'GET' && req.method !== 'HEAD' && access !== 'agent-upload') assertFormCsrf(req);
    if (access === 'admin' && session.agent.role !== 'admin') throw FORBIDDEN_ERROR();
    return true;
  }
}

/** A 400 for a control character (U+0000 …) in a form field or the query (src/http/input-guard.ts). */
function isControlCharacterProblem(problem: ProblemException): boolean {
  const errors = problem.extensions.errors;
  return problem.status === 400 && Array.isArray(errors) && errors.some((e: FieldError) => e.detail === CONTROL_CHARACTER_DETAIL);
}

/** Every error of a workspace page as a Dutch HTML page; anonymous visitors go to the login page. */
@Catch()
export class UiExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly views: Views,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<UiRequest>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    if (err instanceof UiRedirect) {
      res.status(303).setHeader('Location', err.location).setHeader('Cache-Control', 'no-store').end();
      return;
    }
    let status: number;
    let title: string;
    let detail: string;
    if (err instanceof UiError) {
      ({ status, title, detail } = err);
    } else {
      const problem = err instanceof ProblemException ? err : toProblem(err, req);
      status = problem.status;
      if (status === 404) {
        title = 'Niet gevonden';
        detail = 'Deze pagina of dit verzoek bestaat niet (meer). Controleer de link of ga terug naar de wachtrij.';
      } else if (isControlCharacterProblem(problem)) {
        title = 'Onleesbare tekens';
        detail =
          'Het formulier bevat een onzichtbaar stuurteken (bijvoorbeeld uit tekst die uit een ander programma is geplakt). Ga terug, typ de tekst opnieuw en probeer het nog eens. Er is niets opgeslagen.';
      } else if (status === 413) {
        title = 'Te veel gegevens';
        detail = 'Het formulier bevat meer dan 1 MB. Kort de tekst in en probeer het opnieuw.';
      } else if (problem.code === 'database-unavailable') {
        res.setHeader('Retry-After', String(problem.extensions.retryAfter ?? 2));
        title = 'Even geen verbinding';
        detail = 'De database is op dit moment niet bereikbaar. Er is niets gewijzigd. Probeer het over een paar seconden opnieuw.';
      } else if (status >= 500) {
        const e = err as { name?: string; code?: string; stack?: string };
        this.logger.error({ err: { name: e?.name, code: e?.code, stack: e?.stack }, correlationId: problem.extensions.correlationId }, 'ui error');
        title = 'Er ging iets mis';
        detail = `Er ging aan onze kant iets mis. Probeer het later opnieuw. Kenmerk voor de beheerder: ${String(problem.extensions.correlationId ?? '')}.`;
      } else {
        title = 'Verzoek niet verwerkt';
        detail = 'Het verzoek kon niet worden verwerkt. Ga terug en probeer het opnieuw.';
      }
    }
    const session = req.ui?.stage === 'full' ? req.ui : undefined;
    const html = this.views.render(
      'error',
      { status, title, detail },
      {
        title,
        agent: session ? { displayName: session.agent.displayName, username: session.agent.username, isAdmin: session.agent.role === 'admin' } : null,
        csrf: session?.csrfSecret ?? null,
      },
    );
    if (status === 429 && err instanceof UiError) res.setHeader('Retry-After', String(err.retryAfterSeconds ?? 60));
    sendHtml(res, html, status);
  }
}
