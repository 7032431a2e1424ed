/**
 * The legal clocks of a data-subject request (GDPR art 12(3), Regulation 1182/71 art 3): pure
 * functions, no I/O. See DESIGN.md "Clocks". All dates are plain `YYYY-MM-DD` strings in the
 * country's legal calendar; the explanations are Dutch.
 */
import { addCalendarMonths, SATURDAY_REASON, SUNDAY_REASON, workCalendar, type WorkCalendar } from './calendar.js';
import { countryDefinition, type Country } from './countries.js';
import { cacheSet, dayOfInput, isoOf, localDayAt, yearOf, type DateInput, type DayNumber } from './days.js';
import { dutchCount, formatDutchDate } from './dutch.js';

/** Upper bounds of the numeric inputs (they keep the arithmetic in range and the loops short). */
export const DEADLINE_LIMITS = {
  pausedDays: 3660,
  slaWorkingDays: 260,
  promiseDays: 3660,
} as const;

export interface DeadlineInput {
  /** When the request was received: a Date, an ISO 8601 date-time with offset, or the receipt day `YYYY-MM-DD`. */
  receivedAt: DateInput;
  country: Country;
  /** Calendar days the clock was suspended (waiting for information to identify the requester). Default 0. */
  pausedDays?: number;
  /** Working days after receipt within which the request must be forwarded. Default 1. */
  slaWorkingDays?: number;
  /** A shorter term the organisation promises, in calendar days ("within 30 days"). */
  promiseDays?: number;
  /** Days (`YYYY-MM-DD`) the organisation does not work, besides weekends and public holidays. */
  extraNonWorkingDays?: readonly string[];
}

/** A date moved forward because it fell on one or more non-working days. */
export interface DateShift {
  readonly from: string;
  readonly to: string;
  /** Why, per skipped day: "zaterdag", "zondag", holiday names (Dutch), "extra vrije dag". */
  readonly reasons: readonly string[];
}

export interface DateExplanation {
  readonly date: string;
  /** Empty when the date did not move. */
  readonly shifts: readonly DateShift[];
  /** One or two Dutch sentences. */
  readonly text: string;
}

export interface DeadlineExplanations {
  respondBy: DateExplanation;
  unpausedRespondBy: DateExplanation;
  extendedRespondBy: DateExplanation;
  forwardBy: DateExplanation;
  promiseRespondBy?: DateExplanation;
}

export interface Deadlines {
  /** The receipt day (not counted). */
  receivedDate: string;
  /** Receipt day + 1 month (same day number or the month's last day), before pause and roll. */
  nominalRespondBy: string;
  /** The term without the pause, moved to a working day. */
  unpausedRespondBy: string;
  /** Nominal + paused days, moved to a working day. */
  respondBy: string;
  /** Nominal + 2 months + paused days, moved to a working day (art 12(3) extension). */
  extendedRespondBy: string;
  /** Receipt day + N working days. */
  forwardBy: string;
  /** Receipt day + promised days, never moved. */
  promiseRespondBy?: string;
  /** The earlier of respondBy and promiseRespondBy: the date that drives urgency. */
  effectiveRespondBy: string;
  pausedDays: number;
  explanations: DeadlineExplanations;
}

export type Urgency = 'ok' | 'soon' | 'urgent' | 'overdue';

export interface DaysLeft {
  /** Calendar days from today to the due day; 0 on the due day, negative when overdue. */
  calendarDays: number;
  /** Working days in (today, due]; negative (working days in (due, today]) when overdue. */
  workingDays: number;
}

/** `soon`: at most this many calendar days left. */
export const SOON_CALENDAR_DAYS = 7;
/** `urgent`: at most this many working days left. */
export const URGENT_WORKING_DAYS = 2;

const NO_SHIFTS: readonly DateShift[] = Object.freeze([]);
const FORWARD_KEY_SPAN = 4096;

type RollKind = 'respondBy' | 'unpausedRespondBy' | 'extendedRespondBy';

const ROLL_LABELS: Record<RollKind, string> = {
  respondBy: 'Uiterste datum',
  unpausedRespondBy: 'Uiterste datum zonder opschorting',
  extendedRespondBy: 'Verlengde uiterste datum',
};

/** Explanations memoised per calendar: roll kinds by the unrolled day, forwarding by receipt day and N. */
interface CalendarMemo {
  readonly roll: Record<RollKind, Map<DayNumber, DateExplanation>>;
  readonly forward: Map<number, DateExplanation>;
}

const memos = new WeakMap<WorkCalendar, CalendarMemo>();

function memoOf(calendar: WorkCalendar): CalendarMemo {
  let memo = memos.get(calendar);
  if (memo === undefined) {
    memo = {
      roll: { respondBy: new Map(), unpausedRespondBy: new Map(), extendedRespondBy: new Map() },
      forward: new Map(),
    };
    memos.set(calendar, memo);
  }
  return memo;
}

/** Reasons for a sentence: "zaterdag" and "zondag" become one "weekend". */
export function groupReasons(reasons: readonly string[]): string {
  const grouped: string[] = [];
  for (const reason of reasons) {
    const label = reason === SATURDAY_REASON || reason === SUNDAY_REASON ? 'weekend' : reason;
    if (!grouped.includes(label)) grouped.push(label);
  }
  return grouped.join(', ');
}

/** "zaterdag 25 april" when `from` is in the same year as `to`, else with the year. */
function shiftFrom(from: DayNumber, to: DayNumber): string {
  return formatDutchDate(from, { year: yearOf(from) !== yearOf(to) });
}

function makeShift(calendar: WorkCalendar, from: DayNumber, to: DayNumber, skippedFrom: DayNumber): DateShift {
  return Object.freeze({
    from: isoOf(from),
    to: isoOf(to),
    reasons: Object.freeze(calendar.reasonsBetween(skippedFrom, to)),
  });
}

/** The explanation of `day` moved to the next working day, without any pause sentence (memoised). */
function rollExplanation(calendar: WorkCalendar, kind: RollKind, day: DayNumber): DateExplanation {
  const cache = memoOf(calendar).roll[kind];
  const cached = cache.get(day);
  if (cached !== undefined) return cached;
  const to = calendar.nextWorkingDay(day);
  const label = ROLL_LABELS[kind];
  let explanation: DateExplanation;
  if (to === day) {
    explanation = { date: isoOf(to), shifts: NO_SHIFTS, text: `${label}: ${formatDutchDate(to)}.` };
  } else {
    const shift = makeShift(calendar, day, to, day);
    const text = `${label} verschoven van ${shiftFrom(day, to)} naar ${formatDutchDate(to)} (${groupReasons(shift.reasons)}).`;
    explanation = { date: isoOf(to), shifts: Object.freeze([shift]), text };
  }
  return cacheSet(cache, day, Object.freeze(explanation));
}

function withPause(explanation: DateExplanation, pausedDays: number): DateExplanation {
  if (pausedDays === 0) return explanation;
  return {
    date: explanation.date,
    shifts: explanation.shifts,
    text: `${explanation.text} Inclusief ${dutchCount(pausedDays, 'dag', 'dagen')} opschorting.`,
  };
}

/** The explanation of forwarding within N working days after receipt (memoised). */
function forwardExplanation(calendar: WorkCalendar, received: DayNumber, n: number): DateExplanation {
  const cache = memoOf(calendar).forward;
  const key = received * FORWARD_KEY_SPAN + n;
  const cacheable = n < FORWARD_KEY_SPAN;
  if (cacheable) {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
  }
  const to = calendar.addWorkingDays(received, n);
  // Were every day a working day, forwarding would be due N calendar days after receipt.
  const from = received + n;
  const basis = n === 0 ? 'dag van ontvangst' : `${dutchCount(n, 'werkdag', 'werkdagen')} na ontvangst`;
  let explanation: DateExplanation;
  if (to === from) {
    explanation = { date: isoOf(to), shifts: NO_SHIFTS, text: `Doorsturen uiterlijk: ${formatDutchDate(to)} (${basis}).` };
  } else {
    const shift = makeShift(calendar, from, to, n === 0 ? received : received + 1);
    const text =
      `Doorstuurdatum (${basis}) verschoven van ${shiftFrom(from, to)} naar ${formatDutchDate(to)} ` +
      `(${groupReasons(shift.reasons)}).`;
    explanation = { date: isoOf(to), shifts: Object.freeze([shift]), text };
  }
  Object.freeze(explanation);
  return cacheable ? cacheSet(cache, key, explanation) : explanation;
}

function promiseExplanation(day: DayNumber, promiseDays: number): DateExplanation {
  const basis = promiseDays === 0 ? 'dag van ontvangst' : `${dutchCount(promiseDays, 'dag', 'dagen')} na ontvangst`;
  return {
    date: isoOf(day),
    shifts: NO_SHIFTS,
    text: `Toegezegde datum: ${formatDutchDate(day)} (${basis}; een toezegging wordt niet verschoven).`,
  };
}

function checkCount(value: number | undefined, fallback: number, name: keyof typeof DEADLINE_LIMITS): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0 || value > DEADLINE_LIMITS[name]) {
    throw new RangeError(`${name} must be a whole number from 0 to ${DEADLINE_LIMITS[name]}: ${value}.`);
  }
  return value;
}

/** All clocks of a request received at `receivedAt` in `country`. Throws a RangeError for invalid input. */
export function computeDeadlines(input: DeadlineInput): Deadlines {
  const { timeZone } = countryDefinition(input.country);
  const pausedDays = checkCount(input.pausedDays, 0, 'pausedDays');
  const slaWorkingDays = checkCount(input.slaWorkingDays, 1, 'slaWorkingDays');
  const promiseDays = input.promiseDays === undefined ? undefined : checkCount(input.promiseDays, 0, 'promiseDays');
  const calendar = workCalendar(input.country, input.extraNonWorkingDays);

  const received = dayOfInput(input.receivedAt, timeZone);
  const nominal = addCalendarMonths(received, 1);
  const extendedNominal = addCalendarMonths(nominal, 2);

  const unpaused = rollExplanation(calendar, 'unpausedRespondBy', nominal);
  const respond = withPause(rollExplanation(calendar, 'respondBy', nominal + pausedDays), pausedDays);
  const extended = withPause(rollExplanation(calendar, 'extendedRespondBy', extendedNominal + pausedDays), pausedDays);
  const forward = forwardExplanation(calendar, received, slaWorkingDays);

  const receivedDate = isoOf(received);
  const nominalRespondBy = isoOf(nominal);
  if (promiseDays === undefined) {
    return {
      receivedDate,
      nominalRespondBy,
      unpausedRespondBy: unpaused.date,
      respondBy: respond.date,
      extendedRespondBy: extended.date,
      forwardBy: forward.date,
      effectiveRespondBy: respond.date,
      pausedDays,
      explanations: { respondBy: respond, unpausedRespondBy: unpaused, extendedRespondBy: extended, forwardBy: forward },
    };
  }
  const promise = promiseExplanation(received + promiseDays, promiseDays);
  return {
    receivedDate,
    nominalRespondBy,
    unpausedRespondBy: unpaused.date,
    respondBy: respond.date,
    extendedRespondBy: extended.date,
    forwardBy: forward.date,
    promiseRespondBy: promise.date,
    // ISO dates compare in calendar order.
    effectiveRespondBy: promise.date < respond.date ? promise.date : respond.date,
    pausedDays,
    explanations: {
      respondBy: respond,
      unpausedRespondBy: unpaused,
      extendedRespondBy: extended,
      forwardBy: forward,
      promiseRespondBy: promise,
    },
  };
}

function calendarFor(country: Country, extraNonWorkingDays?: readonly string[]): { calendar: WorkCalendar; timeZone: string } {
  return { calendar: workCalendar(country, extraNonWorkingDays), timeZone: countryDefinition(country).timeZone };
}

/** The local calendar date (`YYYY-MM-DD`) of a moment in the country's time zone. */
export function localDate(instant: Date, country: Country): string {
  return isoOf(localDayAt(instant.getTime(), countryDefinition(country).timeZone));
}

/** True unless the day is a Saturday, Sunday, public holiday of the country or an extra non-working day. */
export function isWorkingDay(date: DateInput, country: Country, extraNonWorkingDays?: readonly string[]): boolean {
  const { calendar, timeZone } = calendarFor(country, extraNonWorkingDays);
  return calendar.isWorkingDay(dayOfInput(date, timeZone));
}

/**
 * The n-th working day after `date` (the day itself not counted). For n = 0: the day itself, or
 * the next working day if it is not one.
 */
export function addWorkingDays(date: DateInput, n: number, country: Country, extraNonWorkingDays?: readonly string[]): string {
  const { calendar, timeZone } = calendarFor(country, extraNonWorkingDays);
  return isoOf(calendar.addWorkingDays(dayOfInput(date, timeZone), n));
}

/** Calendar days from `from` to `to` (to − from), e.g. the length of a pause. Instants are read in the country's zone (default NL). */
export function calendarDaysBetween(from: DateInput, to: DateInput, country: Country = 'NL'): number {
  const { timeZone } = countryDefinition(country);
  return dayOfInput(to, timeZone) - dayOfInput(from, timeZone);
}

/** Days left until a due day: calendar and working days, 0 on the due day, negative when overdue. */
export function daysLeft(today: DateInput, due: DateInput, country: Country, extraNonWorkingDays?: readonly string[]): DaysLeft {
  const { calendar, timeZone } = calendarFor(country, extraNonWorkingDays);
  const from = dayOfInput(today, timeZone);
  const to = dayOfInput(due, timeZone);
  return { calendarDays: to - from, workingDays: calendar.workingDaysBetween(from, to) };
}

/**
 * How pressing a due day is: `overdue` after it; `urgent` with at most 2 working days left (the
 * due day itself included); `soon` with at most 7 calendar days left; else `ok`.
 */
export function urgencyOf(today: DateInput, due: DateInput, country: Country, extraNonWorkingDays?: readonly string[]): Urgency {
  const left = daysLeft(today, due, country, extraNonWorkingDays);
  if (left.calendarDays < 0) return 'overdue';
  if (left.workingDays <= URGENT_WORKING_DAYS) return 'urgent';
  if (left.calendarDays <= SOON_CALENDAR_DAYS) return 'soon';
  return 'ok';
}

/**
 * The last due day that counts as `urgent` today (urgencyOf): every open date up to it needs a
 * "deadline near" warning. Dates are plain `YYYY-MM-DD`.
 */
export function urgentUntil(today: string, country: Country, extraNonWorkingDays?: readonly string[]): string {
  const { timeZone } = calendarFor(country, extraNonWorkingDays);
  const start = dayOfInput(today, timeZone);
  let last = start;
  // Two working days lie within two weeks even around Christmas and Easter.
  for (let day = start; day <= start + 14; day++) {
    if (urgencyOf(today, isoOf(day), country, extraNonWorkingDays) !== 'urgent') break;
    last = day;
  }
  return isoOf(last);
}
