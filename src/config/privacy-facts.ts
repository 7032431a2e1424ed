/**
 * The privacy facts file (PRIVACY_FACTS_FILE, default DATA_DIR/privacy-facts.yaml): what the
 * processor does with data it holds as controller itself (its own customer accounts, its own
 * intake). The in-house letters state these facts and nothing else; the privacy officer keeps
 * them true. YAML (JSON is valid YAML too).
 *
 * Read once at start. A field of the wrong shape, an unknown field or a file that is not YAML
 * fails the start with one line naming the setting and the field. A fact that is simply not there
 * yet does not: the service runs, and an in-house completion is refused until the file is complete
 * (`missingPrivacyFacts`), so no letter fills a gap with an assumption.
 *
 * One file per language (issue 24): the main file holds the facts in the processor's language
 * (PROCESSOR_LANGUAGE); a translation sits beside it with the language before the extension
 * (`privacy-facts.fr.yaml`, `privacy-facts.en.yaml`). A translation is validated like the main file
 * and must state the same facts (`translationDifference`); only its texts differ. A completion
 * letter quotes the facts of the letter's language, so a language without its (complete) file
 * cannot be answered in-house.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from '../common/paths.js';
import type { Country } from '../deadlines/countries.js';
import { ConfigError } from './config-error.js';

export const PRIVACY_FACTS_SETTING = 'PRIVACY_FACTS_FILE';
export const DEFAULT_PRIVACY_FACTS_FILE = 'privacy-facts.yaml';

/** Art 6(1)(a)-(f). */
export const LEGAL_BASES = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** The EEA: the EU member states plus Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2). */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '),
);

const text = (max: number) => z.string().trim().min(1, 'may not be empty').max(max, `at most ${max} characters`);
const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166-1), e.g. NL, IE, US');

const purposeSchema = z.strictObject({
  purpose: text(300),
  legalBasis: z.enum(LEGAL_BASES, { error: `must be one of ${LEGAL_BASES.join(', ')}` }),
  /** With legitimate-interests: the interest, in plain words. */
  legitimateInterest: text(500).optional(),
});

const categorySchema = z.strictObject({
  name: text(200),
  retention: z.strictObject({
    /** How long, in words: "zeven jaar na afloop van het boekjaar". */
    period: text(300),
    /** Why that long, with the law where the law sets it. */
    reason: text(500),
    /** A legal duty to keep it (art 17(3)(b)): kept after an erasure until the period ends. */
    legalObligation: z.boolean({ error: 'must be true or false' }),
  }),
});

const recipientSchema = z.strictObject({
  name: text(200),
  /** What the recipient does with the data: "hosting (verwerker)". */
  role: text(300),
  country: countryCode,
});

const transferSchema = z.strictObject({
  /** A name from `recipients`. */
  recipient: text(200),
  country: countryCode,
  /** Art 46 safeguard or art 45 adequacy decision, in words. */
  safeguard: text(500),
});

const decisionSchema = z.strictObject({
  decision: text(300),
  /** Art 15(1)(h): meaningful information about the logic involved. */
  logic: text(1000),
  /** The significance and the envisaged consequences for the person. */
  consequences: text(1000),
});

export const privacyFactsSchema = z
  .strictObject({
    /** The example files carry `fictional: true`; such facts are shown only in demo mode. */
    fictional: z.boolean({ error: 'must be true or false' }).optional(),
    /** The country whose law the retention reasons cite; must equal PROCESSOR_COUNTRY. */
    country: z.enum(['NL', 'BE'], { error: 'must be NL or BE' }).optional(),
    purposes: z.array(purposeSchema, { error: 'must be a list' }).max(50).optional(),
    categories: z.array(categorySchema, { error: 'must be a list' }).max(50).optional(),
    /** Where the data comes from when not from the person (art 15(1)(g)). */
    source: text(1000).optional(),
    /** Every recipient by name (C-154/21); an empty list is a statement: nobody receives it. */
    recipients: z.array(recipientSchema, { error: 'must be a list' }).max(100).optional(),
    /** Transfers outside the EEA with their safeguards; an empty list is a statement: none. */
    transfers: z.array(transferSchema, { error: 'must be a list' }).max(100).optional(),
    /** Days after which a back-up copy is overwritten. */
    backupDays: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1).max(3650).optional(),
    /** Decisions based solely on automated processing (art 22): `none` or each with its logic and consequences. */
    automatedDecisions: z
      .union([z.literal('none'), z.array(decisionSchema).min(1).max(20)], { error: 'must be "none" or a list of decisions' })
      .optional(),
  })
  .superRefine((facts, ctx) => {
    const names = new Set((facts.recipients ?? []).map((r) => r.name.toLowerCase()));
    if ((facts.recipients ?? []).length !== names.size) ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'names each recipient only once' });
    (facts.transfers ?? []).forEach((t, i) => {
      if (!names.has(t.recipient.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['transfers', i, 'recipient'], message: `"${t.recipient}" is not in recipients` });
      if (EEA_COUNTRIES.has(t.country)) ctx.addIssue({ code: 'custom', path: ['transfers', i, 'country'], message: `${t.country} is in the EEA: not a transfer` });
    });
    // A recipient outside the EEA is a transfer: the letter must name its safeguard (art 15(2)).
    if (facts.transfers) {
      (facts.recipients ?? []).forEach((r, i) => {
        if (EEA_COUNTRIES.has(r.country)) return;
        if (!facts.transfers!.some((t) => t.recipient.toLowerCase() === r.name.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: ['recipients', i, 'country'], message: `${r.country} is outside the EEA: list the transfer to "${r.name}" with its safeguard in transfers` });
        }
      });
    }
    (facts.purposes ?? []).forEach((p, i) => {
      if (p.legalBasis === 'legitimate-interests' && !p.legitimateInterest) {
        ctx.addIssue({ code: 'custom', path: ['purposes', i, 'legitimateInterest'], message: 'is required with legalBasis legitimate-interests' });
      }
    });
  });

export type PrivacyFacts = z.output<typeof privacyFactsSchema>;
/** Every fact present (what a letter may be written from). */
export type CompletePrivacyFacts = Required<Omit<PrivacyFacts, 'fictional'>> & { fictional?: boolean };

/**
 * The languages a facts file can be written in: the letters' languages (src/vocabulary/language.ts
 * LANGUAGES; infra does not import the vocabulary, a unit test keeps the two equal).
 */
export const FACTS_LANGUAGES = ['nl', 'fr', 'en'] as const;
export type FactsLanguage = (typeof FACTS_LANGUAGES)[number];

/** The facts as read at start, for one language. */
export interface PrivacyFactsState {
  /** The language the file is written in. */
  language: FactsLanguage;
  /** A translation of the main file (false: the main file, in PROCESSOR_LANGUAGE). */
  translation: boolean;
  /** The file read; for the demo fallback, the bundled example. */
  path: string;
  /** `file`: read from `path`; `absent`: no file (nothing is known); `demo`: the bundled fictional example (DEMO_DATA). */
  origin: 'file' | 'absent' | 'demo';
  facts: PrivacyFacts;
  /**
   * Field names of facts still missing (empty: complete); for a translation that is not there,
   * its file name (`privacy-facts.fr.yaml`). A translation also lacks what the main file lacks.
   */
  missing: string[];
  /**
   * Which file lacks which of `missing`, the main file first (a translation states the main
   * file's facts, so its letter waits for both): one entry per file that lacks something.
   */
  gaps: PrivacyFactsGap[];
}

/** One file and what it lacks; `absent`: the file is not there (a translation then lacks its file name). */
export interface PrivacyFactsGap {
  path: string;
  translation: boolean;
  absent: boolean;
  missing: string[];
}

/** The facts of every language, as read at start (`config.privacyFacts[lang]`). */
export type PrivacyFactsByLanguage = Record<FactsLanguage, PrivacyFactsState>;

/** The facts a letter needs, in the order the file lists them. */
export const REQUIRED_FACTS = ['country', 'purposes', 'categories', 'source', 'recipients', 'transfers', 'backupDays', 'automatedDecisions'] as const;

/**
 * What is still missing before a letter may be written from these facts. Lists that must say
 * something (purposes, categories) may not be empty; `recipients: []` and `transfers: []` are
 * statements and count. Fictional facts count as missing unless `allowFictional` (demo data).
 */
export function missingPrivacyFacts(facts: PrivacyFacts, allowFictional = false): string[] {
  const missing: string[] = [];
  if (facts.fictional && !allowFictional) missing.push('fictional');
  for (const key of REQUIRED_FACTS) {
    const value = facts[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0 && (key === 'purposes' || key === 'categories'))) missing.push(key);
  }
  return missing;
}

/** `purposes[1].legalBasis` */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** The facts in a YAML (or JSON) text; a ConfigError naming the field when one is wrong. */
export function parsePrivacyFacts(source: string, where: string, country: Country): PrivacyFacts {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new ConfigError(PRIVACY_FACTS_SETTING, `${where}: not valid YAML${line ? ` (line ${line})` : ''}: ${e.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  const parsed = privacyFactsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = fieldPath([...issue.path, ...(keys.length === 1 ? [keys[0]] : [])]) || '(the file)';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${keys.length > 1 ? `s ${keys.join(', ')}` : ''}`
        : /received undefined$/.test(issue.message)
          ? 'is required'
          : issue.path.length === 0 && issue.code === 'invalid_type'
            ? 'must be a mapping of facts (purposes:, categories:, …)'
            : issue.message;
    throw new ConfigError(PRIVACY_FACTS_SETTING, `${where}: ${field}: ${message}`);
  }
  if (parsed.data.country && parsed.data.country !== country) {
    throw new ConfigError(PRIVACY_FACTS_SETTING, `${where}: country: is ${parsed.data.country} but PROCESSOR_COUNTRY is ${country} (the retention reasons cite that country's law)`);
  }
  const wrongLaw = foreignLaw(parsed.data, parsed.data.country ?? country);
  if (wrongLaw) throw new ConfigError(PRIVACY_FACTS_SETTING, `${where}: ${wrongLaw.field}: cites ${wrongLaw.cites} but country is ${parsed.data.country ?? country}`);
  return parsed.data;
}

/** Law of the other country in a retention reason: a Dutch example copied into a Belgian file, or the reverse. */
const OTHER_COUNTRY_LAW: Record<Country, { pattern: RegExp; cites: string }> = {
  NL: { pattern: /FOD Financi|\bWIB\b|Wetboek van economisch recht|Btw-wetboek|\bWBTW\b/i, cites: 'Belgian law' },
  BE: { pattern: /\bAWR\b|Belastingdienst|Algemene wet inzake rijksbelastingen|Burgerlijk Wetboek/i, cites: 'Dutch law' },
};

function foreignLaw(facts: PrivacyFacts, country: Country): { field: string; cites: string } | null {
  const other = OTHER_COUNTRY_LAW[country];
  for (const [i, c] of (facts.categories ?? []).entries()) {
    for (const key of ['reason', 'period'] as const) {
      if (other.pattern.test(c.retention[key])) return { field: `categories[${i}].retention.${key}`, cites: other.cites };
    }
  }
  return null;
}

/** The bundled fictional example for a country (demo data and the README), in a language (Dutch: the main example). */
export function examplePrivacyFactsFile(country: Country, lang: FactsLanguage = 'nl'): string {
  return join(PROJECT_ROOT, 'resources', `privacy-facts.example.${country.toLowerCase()}${lang === 'nl' ? '' : `.${lang}`}.yaml`);
}

/** The translation beside a facts file: `/x/facts.yml` → `/x/facts.fr.yml` (`/x/facts` → `/x/facts.fr`). */
export function translationPath(mainPath: string, lang: FactsLanguage): string {
  const ext = extname(mainPath);
  return join(dirname(mainPath), `${basename(mainPath, ext)}.${lang}${ext}`);
}

/** The facts that must be the same in a translation, compared in this order. */
const counted = (key: string, main: readonly unknown[] | undefined, other: readonly unknown[] | undefined): string | null => {
  if (!main || !other || main.length === other.length) return null;
  return `${key}[${Math.min(main.length, other.length)}]: the main file has ${main.length} ${key}, this one ${other.length}`;
};

const same = (field: string, main: unknown, other: unknown): string | null =>
  main === undefined || other === undefined || main === other ? null : `${field}: the main file says ${String(main)}, this one ${String(other)}`;

const sameName = (field: string, main: string, other: string): string | null =>
  main.trim().toLowerCase() === other.trim().toLowerCase() ? null : `${field}: the main file says "${main}", this one "${other}"`;

/**
 * The first fact on which a translation differs from the main file (`categories[3]: the main file
 * has 4 categories, this one 3`), or null. A translation says the same facts in other words:
 * same country, `fictional`, back-up days, the same number of purposes, categories, recipients,
 * transfers and automated decisions in the same order, each purpose's legal basis, each
 * category's legal duty, each recipient's name and country, each transfer's recipient and
 * country. A fact one of the two does not state yet is not compared (it is missing there). Pure.
 */
export function translationDifference(main: PrivacyFacts, other: PrivacyFacts): string | null {
  const checks: (() => string | null)[] = [
    () => same('fictional', main.fictional === true, other.fictional === true),
    () => same('country', main.country, other.country),
    () => counted('purposes', main.purposes, other.purposes),
    ...(main.purposes ?? []).map((p, i) => () => same(`purposes[${i}].legalBasis`, p.legalBasis, other.purposes?.[i]?.legalBasis)),
    () => counted('categories', main.categories, other.categories),
    ...(main.categories ?? []).map((c, i) => () => same(`categories[${i}].retention.legalObligation`, c.retention.legalObligation, other.categories?.[i]?.retention.legalObligation)),
    () => counted('recipients', main.recipients, other.recipients),
    ...(main.recipients ?? []).flatMap((r, i) => {
      const o = other.recipients?.[i];
      return o ? [() => sameName(`recipients[${i}].name`, r.name, o.name), () => same(`recipients[${i}].country`, r.country, o.country)] : [];
    }),
    () => counted('transfers', main.transfers, other.transfers),
    ...(main.transfers ?? []).flatMap((t, i) => {
      const o = other.transfers?.[i];
      return o ? [() => sameName(`transfers[${i}].recipient`, t.recipient, o.recipient), () => same(`transfers[${i}].country`, t.country, o.country)] : [];
    }),
    () => same('backupDays', main.backupDays, other.backupDays),
    () => {
      const [m, o] = [main.automatedDecisions, other.automatedDecisions];
      if (m === undefined || o === undefined) return null;
      if (m === 'none' || o === 'none') return m === o ? null : `automatedDecisions: the main file says ${m === 'none' ? 'none' : `${m.length} decisions`}, this one ${o === 'none' ? 'none' : `${o.length} decisions`}`;
      return counted('automatedDecisions', m, o);
    },
  ];
  for (const check of checks) {
    const difference = check();
    if (difference) return difference;
  }
  return null;
}

function readFactsFile(path: string, country: Country): PrivacyFacts {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(PRIVACY_FACTS_SETTING, `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parsePrivacyFacts(source, path, country);
}

/**
 * Reads the facts at start: the main file in the processor's language and a translation for each
 * other language. An explicitly configured main file must exist; the default file may be absent
 * (then nothing is known, or with demo data the bundled fictional examples are used). A
 * translation may be absent (that language is missing: its file name is what it lacks); one that
 * is there is validated like the main file and must state the same facts, else the start fails.
 */
export function readPrivacyFacts(
  setting: { path: string; explicit: boolean },
  options: { country: Country; demoData: boolean; language?: FactsLanguage },
): PrivacyFactsByLanguage {
  const mainLanguage = options.language ?? 'nl';
  let origin: PrivacyFactsState['origin'] = 'file';
  if (!existsSync(setting.path)) {
    if (setting.explicit) throw new ConfigError(PRIVACY_FACTS_SETTING, `${setting.path}: no such file`);
    origin = options.demoData ? 'demo' : 'absent';
  }
  /** The file of a language: beside the main file, or the bundled example of that language. */
  const fileOf = (lang: FactsLanguage) =>
    origin === 'demo' ? examplePrivacyFactsFile(options.country, lang) : lang === mainLanguage ? setting.path : translationPath(setting.path, lang);
  const mainPath = fileOf(mainLanguage);
  const mainFacts = origin === 'absent' ? {} : readFactsFile(mainPath, options.country);
  const mainMissing = missingPrivacyFacts(mainFacts, options.demoData);
  const main: PrivacyFactsState = {
    language: mainLanguage,
    translation: false,
    path: mainPath,
    origin,
    facts: mainFacts,
    missing: mainMissing,
    gaps: mainMissing.length ? [{ path: mainPath, translation: false, absent: origin === 'absent', missing: mainMissing }] : [],
  };
  const all = { [mainLanguage]: main } as PrivacyFactsByLanguage;
  for (const lang of FACTS_LANGUAGES) {
    if (lang === mainLanguage) continue;
    const path = fileOf(lang);
    if (!existsSync(path)) {
      all[lang] = translationState(main, { language: lang, path, facts: null, allowFictional: options.demoData });
      continue;
    }
    if (origin === 'absent') throw new ConfigError(PRIVACY_FACTS_SETTING, `${path}: a translation of ${setting.path}, which is not there`);
    const facts = readFactsFile(path, options.country);
    const difference = translationDifference(mainFacts, facts);
    if (difference) throw new ConfigError(PRIVACY_FACTS_SETTING, `${path}: ${difference}`);
    all[lang] = translationState(main, { language: lang, path, facts, allowFictional: options.demoData });
  }
  return all;
}

/**
 * The state of a translation of `main` (`facts` null: the file is not there). It lacks what it
 * lacks itself and what the main file lacks; `gaps` names the main file first. Pure.
 */
export function translationState(
  main: PrivacyFactsState,
  translation: { language: FactsLanguage; path: string; facts: PrivacyFacts | null; allowFictional: boolean },
): PrivacyFactsState {
  const { language, path, facts } = translation;
  const own = facts === null ? [basename(path)] : missingPrivacyFacts(facts, translation.allowFictional);
  const missing = facts === null ? [...main.missing, ...own] : [...new Set([...own, ...main.missing])].sort((a, b) => missingOrder(a) - missingOrder(b));
  return {
    language,
    translation: true,
    path,
    origin: facts === null ? 'absent' : main.origin,
    facts: facts ?? {},
    missing,
    gaps: [...main.gaps, ...(own.length ? [{ path, translation: true, absent: facts === null, missing: own }] : [])],
  };
}

/** The order missingPrivacyFacts lists facts in. */
function missingOrder(field: string): number {
  return field === 'fictional' ? -1 : (REQUIRED_FACTS as readonly string[]).indexOf(field);
}
