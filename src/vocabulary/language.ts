/**
 * The languages a person outside the processor's team reads: Dutch, French and English (issue 24).
 * A requester reads the letters in the requester's language, a controller the mails and its page
 * in the controller's language; the processor's own team always reads Dutch.
 *
 * Pure data and functions on `Intl`: dates, weekdays and lists per language. Imports only the
 * Dutch calendar formatter, which keeps the house style of the Dutch letters.
 */
import { formatDutchDate } from '../deadlines/dutch.js';

export const LANGUAGES = ['nl', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of the processor's own team, and of every text the agent UI shows. */
export const TEAM_LANGUAGE: Language = 'nl';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The BCP 47 locale `Intl` formats a language in (and the `lang` attribute of a page or mail). */
export const LANGUAGE_LOCALES: Readonly<Record<Language, string>> = { nl: 'nl-NL', fr: 'fr-BE', en: 'en-GB' };

/** The names of the languages in Dutch, for the agent UI ("Frans"). */
export const LANGUAGE_LABELS: Readonly<Record<Language, string>> = { nl: 'Nederlands', fr: 'Frans', en: 'Engels' };

/** Each language in its own words, for a choice a requester or controller reads ("Français"). */
export const LANGUAGE_ENDONYMS: Readonly<Record<Language, string>> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

/** The adjective in Dutch, for the agent UI ("de Franse vertaling"). */
export const LANGUAGE_ADJECTIVES: Readonly<Record<Language, string>> = { nl: 'Nederlandse', fr: 'Franse', en: 'Engelse' };

/** The names of the languages in English (problem details of the API). */
export const LANGUAGE_NAMES_EN: Readonly<Record<Language, string>> = { nl: 'Dutch', fr: 'French', en: 'English' };

/**
 * The language of a letter to the requester: the requester's language, else the processor's
 * (`fallback`, PROCESSOR_LANGUAGE). The one rule letterLanguage (replies) and the completion
 * check (requests) share.
 */
export function requesterLanguageOf(request: { requesterLanguage?: unknown }, fallback: Language): Language {
  return isLanguage(request.requesterLanguage) ? request.requesterLanguage : fallback;
}

/** "Frans"; an unknown value as it is. */
export function languageLabel(value: string): string {
  return LANGUAGE_LABELS[value as Language] ?? value;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: Language, weekday: boolean, year: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${weekday}:${year}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LANGUAGE_LOCALES[lang], {
      ...(weekday ? { weekday: 'long' } : {}),
      day: 'numeric',
      month: 'long',
      ...(year ? { year: 'numeric' } : {}),
      timeZone: 'UTC',
    });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * A plain day (`YYYY-MM-DD`) in full: "dinsdag 28 april 2026", "mardi 28 avril 2026",
 * "Tuesday, 28 April 2026". Dutch keeps its own formatter (the house style of the letters).
 */
export function formatDate(date: string, lang: Language, options: { weekday?: boolean; year?: boolean } = {}): string {
  if (lang === 'nl') return formatDutchDate(date, options);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}.`);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dateFormat(lang, options.weekday ?? true, options.year ?? true).format(day);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** "20 april 2026 om 12:00" / "20 avril 2026 à 12:00" / "20 April 2026 at 12:00", in a time zone (Amsterdam by default). */
export function formatDateTime(value: Date | string, lang: Language, timeZone = 'Europe/Amsterdam'): string {
  const key = `${lang}:${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LANGUAGE_LOCALES[lang], { dateStyle: 'long', timeStyle: 'short', timeZone });
    dateTimeFormats.set(key, format);
  }
  return format.format(typeof value === 'string' ? new Date(value) : value);
}

const listFormats = new Map<string, Intl.ListFormat>();

/** "a, b en c" / "a, b et c" / "a, b and c"; with `or`: "a, b of c" / "a, b ou c" / "a, b or c". */
export function listText(items: readonly string[], lang: Language, type: 'and' | 'or' = 'and'): string {
  const key = `${lang}:${type}`;
  let format = listFormats.get(key);
  if (!format) {
    format = new Intl.ListFormat(LANGUAGE_LOCALES[lang], { type: type === 'and' ? 'conjunction' : 'disjunction' });
    listFormats.set(key, format);
  }
  return format.format(items);
}

/** "1 dag" / "2 dagen": the number with the singular or the plural the template gives. */
export function countText(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "nog 12 dagen" / "encore 12 jours" / "12 days left"; the last day; a limit passed. */
export function daysLeftIn(days: number, lang: Language): string {
  if (!Number.isFinite(days)) throw new Error(`daysLeft: not a number: ${String(days)}`);
  const n = Math.abs(days);
  switch (lang) {
    case 'nl':
      if (days > 0) return `nog ${countText(n, 'dag', 'dagen')}`;
      if (days === 0) return 'vandaag is de laatste dag';
      return `de termijn is ${countText(n, 'dag', 'dagen')} verstreken`;
    case 'fr':
      if (days > 0) return `encore ${countText(n, 'jour', 'jours')}`;
      if (days === 0) return "aujourd'hui est le dernier jour";
      return `le délai est dépassé de ${countText(n, 'jour', 'jours')}`;
    case 'en':
      if (days > 0) return `${countText(n, 'day', 'days')} left`;
      if (days === 0) return 'today is the last day';
      return `the time limit passed ${countText(n, 'day', 'days')} ago`;
  }
}

/** The name of a country in a language ("Frankrijk", "France", "France"); Intl for French and English. */
export function regionName(code: string, lang: Language, dutch: (code: string) => string): string {
  if (lang === 'nl') return dutch(code);
  try {
    return new Intl.DisplayNames([LANGUAGE_LOCALES[lang]], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A letter as plain text: the subject line in the letter's language ("Objet :" with the no-break
 * space of French typography, as in the letter itself), then the text.
 */
export function letterAsText(mail: { subject: string; text: string }, lang: Language): string {
  return `${{ nl: 'Onderwerp:', fr: 'Objet\u00a0:', en: 'Subject:' }[lang]} ${mail.subject}\n\n${mail.text}`;
}
