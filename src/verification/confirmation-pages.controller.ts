/**
 * The requester's e-mail confirmation link: GET /v/:token shows a Dutch page with a button and
 * never changes anything (mail scanners open links); only POST /v/:token confirms (with `_csrf`,
 * an HMAC of the link's digest), then 303 back to the page. Unknown → 404, expired → 410, more
 * than 30 attempts a minute from one address → 429; strict headers; the token is never logged.
 */
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendLinkPage, Views } from '../http/views.js';
import { deriveKey } from '../common/crypto.js';
import { Clock } from '../common/clock.js';
import { LinkRateLimiter } from '../common/link-rate-limiter.js';
import { csrfFor, csrfMatches, linkPageHeaders } from '../common/links.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { VerificationService } from './verification.service.js';
import { confirmationPageTexts } from './verification-view.js';

const PURPOSE = 'email-confirmation';

@Controller('v')
export class ConfirmationPagesController {
  private readonly csrfKey: Buffer;

  constructor(
    private readonly verification: VerificationService,
    private readonly views: Views,
    private readonly limiter: LinkRateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.csrfKey = deriveKey(config.identifierKey, 'email-confirmation-csrf');
  }

  @Get(':token')
  async page(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.open(token, req, res);
    if (!found) return;
    // The tone of the letters (the e-mail that carried this link).
    const texts = confirmationPageTexts(this.config.processorTone, this.config.processor.name, found.reference, found.language);
    const html = this.views.render(
      'verification-confirm',
      {
        reference: found.reference,
        token,
        csrf: csrfFor(this.csrfKey, found.step.tokenDigest!, PURPOSE),
        confirmed: found.step.status === 'passed',
        texts,
      },
      { title: texts.title, agent: null, csrf: null, lang: found.language },
    );
    this.send(res, html, 200);
  }

  @Post(':token')
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.open(token, req, res);
    if (!found) return;
    if (!csrfMatches(this.csrfKey, found.step.tokenDigest!, (req.body as Record<string, unknown> | undefined)?._csrf, PURPOSE)) {
      return sendLinkPage(this.views, res, 403);
    }
    await this.verification.confirm(found.step);
    linkPageHeaders(res);
    res.status(303).setHeader('Location', `/v/${token}`).end();
  }

  private async open(token: string, req: Request, res: Response) {
    if (!this.limiter.allow(req.ip ?? 'unknown', this.clock.now().getTime())) {
      return void sendLinkPage(this.views, res, 429);
    }
    const found = await this.verification.lookup(token);
    if (found.status === 'unknown') return void sendLinkPage(this.views, res, 404);
    if (found.status === 'expired') return void sendLinkPage(this.views, res, 410);
    return found;
  }

  private send(res: Response, html: string, status: number): void {
    linkPageHeaders(res);
    res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8').send(html);
  }
}
