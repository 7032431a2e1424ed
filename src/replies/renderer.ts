/**
 * The mail template engine: `templates/mail/nl/<name>.{subject,html,text}.hbs`, partials in
 * `partials/<name>.{html,text}.hbs` and one layout per part. Two isolated Handlebars instances:
 * HTML (escaped) and text (subject and text part, not escaped). Strict: a missing variable is an
 * error, also when it is passed to a helper or to `if`/`each`/`with`/`unless`.
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/paths.js';
import { COUNTRIES, isCountry } from '../deadlines/countries.js';
import { dutchCount, formatDutchDate } from '../deadlines/dutch.js';
import { isRefusalGround, isRight, refusalGroundText, type Right } from '../requests/request.types.js';
import { isLawField, lawText, LAW_FIELDS } from '../vocabulary/country-law.js';
import { applyTone, instructionLabel, instructionList, INSTRUCTIONS, isTone, rightAsked, rightForController, rightWithArticle, supervisoryAuthority, type Tone } from '../vocabulary/vocabulary.js';

export const MAIL_TEMPLATE_DIR = join(PROJECT_ROOT, 'templates', 'mail', 'nl');

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

function isInstruction(value: string): boolean {
  return (INSTRUCTIONS as readonly string[]).includes(value);
}

function asRight(value: unknown, helper: string): Right {
  if (!isRight(value)) throw new Error(`${helper}: not a right: ${JSON.stringify(value)}`);
  return value;
}

/** "nog 12 dagen", "vandaag is de laatste dag", "de termijn is 3 dagen verstreken". */
export function daysLeftText(days: number): string {
  if (!Number.isFinite(days)) throw new Error(`daysLeft: not a number: ${String(days)}`);
  if (days > 0) return `nog ${dutchCount(days, 'dag', 'dagen')}`;
  if (days === 0) return 'vandaag is de laatste dag';
  return `de termijn is ${dutchCount(-days, 'dag', 'dagen')} verstreken`;
}

function registerHelpers(hb: Instance): void {
  // Built-ins that would silently treat a missing variable as false/empty.
  for (const name of ['if', 'unless', 'each', 'with']) {
    const builtin = hb.helpers[name] as Handlebars.HelperDelegate;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      if (args.length < 2 || args[0] === undefined) throw new Error(`#${name}: its argument is undefined`);
      return (builtin as (...a: unknown[]) => unknown).apply(this, args);
    });
  }
  hb.registerHelper('date', (value: unknown) => {
    if (typeof value !== 'string') throw new Error(`date: not a date: ${JSON.stringify(value)}`);
    return formatDutchDate(value.slice(0, 10));
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
  hb.registerHelper('right', (value: unknown) => rightWithArticle(asRight(value, 'right')));
  hb.registerHelper('rightAsked', (value: unknown, options: HelperOptions) => rightAsked(asRight(value, 'rightAsked'), toneOf(options)));
  /** What a controller does; the law it names is the controller's country's (`controller.country`). */
  hb.registerHelper('rightForController', (value: unknown, options: HelperOptions) => {
    const controller = (options.data?.root as { controller?: { country?: unknown } } | undefined)?.controller;
    const country = isCountry(controller?.country) ? controller.country : undefined;
    return rightForController(asRight(value, 'rightForController'), toneOf(options), country);
  });
  hb.registerHelper('instructions', () => instructionList());
  /** `{{instructionName instruction}}`: "gegevens wissen". */
  hb.registerHelper('instructionName', (value: unknown) => {
    if (typeof value !== 'string' || !isInstruction(value)) throw new Error(`instructionName: not an instruction: ${JSON.stringify(value)}`);
    return instructionLabel(value);
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
  hb.registerHelper('authority', (country: unknown) => {
    if (!isCountry(country)) throw new Error(`authority: not a country: ${JSON.stringify(country)}`);
    return supervisoryAuthority(country);
  });
  hb.registerHelper('countryName', (country: unknown) => {
    if (!isCountry(country)) throw new Error(`countryName: not a country: ${JSON.stringify(country)}`);
    return COUNTRIES[country].name;
  });
  /** `(refusalGround ground rights)`: the ground in the letter's tone, one article per right where the right does not apply. */
  hb.registerHelper('refusalGround', (ground: unknown, rights: unknown, options: HelperOptions) => {
    if (!isRefusalGround(ground)) throw new Error(`refusalGround: not a ground: ${JSON.stringify(ground)}`);
    if (!Array.isArray(rights)) throw new Error('refusalGround: the rights are not a list');
    const text = refusalGroundText(ground, toneOf(options), rights.map((r) => asRight(r, 'refusalGround')));
    // It follows "De reden:" in running text: lowercase after the colon.
    return { ...text, name: text.name.charAt(0).toLowerCase() + text.name.slice(1) };
  });
  /** `{{law country "courtRoute"}}`: a statement of national law from the per-country table, in the letter's tone. */
  hb.registerHelper('law', (country: unknown, field: unknown, options: HelperOptions) => {
    if (!isCountry(country)) throw new Error(`law: not a country: ${JSON.stringify(country)}`);
    if (!isLawField(field)) throw new Error(`law: not one of ${LAW_FIELDS.join(', ')}: ${JSON.stringify(field)}`);
    return applyTone(lawText(country, field), toneOf(options));
  });
  hb.registerHelper('count', (n: unknown, singular: unknown, plural: unknown) => {
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`count: not a number: ${String(n)}`);
    return dutchCount(n, String(need(singular, 'count')), String(need(plural, 'count')));
  });
  hb.registerHelper('daysLeft', (n: unknown) => daysLeftText(need(n, 'daysLeft') as number));
  hb.registerHelper('eq', (a: unknown, b: unknown) => need(a, 'eq') === need(b, 'eq'));
  hb.registerHelper('includes', (list: unknown, item: unknown) => {
    if (!Array.isArray(list)) throw new Error('includes: not a list');
    return list.includes(need(item, 'includes'));
  });
  hb.registerHelper('list', (items: unknown) => {
    if (!Array.isArray(items)) throw new Error('list: not a list');
    return dutchList(items.map(String));
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

/** The loaded catalogue of mail templates. */
export class MailTemplates {
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly htmlLayout: Handlebars.TemplateDelegate;
  private readonly textLayout: Handlebars.TemplateDelegate;

  private constructor(
    private readonly html: Instance,
    private readonly text: Instance,
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

  static load(dir: string = MAIL_TEMPLATE_DIR): MailTemplates {
    const html = Handlebars.create();
    const text = Handlebars.create();
    registerHelpers(html);
    registerHelpers(text);
    return new MailTemplates(html, text, dir);
  }

  names(): string[] {
    return [...this.templates.keys()];
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Renders subject, HTML and text; any missing variable or bad value is a TemplateRenderError. */
  render(name: string, context: Record<string, unknown>): RenderedMail {
    const template = this.templates.get(name);
    if (!template) throw new TemplateRenderError(name, new Error('no such template'));
    try {
      const subject = template.subject(context).replace(/\s+/g, ' ').trim();
      const htmlBody = template.html(context);
      const textBody = template.text(context);
      const html = this.htmlLayout({ ...context, subject, body: new this.html.SafeString(htmlBody) });
      const text = this.textLayout({ ...context, subject, body: textBody });
      return { subject, html: tidyHtml(html), text: tidyText(text) };
    } catch (err) {
      throw new TemplateRenderError(name, err);
    }
  }
}
