/**
 * Working days per country: weekends, public holidays from `date-holidays` (precomputed per
 * country and year, cached) and days an organisation configures as non-working.
 */
import Holidays from 'date-holidays';
import { addMonths } from 'date-fns';
import { countryDefinition, type Country } from './countries.js';
import { cacheSet, DAY_MS, isoOf, parsePlainDate, weekdayOf, yearOf, type DayNumber } from './days.js';

/** Reason given for a day that an organisation configured as non-working. */
export const EXTRA_DAY_REASON = 'extra vrije dag';
export const SATURDAY_REASON = 'zaterdag';
export const SUNDAY_REASON = 'zondag';

const holidaySources = new Map<Country, Holidays>();
/** Per `${country}:${year}`: day → holiday names (in the country's holiday language). */
const holidayYears = new Map<string, ReadonlyMap<DayNumber, readonly string[]>>();

function holidaySource(country: Country): Holidays {
  let source = holidaySources.get(country);
  if (source === undefined) {
    const def = countryDefinition(country);
    source = def.holidayState
      ? new Holidays(def.holidayCountry, def.holidayState, { types: [...def.holidayTypes], languages: [def.holidayLanguage] })
      : new Holidays(def.holidayCountry, { types: [...def.holidayTypes], languages: [def.holidayLanguage] });
    holidaySources.set(country, source);
  }
  return source;
}

/** The public holidays of a country in a year: day → names (cached). */
export function holidaysOfYear(country: Country, year: number): ReadonlyMap<DayNumber, readonly string[]> {
  const key = `${country}:${year}`;
  const cached = holidayYears.get(key);
  if (cached !== undefined) return cached;
  const def = countryDefinition(country);
  const byDay = new Map<DayNumber, string[]>();
  for (const holiday of holidaySource(country).getHolidays(year, def.holidayLanguage)) {
    if (!def.holidayTypes.includes(holiday.type)) continue;
    const first = parsePlainDate(holiday.date.slice(0, 10));
    if (Number.isNaN(first)) continue;
    const span = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
    for (let day = first; day < first + span; day++) {
      const names = byDay.get(day) ?? [];
      if (!names.includes(holiday.name)) names.push(holiday.name);
      byDay.set(day, names);
    }
  }
  return cacheSet(holidayYears, key, byDay);
}

/** The public holidays of a country in a year, in date order: `[{ date: '2026-04-27', name: 'Koningsdag' }, …]`. */
export function publicHolidays(country: Country, year: number): Array<{ date: string; name: string }> {
  const list: Array<{ date: string; name: string }> = [];
  const days = [...holidaysOfYear(country, year).entries()].sort(([a], [b]) => a - b);
  for (const [day, names] of days) for (const name of names) list.push({ date: isoOf(day), name });
  return list;
}

/** Names of the public holidays on a day, in the country's holiday language (empty if none). */
export function holidayNamesOn(country: Country, day: DayNumber): readonly string[] {
  return holidaysOfYear(country, yearOf(day)).get(day) ?? [];
}

const monthCache = new Map<number, DayNumber>();
const MONTH_KEY_SPAN = 64;

/**
 * A day plus whole calendar months, clamped to the last day of a shorter month (date-fns
 * `addMonths`: 31 January + 1 month = 28 or 29 February). Cached per day and month count.
 */
export function addCalendarMonths(day: DayNumber, months: number): DayNumber {
  const cacheable = months >= 0 && months < MONTH_KEY_SPAN;
  const key = day * MONTH_KEY_SPAN + months;
  if (cacheable) {
    const cached = monthCache.get(key);
    if (cached !== undefined) return cached;
  }
  const utc = new Date(day * DAY_MS);
  // Local midnight of the same calendar day: addMonths works on the process's local calendar.
  const local = new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate());
  const result = addMonths(local, months);
  const resultDay = Date.UTC(result.getFullYear(), result.getMonth(), result.getDate()) / DAY_MS;
  return cacheable ? cacheSet(monthCache, key, resultDay) : resultDay;
}

/** Why a day is not a working day: "zaterdag", "zondag", holiday names, "extra vrije dag". */
export type NonWorkingReasons = readonly string[];

const NO_REASONS: NonWorkingReasons = Object.freeze([]);

/**
 * The working-day calendar of one country plus a set of extra non-working days. Instances are
 * shared (see `workCalendar`) and memoise per day: whether it works, and the next working day.
 */
export class WorkCalendar {
  private readonly reasonsByDay = new Map<DayNumber, NonWorkingReasons>();
  private readonly nextWorkingByDay = new Map<DayNumber, DayNumber>();

  constructor(
    readonly country: Country,
    readonly extraNonWorkingDays: ReadonlySet<DayNumber>,
  ) {
    countryDefinition(country);
  }

  /** Reasons the day is not a working day; empty for a working day. */
  reasonsOn(day: DayNumber): NonWorkingReasons {
    const cached = this.reasonsByDay.get(day);
    if (cached !== undefined) return cached;
    const reasons: string[] = [];
    const weekday = weekdayOf(day);
    if (weekday === 6) reasons.push(SATURDAY_REASON);
    if (weekday === 0) reasons.push(SUNDAY_REASON);
    reasons.push(...holidayNamesOn(this.country, day));
    if (this.extraNonWorkingDays.has(day)) reasons.push(EXTRA_DAY_REASON);
    return cacheSet(this.reasonsByDay, day, reasons.length ? Object.freeze(reasons) : NO_REASONS);
  }

  isWorkingDay(day: DayNumber): boolean {
    return this.reasonsOn(day).length === 0;
  }

  /** The day itself if it is a working day, else the next working day. */
  nextWorkingDay(day: DayNumber): DayNumber {
    const cached = this.nextWorkingByDay.get(day);
    if (cached !== undefined) return cached;
    let next = day;
    while (!this.isWorkingDay(next)) next++;
    return cacheSet(this.nextWorkingByDay, day, next);
  }

  /**
   * The n-th working day after `day` (the day itself not counted); for n = 0 the day itself,
   * or the next working day if it is not one.
   */
  addWorkingDays(day: DayNumber, n: number): DayNumber {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number of 0 or more: ${n}.`);
    if (n === 0) return this.nextWorkingDay(day);
    let current = day;
    for (let counted = 0; counted < n; ) {
      current = this.nextWorkingDay(current + 1);
      counted++;
    }
    return current;
  }

  /** Working days in (from, to]; negative (working days in (to, from]) when `to` is before `from`. */
  workingDaysBetween(from: DayNumber, to: DayNumber): number {
    const sign = to >= from ? 1 : -1;
    const [low, high] = sign === 1 ? [from, to] : [to, from];
    let count = 0;
    for (let day = low + 1; day <= high; day++) if (this.isWorkingDay(day)) count++;
    return sign * count;
  }

  /** Reasons of every non-working day in [from, to), deduplicated, in order of first appearance. */
  reasonsBetween(from: DayNumber, to: DayNumber): string[] {
    const reasons: string[] = [];
    for (let day = from; day < to; day++) {
      for (const reason of this.reasonsOn(day)) if (!reasons.includes(reason)) reasons.push(reason);
    }
    return reasons;
  }
}

const baseCalendars = new Map<Country, WorkCalendar>();
const configuredCalendars = new Map<string, WorkCalendar>();
const CONFIGURED_CALENDAR_LIMIT = 256;
const NO_EXTRA_DAYS: ReadonlySet<DayNumber> = new Set();

/**
 * The shared calendar of a country with optional extra non-working days (ISO `YYYY-MM-DD`).
 * Throws a RangeError for an unknown country or a malformed extra day.
 */
export function workCalendar(country: Country, extraNonWorkingDays?: readonly string[]): WorkCalendar {
  if (extraNonWorkingDays === undefined || extraNonWorkingDays.length === 0) {
    let calendar = baseCalendars.get(country);
    if (calendar === undefined) {
      calendar = new WorkCalendar(country, NO_EXTRA_DAYS);
      baseCalendars.set(country, calendar);
    }
    return calendar;
  }
  const days = new Set<DayNumber>();
  for (const text of extraNonWorkingDays) {
    const day = typeof text === 'string' ? parsePlainDate(text) : NaN;
    if (Number.isNaN(day)) throw new RangeError(`Extra non-working day is not a date (YYYY-MM-DD): ${JSON.stringify(text)}.`);
    days.add(day);
  }
  const key = `${country}|${[...days].sort((a, b) => a - b).join(',')}`;
  let calendar = configuredCalendars.get(key);
  if (calendar === undefined) {
    if (configuredCalendars.size >= CONFIGURED_CALENDAR_LIMIT) configuredCalendars.clear();
    calendar = new WorkCalendar(country, days);
    configuredCalendars.set(key, calendar);
  }
  return calendar;
}
