/**
 * The wrong recipient's deletion confirmation (art 33: the processor asks a recipient of a
 * forwarding sent in error to delete it and confirm): GET /d/:token shows a Dutch page with a
 * button and never changes anything (mail scanners open links); only POST /d/:token confirms
 * (with `_csrf`, an HMAC of the link's digest, and an optional name), then 303 back to the page,
 * which shows what was recorded — a double click or a reload records once. Unknown → 404, expired →
 * 410, more than 30 attempts a minute from one address → 429; strict headers; the token is never
 * logged (loggablePath) and is scrubbed from the sent mail (tokenOfLink).
 */
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendLinkPage, Views } from '../http/views.js';
import { deriveKey } from '../common/crypto.js';
import { Clock } from '../common/clock.js';
import { LinkRateLimiter } from '../common/link-rate-limiter.js';
import { csrfFor, csrfMatches, linkPageHeaders } from '../common/links.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { COUNTRIES } from '../deadlines/countries.js';
import { formatDateTime, type Language } from '../vocabulary/language.js';
import { dutchDateTimeAt } from './authority-clock.js';

/** The page's own words in the wrong recipient's language (the template has a variant per language). */
const DELETION_TEXTS: Readonly<Record<Language, { title: (reference: string) => string; nameTooLong: (max: number) => string }>> = {
  nl: { title: (r) => `Verwijderen bevestigen: ${r}`, nameTooLong: (max) => `Uw naam mag hoogstens ${max} tekens hebben.` },
  fr: { title: (r) => `Confirmer la suppression\u00a0: ${r}`, nameTooLong: (max) => `Votre nom peut compter au maximum ${max} caractères.` },
  en: { title: (r) => `Confirm deletion: ${r}`, nameTooLong: (max) => `Your name can have at most ${max} characters.` },
};
import { IncidentsService } from './incidents.service.js';

const PURPOSE = 'incident-deletion';
export const DELETION_NAME_MAX = 200;

@Controller('d')
export class DeletionPagesController {
  private readonly csrfKey: Buffer;

  constructor(
    private readonly incidents: IncidentsService,
    private readonly views: Views,
    private readonly limiter: LinkRateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.csrfKey = deriveKey(config.identifierKey, 'incident-deletion-csrf');
  }

  @Get(':token')
  async page(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.open(token, req, res);
    if (!found) return;
    this.render(res, token, found, null, 200);
  }

  @Post(':token')
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.open(token, req, res);
    if (!found) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!csrfMatches(this.csrfKey, found.tokenDigest, body._csrf, PURPOSE)) return sendLinkPage(this.views, res, 403);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length > DELETION_NAME_MAX) {
      return this.render(res, token, found, DELETION_TEXTS[found.language].nameTooLong(DELETION_NAME_MAX), 422);
    }
    // Confirmed before (a double click, a reload): nothing is recorded again; the page shows the first.
    await this.incidents.confirmDeletion(found.id, found.state, name || null);
    linkPageHeaders(res);
    res.status(303).setHeader('Location', `/d/${token}`).end();
  }

  private render(
    res: Response,
    token: string,
    found: { reference: string; controllerName: string; tokenDigest: string; state: string; confirmedAt: string | null; country: 'NL' | 'BE'; language: Language },
    error: string | null,
    status: number,
  ): void {
    const html = this.views.render(
      'controller-deletion',
      {
        reference: found.reference,
        controllerName: found.controllerName,
        processorName: this.config.processor.name,
        processorEmail: this.config.processor.privacyEmail,
        token,
        csrf: csrfFor(this.csrfKey, found.tokenDigest, PURPOSE),
        confirmed: found.state === 'confirmed',
        confirmedAt: found.confirmedAt
          ? found.language === 'nl'
            ? dutchDateTimeAt(found.confirmedAt, found.country)
            : formatDateTime(found.confirmedAt, found.language, COUNTRIES[found.country].timeZone)
          : '',
        error,
        nameMax: DELETION_NAME_MAX,
      },
      { title: DELETION_TEXTS[found.language].title(found.reference), agent: null, csrf: null, lang: found.language },
    );
    linkPageHeaders(res);
    res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8').send(html);
  }

  private async open(token: string, req: Request, res: Response) {
    if (!this.limiter.allow(req.ip ?? 'unknown', this.clock.now().getTime())) return void sendLinkPage(this.views, res, 429);
    const found = await this.incidents.deletionByToken(token);
    if (found.status !== 'ok') return void sendLinkPage(this.views, res, found.status === 'expired' ? 410 : 404);
    return found.incident;
  }
}
