/**
 * Server-rendered pages of the agent workspace: Handlebars templates from templates/ui/ on an
 * isolated instance, strict (a missing variable is an error) and HTML-escaped. Every page is
 * wrapped in templates/ui/layout.hbs (`<html lang="nl">`).
 *
 * The pages a requester or a controller reads (the controller's page, the verification page …)
 * have French and English variants in templates/ui/fr/ and templates/ui/en/, same name, same
 * variables, or take their words from the caller (a message table); `layout.lang` picks the
 * variant where there is one and sets the `lang` of `<html>`, Dutch when absent.
 */
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'express';
import { LINK_GONE_PAGES, LINK_GONE_TRANSLATIONS, linkPageHeaders } from '../common/links.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { formatDutchDate } from '../deadlines/dutch.js';

export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates', 'ui');

const AMSTERDAM_DATE_TIME = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "20 april 2026 om 12:00" in Dutch time. */
export function dutchDateTime(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return AMSTERDAM_DATE_TIME.format(d).replace(/ om |, /, ' om ');
}

export interface LayoutData {
  title: string;
  /** The logged-in agent, or null on the login pages. */
  agent: { displayName: string; username: string; isAdmin: boolean } | null;
  csrf: string | null;
  /** Navigation item to mark as current. */
  nav?: 'queue' | 'new' | 'templates' | 'register' | 'dashboard' | 'incidents' | 'admin' | 'controllers' | 'account' | 'account-email' | 'account-password' | null;
  /** A second skip link, straight to the page's main list (the queue's first row). */
  skipTo?: { href: string; label: string } | null;
  /** The reader's language (a requester's or controller's page, nl/fr/en): the page variant and `<html lang>`; Dutch when absent. */
  lang?: string;
}

/**
 * The few words of the layout a requester or controller reads, per language; the languages of
 * the page variants (src/vocabulary/language.ts has the same list: infra imports no vocabulary).
 */
const LAYOUT_TEXTS: Readonly<Record<string, { skip: string; tagline: string; footer: string }>> = {
  nl: { skip: 'Direct naar de inhoud', tagline: 'AVG-verzoeken', footer: 'Verzoekrouter · verzoeken van betrokkenen onder de AVG (art. 15–22)' },
  fr: { skip: 'Aller au contenu', tagline: 'Demandes RGPD', footer: 'Verzoekrouter · demandes des personnes concernées au titre du RGPD (art. 15 à 22)' },
  en: { skip: 'Skip to content', tagline: 'GDPR requests', footer: 'Verzoekrouter · data subject requests under the GDPR (Art. 15–22)' },
};

/** The part of an agent's workspace session the layout shows (agent-ui's UiSession has it). */
export interface LayoutSession {
  stage: string;
  csrfSecret: string;
  agent: { username: string; displayName: string; role: string };
}

export function layoutFor(session: LayoutSession | undefined, title: string, nav: LayoutData['nav'] = null): LayoutData {
  return {
    title,
    nav,
    agent:
      session && session.stage === 'full'
        ? { displayName: session.agent.displayName, username: session.agent.username, isAdmin: session.agent.role === 'admin' }
        : null,
    csrf: session?.csrfSecret ?? null,
  };
}

/** The audit actor of a workspace agent. */
export function actorOf(session: { agent: { username: string } }): string {
  return `agent:${session.agent.username}`;
}

@Injectable()
export class Views {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;

  constructor() {
    const h = this.hbs;
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('dutchDate', (d: unknown) => (typeof d === 'string' && d ? formatDutchDate(d.slice(0, 10)) : ''));
    h.registerHelper('dutchDateShort', (d: unknown) => (typeof d === 'string' && d ? formatDutchDate(d.slice(0, 10), { weekday: false }) : ''));
    h.registerHelper('dutchDateTime', (d: unknown) => (d instanceof Date || (typeof d === 'string' && d) ? dutchDateTime(d as Date | string) : ''));
    h.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
    const partials = join(TEMPLATES_DIR, 'partials');
    for (const file of existsSync(partials) ? readdirSync(partials) : []) {
      if (file.endsWith('.hbs')) h.registerPartial(file.slice(0, -4), readFileSync(join(partials, file), 'utf8'));
    }
    for (const file of readdirSync(TEMPLATES_DIR)) {
      if (file.endsWith('.hbs') && file !== 'layout.hbs') {
        this.pages.set(file.slice(0, -4), h.compile(readFileSync(join(TEMPLATES_DIR, file), 'utf8'), { strict: true }));
      }
    }
    // The French and English variants of the pages a requester or controller reads: "fr/controller-request".
    for (const lang of Object.keys(LAYOUT_TEXTS)) {
      const dir = join(TEMPLATES_DIR, lang);
      if (lang === 'nl' || !existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        if (file.endsWith('.hbs')) this.pages.set(`${lang}/${file.slice(0, -4)}`, h.compile(readFileSync(join(dir, file), 'utf8'), { strict: true }));
      }
    }
    this.layout = h.compile(readFileSync(join(TEMPLATES_DIR, 'layout.hbs'), 'utf8'), { strict: true });
  }

  /** A helper a face adds for its own pages (e.g. the controller pages' tone helper `t`). */
  registerHelper(name: string, fn: Handlebars.HelperDelegate): void {
    this.hbs.registerHelper(name, fn);
  }

  render(page: string, data: Record<string, unknown>, layout: LayoutData): string {
    const lang = layout.lang ?? 'nl';
    const template = (lang !== 'nl' ? this.pages.get(`${lang}/${page}`) : undefined) ?? this.pages.get(page);
    if (!template) throw new Error(`No UI template ${page}`);
    // A page is in the language when it has a variant in it, or when its words come from the
    // caller in that language (a message table, like the verification page's).
    const shown = LAYOUT_TEXTS[lang] ? lang : 'nl';
    const common = { ...layout, nav: layout.nav ?? null, skipTo: layout.skipTo ?? null, lang: shown, chrome: LAYOUT_TEXTS[shown] };
    const body = template({ ...common, ...data });
    return this.layout({ ...common, body });
  }

  /** Whether a page has a variant in a language (Dutch: every page). */
  hasVariant(page: string, lang: string): boolean {
    return lang === 'nl' ? this.pages.has(page) : this.pages.has(`${lang}/${page}`);
  }
}

/**
 * Answers a route behind a personal link (controller /c/…, requester /v/…) with one of its Dutch
 * pages — link unknown, expired, form expired, too many attempts — or a page of its own, with the
 * link pages' headers.
 */
export function sendLinkPage(views: Views, res: Response, status: number, page = LINK_GONE_PAGES[status]!): void {
  linkPageHeaders(res);
  if (status === 429) res.setHeader('Retry-After', '60');
  const html = views.render('controller-gone', { heading: page.heading, text: page.text, others: page === LINK_GONE_PAGES[status] ? (LINK_GONE_TRANSLATIONS[status] ?? []) : [] }, { title: page.title, agent: null, csrf: null });
  res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8').send(html);
}
