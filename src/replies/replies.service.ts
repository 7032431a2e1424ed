/** The replies module's face: previews of the catalogue (agent UI, CLI). */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { CompletePrivacyFacts, PrivacyFactsByLanguage } from '../config/privacy-facts.js';
import { catalogueEntry, MAIL_CATALOGUE, sampleContext, type CatalogueEntry } from './catalogue.js';
import { MailTemplates, type RenderedMail } from './renderer.js';
import { isLanguage, type Language } from '../vocabulary/language.js';
import { isTone, type Tone } from '../vocabulary/vocabulary.js';

export class UnknownTemplateError extends Error {
  constructor(readonly template: string) {
    super(`Unknown mail template "${template}". Known: ${MAIL_CATALOGUE.map((e) => e.id).join(', ')}`);
  }
}

export interface MailPreview extends RenderedMail {
  template: string;
  tone: Tone;
  lang: Language;
  entry: CatalogueEntry;
}

/** Renders a catalogue template with sample data; usable without Nest (CLI). */
export function previewMail(
  templates: MailTemplates,
  template: string,
  tone: Tone,
  settings?: { processor: { name: string; email: string; country: 'NL' | 'BE' }; publicBaseUrl: string; privacyFacts?: PrivacyFactsByLanguage },
  lang: Language = 'nl',
): MailPreview {
  const entry = catalogueEntry(template);
  if (!entry) throw new UnknownTemplateError(template);
  if (!isTone(tone)) throw new Error(`Unknown tone "${String(tone)}": u or je`);
  if (!isLanguage(lang)) throw new Error(`Unknown language "${String(lang)}": nl, fr or en`);
  // The completion letter is previewed with the real facts of its language once that file is
  // complete (the main file or its translation); otherwise with the fictional facts in that language.
  const inLanguage = settings?.privacyFacts?.[lang];
  const facts = inLanguage && inLanguage.missing.length === 0 ? (inLanguage.facts as CompletePrivacyFacts) : undefined;
  const context = sampleContext(template, tone, settings ? { processor: settings.processor, publicBaseUrl: settings.publicBaseUrl, privacyFacts: facts, lang } : { lang });
  return { template, tone, lang, entry, ...templates.render(template, context) };
}

@Injectable()
export class RepliesService {
  constructor(
    private readonly templates: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  catalogue(): readonly CatalogueEntry[] {
    return MAIL_CATALOGUE;
  }

  /** A template rendered with sample data in the given tone and language (default: the processor's). */
  preview(template: string, tone: Tone = this.config.processorTone, lang: Language = this.config.processorLanguage): MailPreview {
    return previewMail(
      this.templates,
      template,
      tone,
      {
        processor: { name: this.config.processor.name, email: this.config.processor.privacyEmail, country: this.config.processor.country },
        publicBaseUrl: this.config.publicBaseUrl,
        privacyFacts: this.config.privacyFacts,
      },
      lang,
    );
  }

  /** The languages that have templates (nl always). */
  languages(): Language[] {
    return this.templates.languages();
  }
}
