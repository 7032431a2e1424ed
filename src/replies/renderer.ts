/**
 * The mail template engine: `templates/mail/<lang>/<name>.{subject,html,text}.hbs` for each
 * language (nl, fr, en: the French and English folders mirror the Dutch one file for file),
 * partials in `partials/<name>.{html,text}.hbs` and one layout per part. Per language two
 * isolated Handlebars instances: HTML (escaped) and text (subject and text part, not escaped).
 * Strict: a missing variable is an error, also when it is passed to a helper or to
 * `if`/`each`/`with`/`unless`.
 *
 * The context's root `lang` picks the language (Dutch when absent); every helper that makes words
 * (dates, days left, rights, instructions, refusal grounds, the law table, lists) writes them in
 * that language. The tone helpers (`u`, `uw`, `t` …) are Dutch only: French letters say "vous",
 * English ones "you".
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/paths.js';
import { COUNTRIES, isCountry, type Country } from '../deadlines/countries.js';
import { countText, daysLeftIn, formatDate, isLanguage, LANGUAGES, listText, type Language } from '../vocabulary/language.js';
import { isRefusalGround, isRight, refusalGroundText, type Right } from '../requests/request.types.js';
import { isLawField, lawText, LAW_FIELDS } from '../vocabulary/country-law.js';
import { applyTone, instructionLabel, instructionList, INSTRUCTIONS, isTone, rightAsked, rightForController, rightWithArticle, supervisoryAuthority, type Tone } from '../vocabulary/vocabulary.js';

/** The folder of the mail templates; one sub-folder per language. */
export const MAIL_TEMPLATES_ROOT = join(PROJECT_ROOT, 'templates', 'mail');
/** The Dutch templates, the originals the other languages mirror. */
export const MAIL_TEMPLATE_DIR = join(MAIL_TEMPLATES_ROOT, 'nl');

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export class TemplateRenderError extends Error {
  constructor(
    readonly template: string,
    cause: unknown,
  ) {
    super(`Template ${template}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'TemplateRenderError';
  }
}

type HelperOptions = Handlebars.HelperOptions;
type Instance = typeof Handlebars;

function need<T>(value: T | undefined, helper: string, what = 'argument'): T {
  if (value === undefined) throw new Error(`${helper}: ${what} is undefined`);
  return value;
}

function toneOf(options: HelperOptions): Tone {
  const tone = (options.data?.root as { tone?: unknown } | undefined)?.tone;
  if (!isTone(tone)) throw new Error(`tone must be "u" or "je" (got ${JSON.stringify(tone)})`);
  return tone;
}

/** The language of the letter: the context's root `lang` (Dutch when absent). */
function langOf(options: HelperOptions): Language {
  const lang = (options?.data?.root as { lang?: unknown } | undefined)?.lang;
  if (lang === undefined) return 'nl';
  if (!isLanguage(lang)) throw new Error(`lang must be one of ${LANGUAGES.join(', ')} (got ${JSON.stringify(lang)})`);
  return lang;
}

/** The tone for a helper that words a text: French and English have none (a Dutch token never occurs there). */
function toneFor(options: HelperOptions): Tone {
  return langOf(options) === 'nl' ? toneOf(options) : 'u';
}

function isInstruction(value: string): boolean {
  return (INSTRUCTIONS as readonly string[]).includes(value);
}

function asRight(value: unknown, helper: string): Right {
  if (!isRight(value)) throw new Error(`${helper}: not a right: ${JSON.stringify(value)}`);
  return value;
}

/** "nog 12 dagen", "vandaag is de laatste dag", "de termijn is 3 dagen verstreken" (French, English with `lang`). */
export function daysLeftText(days: number, lang: Language = 'nl'): string {
  return daysLeftIn(days, lang);
}

/** The names of the countries of the law table in French and English (Dutch: the calendar's). */
const COUNTRY_NAMES: Readonly<Record<'fr' | 'en', Record<Country, string>>> = {
  fr: { NL: 'Pays-Bas', BE: 'Belgique' },
  en: { NL: 'the Netherlands', BE: 'Belgium' },
};

function registerHelpers(hb: Instance): void {
  // Built-ins that would silently treat a missing variable as false/empty.
  for (const name of ['if', 'unless', 'each', 'with']) {
    const builtin = hb.helpers[name] as Handlebars.HelperDelegate;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      if (args.length < 2 || args[0] === undefined) throw new Error(`#${name}: its argument is undefined`);
      return (builtin as (...a: unknown[]) => unknown).apply(this, args);
    });
  }
  hb.registerHelper('date', (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'string') throw new Error(`date: not a date: ${JSON.stringify(value)}`);
    return formatDate(value.slice(0, 10), langOf(options));
  });
  hb.registerHelper('u', (options: HelperOptions) => (toneOf(options) === 'je' ? 'je' : 'u'));
  hb.registerHelper('U', (options: HelperOptions) => (toneOf(options) === 'je' ? 'Je' : 'U'));
  /** After a preposition: "voor u" / "voor jou". */
  hb.registerHelper('jou', (options: HelperOptions) => (toneOf(options) === 'je' ? 'jou' : 'u'));
  hb.registerHelper('uw', (options: HelperOptions) => (toneOf(options) === 'je' ? 'je' : 'uw'));
  hb.registerHelper('Uw', (options: HelperOptions) => (toneOf(options) === 'je' ? 'Je' : 'Uw'));
  /** `{{t "Wilt u" "Wil je"}}`: the form for the tone of the letter. */
  hb.registerHelper('t', (uForm: unknown, jeForm: unknown, options: HelperOptions) => {
    if (typeof uForm !== 'string' || typeof jeForm !== 'string') throw new Error('t: needs two strings');
    return toneOf(options) === 'je' ? jeForm : uForm;
  });
  hb.registerHelper('right', (value: unknown, options: HelperOptions) => rightWithArticle(asRight(value, 'right'), langOf(options)));
  hb.registerHelper('rightAsked', (value: unknown, options: HelperOptions) => rightAsked(asRight(value, 'rightAsked'), toneFor(options), langOf(options)));
  /** What a controller does; the law it names is the controller's country's (`controller.country`). */
  hb.registerHelper('rightForController', (value: unknown, options: HelperOptions) => {
    const controller = (options.data?.root as { controller?: { country?: unknown } } | undefined)?.controller;
    const country = isCountry(controller?.country) ? controller.country : undefined;
    return rightForController(asRight(value, 'rightForController'), toneFor(options), country, langOf(options));
  });
  hb.registerHelper('instructions', (options: HelperOptions) => instructionList(langOf(options)));
  /** `{{instructionName instruction}}`: "gegevens wissen" / "effacer les données" / "erase the data". */
  hb.registerHelper('instructionName', (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'string' || !isInstruction(value)) throw new Error(`instructionName: not an instruction: ${JSON.stringify(value)}`);
    return instructionLabel(value, langOf(options));
  });
  /** `Wat u moet doen: {{lcfirst todo}}`: lowercase after a colon in running text. */
  hb.registerHelper('lcfirst', (value: unknown) => {
    if (typeof value !== 'string') throw new Error(`lcfirst: not a text: ${JSON.stringify(value)}`);
    return value.charAt(0).toLowerCase() + value.slice(1);
  });
  /** `{{name}}{{stop name}}`: the full stop after a name at the end of a sentence, unless the name ends with one ("B.V."). */
  hb.registerHelper('stop', (value: unknown) => {
    if (typeof value !== 'string') throw new Error(`stop: not a text: ${JSON.stringify(value)}`);
    return value.trimEnd().endsWith('.') ? '' : '.';
  });
  hb.registerHelper('completionPartial', (value: unknown) => `completion-${asRight(value, 'completionPartial')}`);
  hb.registerHelper('authority', (country: unknown, options: HelperOptions) => {
    if (!isCountry(country)) throw new Error(`authority: not a country: ${JSON.stringify(country)}`);
    return supervisoryAuthority(country, langOf(options));
  });
  hb.registerHelper('countryName', (country: unknown, options: HelperOptions) => {
    if (!isCountry(country)) throw new Error(`countryName: not a country: ${JSON.stringify(country)}`);
    const lang = langOf(options);
    return lang === 'nl' ? COUNTRIES[country].name : COUNTRY_NAMES[lang][country];
  });
  /** `(refusalGround ground rights)`: the ground in the letter's tone, one article per right where the right does not apply. */
  hb.registerHelper('refusalGround', (ground: unknown, rights: unknown, options: HelperOptions) => {
    if (!isRefusalGround(ground)) throw new Error(`refusalGround: not a ground: ${JSON.stringify(ground)}`);
    if (!Array.isArray(rights)) throw new Error('refusalGround: the rights are not a list');
    const text = refusalGroundText(ground, toneFor(options), rights.map((r) => asRight(r, 'refusalGround')), langOf(options));
    // It follows "De reden:" ("La raison :", "The reason:") in running text: lowercase after the colon.
    return { ...text, name: text.name.charAt(0).toLowerCase() + text.name.slice(1) };
  });
  /** `{{law country "courtRoute"}}`: a statement of national law from the per-country table, in the letter's tone. */
  hb.registerHelper('law', (country: unknown, field: unknown, options: HelperOptions) => {
    if (!isCountry(country)) throw new Error(`law: not a country: ${JSON.stringify(country)}`);
    if (!isLawField(field)) throw new Error(`law: not one of ${LAW_FIELDS.join(', ')}: ${JSON.stringify(field)}`);
    const lang = langOf(options);
    return lang === 'nl' ? applyTone(lawText(country, field), toneOf(options)) : lawText(country, field, lang);
  });
  /** `{{count n "dag" "dagen"}}`: the template gives the words in its own language. */
  hb.registerHelper('count', (n: unknown, singular: unknown, plural: unknown) => {
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`count: not a number: ${String(n)}`);
    return countText(n, String(need(singular, 'count')), String(need(plural, 'count')));
  });
  hb.registerHelper('daysLeft', (n: unknown, options: HelperOptions) => daysLeftText(need(n, 'daysLeft') as number, langOf(options)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => need(a, 'eq') === need(b, 'eq'));
  hb.registerHelper('includes', (list: unknown, item: unknown) => {
    if (!Array.isArray(list)) throw new Error('includes: not a list');
    return list.includes(need(item, 'includes'));
  });
  /** `{{list items}}`: "a, b en c" / "a, b et c" / "a, b and c". */
  hb.registerHelper('list', (items: unknown, options: HelperOptions) => {
    if (!Array.isArray(items)) throw new Error('list: not a list');
    const lang = langOf(options);
    return lang === 'nl' ? dutchList(items.map(String)) : listText(items.map(String), lang);
  });
}

/** "a, b en c". */
export function dutchList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

function compileOptions(noEscape: boolean): CompileOptions {
  return { strict: true, noEscape, preventIndent: false };
}

/** Text: no trailing spaces, at most one empty line in a row, no leading/trailing empty lines. */
export function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .concat('\n');
}

function tidyHtml(html: string): string {
  return html
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .filter((line) => line.trim() !== '')
    .join('\n')
    .concat('\n');
}

interface CompiledTemplate {
  subject: Handlebars.TemplateDelegate;
  html: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
}

/** The templates of one language folder. */
class LanguageTemplates {
  readonly templates = new Map<string, CompiledTemplate>();
  readonly htmlLayout: Handlebars.TemplateDelegate;
  readonly textLayout: Handlebars.TemplateDelegate;

  constructor(
    readonly html: Instance,
    readonly text: Instance,
    dir: string,
  ) {
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    const partialsDir = join(dir, 'partials');
    if (existsSync(partialsDir)) {
      for (const file of readdirSync(partialsDir).sort()) {
        const m = /^(.+)\.(html|text)\.hbs$/.exec(file);
        if (!m) continue;
        const [, name, part] = m;
        const source = readFileSync(join(partialsDir, file), 'utf8');
        // Registered compiled, so a partial keeps the escaping of its part.
        if (part === 'html') html.registerPartial(name, html.compile(source, compileOptions(false)));
        else text.registerPartial(name, text.compile(source, compileOptions(true)));
      }
    }
    this.htmlLayout = html.compile(read('layout.html.hbs'), compileOptions(false));
    this.textLayout = text.compile(read('layout.text.hbs'), compileOptions(true));
    for (const file of readdirSync(dir).sort()) {
      const m = /^(.+)\.subject\.hbs$/.exec(file);
      if (!m) continue;
      const name = m[1];
      this.templates.set(name, {
        subject: text.compile(read(`${name}.subject.hbs`), compileOptions(true)),
        html: html.compile(read(`${name}.html.hbs`), compileOptions(false)),
        text: text.compile(read(`${name}.text.hbs`), compileOptions(true)),
      });
    }
  }

  static load(dir: string): LanguageTemplates {
    const html = Handlebars.create();
    const text = Handlebars.create();
    registerHelpers(html);
    registerHelpers(text);
    return new LanguageTemplates(html, text, dir);
  }
}

/** The loaded catalogue of mail templates, per language. */
export class MailTemplates {
  private constructor(private readonly byLanguage: ReadonlyMap<Language, LanguageTemplates>) {}

  /**
   * Loads `root/<lang>/` for every language whose folder exists (Dutch must). A single language
   * folder (`…/nl`, as older callers pass) loads that folder as Dutch.
   */
  static load(root: string = MAIL_TEMPLATES_ROOT): MailTemplates {
    const byLanguage = new Map<Language, LanguageTemplates>();
    if (existsSync(join(root, 'layout.html.hbs'))) {
      byLanguage.set('nl', LanguageTemplates.load(root));
    } else {
      for (const lang of LANGUAGES) {
        const dir = join(root, lang);
        if (lang === 'nl' || existsSync(join(dir, 'layout.html.hbs'))) byLanguage.set(lang, LanguageTemplates.load(dir));
      }
    }
    return new MailTemplates(byLanguage);
  }

  /** The templates (of the Dutch originals). */
  names(): string[] {
    return [...(this.byLanguage.get('nl')?.templates.keys() ?? [])];
  }

  /** The languages with a template folder. */
  languages(): Language[] {
    return [...this.byLanguage.keys()];
  }

  /** The templates of a language (empty for a language without a folder). */
  namesIn(lang: Language): string[] {
    return [...(this.byLanguage.get(lang)?.templates.keys() ?? [])];
  }

  has(name: string, lang: Language = 'nl'): boolean {
    return this.byLanguage.get(lang)?.templates.has(name) ?? false;
  }

  /**
   * Renders subject, HTML and text in the context's `lang` (Dutch when absent); any missing
   * variable, bad value or template missing in that language is a TemplateRenderError.
   */
  render(name: string, context: Record<string, unknown>): RenderedMail {
    const lang = context.lang === undefined ? 'nl' : context.lang;
    if (!isLanguage(lang)) throw new TemplateRenderError(name, new Error(`lang must be one of ${LANGUAGES.join(', ')} (got ${JSON.stringify(lang)})`));
    const set = this.byLanguage.get(lang);
    const template = set?.templates.get(name);
    if (!set || !template) throw new TemplateRenderError(name, new Error(this.has(name) ? `no ${lang} version of the template` : 'no such template'));
    const full = { ...context, lang };
    try {
      const subject = template.subject(full).replace(/\s+/g, ' ').trim();
      const htmlBody = template.html(full);
      const textBody = template.text(full);
      const html = set.htmlLayout({ ...full, subject, body: new set.html.SafeString(htmlBody) });
      const text = set.textLayout({ ...full, subject, body: textBody });
      return { subject, html: tidyHtml(html), text: tidyText(text) };
    } catch (err) {
      throw new TemplateRenderError(name, err);
    }
  }
}
