/**
 * The letter catalogue for agents: every mail the system can send, with sample data, in every
 * language (Dutch in both forms of address, u and je; French and English in their one form).
 * The HTML part is shown in a sandboxed frame of its own.
 */
import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { RepliesService, UnknownTemplateError } from '../replies/replies.service.js';
import { isLanguage, LANGUAGE_LABELS, type Language } from '../vocabulary/language.js';
import { isTone, type Tone } from '../vocabulary/vocabulary.js';
import { layoutFor, Views } from '../http/views.js';
import { letterMoment } from './letter-moments.js';
import { sendHtml, UiAccessLevel, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';

const AUDIENCE_TITLES = { requester: 'Aan de verzoeker', controller: 'Aan de verwerkingsverantwoordelijke', processor: 'Aan de eigen privacyfunctionaris' } as const;

function toneOf(query: Record<string, unknown>): Tone {
  return isTone(query.tone) ? query.tone : 'u';
}

function langOf(query: Record<string, unknown>): Language {
  return isLanguage(query.taal) ? query.taal : 'nl';
}

/** The versions of a letter the catalogue offers: Dutch u and je, French, English (`?taal=…&tone=…`). */
const VERSIONS: readonly { lang: Language; tone: Tone; label: string }[] = [
  { lang: 'nl', tone: 'u', label: 'Nederlands, u-vorm' },
  { lang: 'nl', tone: 'je', label: 'Nederlands, je-vorm' },
  { lang: 'fr', tone: 'u', label: 'Frans' },
  { lang: 'en', tone: 'u', label: 'Engels' },
];

function versionsOf(current?: { lang: Language; tone: Tone }) {
  return VERSIONS.map((v) => ({ ...v, current: current !== undefined && current.lang === v.lang && (v.lang !== 'nl' || current.tone === v.tone) }));
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
      .map(([audience, title]) => ({ title, items: this.replies.catalogue().filter((e) => e.audience === audience).map((e) => ({ ...e, when: letterMoment(e), versions: versionsOf() })) }))
      .filter((g) => g.items.length);
    sendHtml(res, this.views.render('templates', { groups }, layoutFor(req.ui, 'Brieven', 'templates')));
  }

  @Get(':id')
  show(@Req() req: UiRequest, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response): void {
    const tone = toneOf(query);
    const lang = langOf(query);
    const { entry, subject, text } = this.preview(id, tone, lang);
    sendHtml(
      res,
      this.views.render(
        'template',
        {
          entry,
          when: letterMoment(entry),
          tone,
          lang,
          version: lang === 'nl' ? `${LANGUAGE_LABELS.nl}, ${tone}-vorm` : LANGUAGE_LABELS[lang],
          versions: versionsOf({ lang, tone }),
          subject,
          text,
        },
        layoutFor(req.ui, `Brief: ${entry.title}`, 'templates'),
      ),
    );
  }

  /** The HTML part alone, for the sandboxed frame: its own styles, no scripts, framed only by us. */
  @Get(':id/html')
  html(@Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response): void {
    const preview = this.preview(id, toneOf(query), langOf(query));
    res
      .status(200)
      .setHeader('Content-Type', 'text/html; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('X-Frame-Options', 'SAMEORIGIN')
      .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'")
      .send(preview.html);
  }

  private preview(id: string, tone: Tone, lang: Language) {
    try {
      return this.replies.preview(id, tone, lang);
    } catch (err) {
      if (err instanceof UnknownTemplateError) throw new UiError(404, 'Niet gevonden', 'Deze brief bestaat niet.');
      throw err;
    }
  }
}
