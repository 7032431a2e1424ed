/**
 * The letter catalogue for agents: every mail the system can send, with sample data, in both
 * forms of address (u and je). The HTML part is shown in a sandboxed frame of its own.
 */
import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { RepliesService, UnknownTemplateError } from '../replies/replies.service.js';
import { isTone, type Tone } from '../vocabulary/vocabulary.js';
import { layoutFor, Views } from '../http/views.js';
import { letterMoment } from './letter-moments.js';
import { sendHtml, UiAccessLevel, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';

const AUDIENCE_TITLES = { requester: 'Aan de verzoeker', controller: 'Aan de verwerkingsverantwoordelijke', processor: 'Aan de eigen privacyfunctionaris' } as const;

function toneOf(query: Record<string, unknown>): Tone {
  return isTone(query.tone) ? query.tone : 'u';
}

@Controller('ui/templates')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
@UiAccessLevel('agent')
export class TemplatesController {
  constructor(
    private readonly views: Views,
    private readonly replies: RepliesService,
  ) {}

  @Get()
  list(@Req() req: UiRequest, @Res() res: Response): void {
    const groups = Object.entries(AUDIENCE_TITLES)
      .map(([audience, title]) => ({ title, items: this.replies.catalogue().filter((e) => e.audience === audience).map((e) => ({ ...e, when: letterMoment(e) })) }))
      .filter((g) => g.items.length);
    sendHtml(res, this.views.render('templates', { groups }, layoutFor(req.ui, 'Brieven', 'templates')));
  }

  @Get(':id')
  show(@Req() req: UiRequest, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response): void {
    const tone = toneOf(query);
    const { entry, subject, text } = this.preview(id, tone);
    sendHtml(
      res,
      this.views.render(
        'template',
        { entry, when: letterMoment(entry), tone, otherTone: tone === 'u' ? 'je' : 'u', subject, text },
        layoutFor(req.ui, `Brief: ${entry.title}`, 'templates'),
      ),
    );
  }

  /** The HTML part alone, for the sandboxed frame: its own styles, no scripts, framed only by us. */
  @Get(':id/html')
  html(@Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response): void {
    const preview = this.preview(id, toneOf(query));
    res
      .status(200)
      .setHeader('Content-Type', 'text/html; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('X-Frame-Options', 'SAMEORIGIN')
      .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'")
      .send(preview.html);
  }

  private preview(id: string, tone: Tone) {
    try {
      return this.replies.preview(id, tone);
    } catch (err) {
      if (err instanceof UnknownTemplateError) throw new UiError(404, 'Niet gevonden', 'Deze brief bestaat niet.');
      throw err;
    }
  }
}
