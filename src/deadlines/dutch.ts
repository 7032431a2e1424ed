/**
 * Dates in Dutch ("dinsdag 28 april 2026"), for the deadline explanations, mail templates and the
 * UI. Works on plain `YYYY-MM-DD` days; formatted strings are cached per day.
 */
import { cacheSet, parsePlainDate, weekdayOf, type DayNumber, DAY_MS } from './days.js';

/** Index 0 = Sunday, as `Date.prototype.getUTCDay()`. */
export const DUTCH_WEEKDAYS = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'] as const;

/** Index 0 = January. */
export const DUTCH_MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;

export interface DutchDateOptions {
  /** Include the year (default true): "dinsdag 28 april 2026" or "dinsdag 28 april". */
  year?: boolean;
  /** Include the weekday (default true): "28 april 2026". */
  weekday?: boolean;
}

const withYearCache = new Map<DayNumber, string>();
const withoutYearCache = new Map<DayNumber, string>();

function toDay(date: string | DayNumber): DayNumber {
  if (typeof date === 'number') return date;
  const day = parsePlainDate(date);
  if (Number.isNaN(day)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}.`);
  return day;
}

/** "dinsdag 28 april" (cached). */
function weekdayDayMonth(day: DayNumber): string {
  let text = withoutYearCache.get(day);
  if (text === undefined) {
    const date = new Date(day * DAY_MS);
    text = `${DUTCH_WEEKDAYS[weekdayOf(day)]} ${date.getUTCDate()} ${DUTCH_MONTHS[date.getUTCMonth()]}`;
    cacheSet(withoutYearCache, day, text);
  }
  return text;
}

/** "dinsdag 28 april 2026" (cached). */
function weekdayDayMonthYear(day: DayNumber): string {
  let text = withYearCache.get(day);
  if (text === undefined) {
    text = `${weekdayDayMonth(day)} ${new Date(day * DAY_MS).getUTCFullYear()}`;
    cacheSet(withYearCache, day, text);
  }
  return text;
}

/**
 * A day in full Dutch: `formatDutchDate('2026-04-28')` → "dinsdag 28 april 2026";
 * `{ year: false }` → "dinsdag 28 april"; `{ weekday: false }` → "28 april 2026".
 */
export function formatDutchDate(date: string | DayNumber, options: DutchDateOptions = {}): string {
  const day = toDay(date);
  const year = options.year ?? true;
  if (options.weekday === false) {
    const d = new Date(day * DAY_MS);
    const dayMonth = `${d.getUTCDate()} ${DUTCH_MONTHS[d.getUTCMonth()]}`;
    return year ? `${dayMonth} ${d.getUTCFullYear()}` : dayMonth;
  }
  return year ? weekdayDayMonthYear(day) : weekdayDayMonth(day);
}

/** "dinsdag 28 april" (without the year). */
export function formatDutchDateWithoutYear(date: string | DayNumber): string {
  return weekdayDayMonth(toDay(date));
}

/** "dinsdag". */
export function dutchWeekday(date: string | DayNumber): string {
  return DUTCH_WEEKDAYS[weekdayOf(toDay(date))]!;
}

/** "1 dag", "2 dagen"; "1 werkdag", "3 werkdagen". */
export function dutchCount(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
