/**
 * Plain calendar days as integers: the number of days since 1970-01-01 (a Thursday). All deadline
 * arithmetic works on these; strings (`YYYY-MM-DD`) are made only at the edges, from a cache.
 */
export type DayNumber = number;

export const DAY_MS = 86_400_000;

/** A moment or a day: a Date, an ISO 8601 date-time with offset, or a plain `YYYY-MM-DD`. */
export type DateInput = Date | string;

/** Caches are cleared when they grow past this many entries (inputs may be arbitrary). */
const CACHE_LIMIT = 100_000;

/** Years outside this range are refused: the calendars and the string forms assume four-digit years. */
export const MIN_YEAR = 1600;
export const MAX_YEAR = 9999;

export function cacheSet<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

const isoCache = new Map<DayNumber, string>();

/** `YYYY-MM-DD` of a day number (cached). */
export function isoOf(day: DayNumber): string {
  const cached = isoCache.get(day);
  if (cached !== undefined) return cached;
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  if (!Number.isInteger(day) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Day out of range: ${day}.`);
  }
  return cacheSet(isoCache, day, date.toISOString().slice(0, 10));
}

/** Day of the week: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(day: DayNumber): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** The UTC-midnight Date of a day (for date-fns and Intl). */
export function utcDateOf(day: DayNumber): Date {
  return new Date(day * DAY_MS);
}

export function dayOfUtcParts(year: number, monthIndex: number, dayOfMonth: number): DayNumber {
  return Date.UTC(year, monthIndex, dayOfMonth) / DAY_MS;
}

/** Non-negative integer of `length` ASCII digits at `start`, or -1. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Day number of a plain `YYYY-MM-DD`, or NaN if it is malformed or not an existing date (`2026-02-30`). */
export function parsePlainDate(text: string): DayNumber {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const dayOfMonth = digitsAt(text, 8, 2);
  if (year < MIN_YEAR || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return NaN;
  const day = dayOfUtcParts(year, month - 1, dayOfMonth);
  // Date.UTC rolls 30 February over to 2 March; the round trip catches that.
  return isoOf(day) === text ? day : NaN;
}

/**
 * Epoch milliseconds of an ISO 8601 date-time WITH offset (`2026-03-28T14:05:00+01:00`,
 * `2026-01-31T23:30:00Z`, seconds and fraction optional), or NaN. A date-time without offset is
 * refused: its moment would depend on the server's zone.
 */
export function parseOffsetDateTime(text: string): number {
  const length = text.length;
  const separator = text.charCodeAt(10);
  if (length < 17 || (separator !== 84 /* T */ && separator !== 116 /* t */)) return NaN;
  const day = parsePlainDate(text.slice(0, 10));
  if (Number.isNaN(day)) return NaN;
  if (text.charCodeAt(13) !== 58 /* : */) return NaN;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let pos = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(pos) === 58) {
    second = digitsAt(text, pos + 1, 2);
    if (second < 0 || second > 59) return NaN;
    pos += 3;
    if (text.charCodeAt(pos) === 46 /* . */ || text.charCodeAt(pos) === 44 /* , */) {
      const start = ++pos;
      while (pos < length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
      const fraction = pos - start;
      if (fraction < 1 || fraction > 9) return NaN;
      millis = Math.floor(digitsAt(text, start, Math.min(fraction, 3)) * 10 ** (3 - Math.min(fraction, 3)));
    }
  }
  let offsetMinutes: number;
  const sign = text.charCodeAt(pos);
  if ((sign === 90 /* Z */ || sign === 122 /* z */) && pos + 1 === length) {
    offsetMinutes = 0;
  } else if ((sign === 43 /* + */ || sign === 45 /* - */) && pos + 6 === length && text.charCodeAt(pos + 3) === 58) {
    const offsetHours = digitsAt(text, pos + 1, 2);
    const offsetMins = digitsAt(text, pos + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return NaN;
    offsetMinutes = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMins);
  } else {
    return NaN;
  }
  return day * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offsetMinutes * 60_000;
}

/** Reads the offset of a time zone from Intl, with one cached formatter per zone. */
class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  /** Offset in minutes that holds for a whole UTC day, or NaN for a day with a transition. */
  private readonly dayOffsets = new Map<number, number>();

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset of the zone from UTC at `ms`, in minutes. */
  offsetAt(ms: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(ms)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  }

  localDay(ms: number): DayNumber {
    const utcDay = Math.floor(ms / DAY_MS);
    let offset = this.dayOffsets.get(utcDay);
    if (offset === undefined) {
      const atStart = this.offsetAt(utcDay * DAY_MS);
      const atEnd = this.offsetAt((utcDay + 1) * DAY_MS - 1);
      offset = cacheSet(this.dayOffsets, utcDay, atStart === atEnd ? atStart : NaN);
    }
    if (Number.isNaN(offset)) offset = this.offsetAt(ms);
    return Math.floor((ms + offset * 60_000) / DAY_MS);
  }
}

const zoneClocks = new Map<string, ZoneClock>();

function zoneClock(timeZone: string): ZoneClock {
  let clock = zoneClocks.get(timeZone);
  if (clock === undefined) {
    clock = new ZoneClock(timeZone);
    zoneClocks.set(timeZone, clock);
  }
  return clock;
}

/** The local calendar day of a moment (epoch ms) in an IANA time zone. */
export function localDayAt(ms: number, timeZone: string): DayNumber {
  if (!Number.isFinite(ms)) throw new RangeError('Invalid date.');
  const day = zoneClock(timeZone).localDay(ms);
  isoOf(day); // range check
  return day;
}

/**
 * The day of an input in a time zone: a plain `YYYY-MM-DD` is that day as is; a Date or a
 * date-time with offset is read in the zone. Throws a RangeError for anything else.
 */
export function dayOfInput(input: DateInput, timeZone: string): DayNumber {
  if (typeof input === 'string') {
    if (input.length === 10) {
      const day = parsePlainDate(input);
      if (!Number.isNaN(day)) return day;
    } else {
      const ms = parseOffsetDateTime(input);
      if (!Number.isNaN(ms)) return localDayAt(ms, timeZone);
    }
    throw new RangeError(`Not a date (YYYY-MM-DD) or a date-time with offset: ${JSON.stringify(input)}.`);
  }
  // Not `instanceof Date`: a Date from another realm (vm context, worker) is a Date too.
  if (typeof input === 'object' && input !== null && typeof (input as Date).getTime === 'function') {
    return localDayAt((input as Date).getTime(), timeZone);
  }
  throw new RangeError('Expected a Date or an ISO 8601 string.');
}

/** True for a plain `YYYY-MM-DD` that exists, or an ISO 8601 date-time with offset. */
export function isDateInputString(text: string): boolean {
  return text.length === 10 ? !Number.isNaN(parsePlainDate(text)) : !Number.isNaN(parseOffsetDateTime(text));
}
