/**
 * The 72-hour clock of art 33(1): where the processor is itself controller of the data, it reports
 * a breach to the supervisory authority (AP/GBA) without undue delay and, where feasible, within 72
 * hours after having become aware of it. Aware = when the incident was reported (discovery). Pure:
 * no clock of its own, the time comes in.
 */
import type { Country } from '../deadlines/countries.js';
import { formatDutchDate } from '../deadlines/dutch.js';
import { localDateTime } from '../deadlines/time.js';

export const AUTHORITY_HOURS = 72;
const HOUR_MS = 3_600_000;

export interface AuthorityClock {
  /** When the processor became aware (the report of the incident). */
  discoveredAt: string;
  /** discoveredAt + 72 hours. */
  dueAt: string;
  /** Whole minutes left until dueAt (negative once overdue); null once the authority was notified. */
  minutesLeft: number | null;
  /** Past dueAt without a notification, or notified after dueAt. */
  overdue: boolean;
  /** When the authority was notified, if it was. */
  notifiedAt: string | null;
}

export function authorityClock(discoveredAt: Date, now: Date, notifiedAt: Date | null = null): AuthorityClock {
  const due = new Date(discoveredAt.getTime() + AUTHORITY_HOURS * HOUR_MS);
  const minutesLeft = notifiedAt ? null : Math.floor((due.getTime() - now.getTime()) / 60_000);
  return {
    discoveredAt: discoveredAt.toISOString(),
    dueAt: due.toISOString(),
    minutesLeft,
    overdue: notifiedAt ? notifiedAt.getTime() > due.getTime() : now.getTime() > due.getTime(),
    notifiedAt: notifiedAt?.toISOString() ?? null,
  };
}

/** "5 mei 2026 om 10:30" in the country's legal time. */
export function dutchDateTimeAt(at: string | Date, country: Country): string {
  const local = localDateTime(typeof at === 'string' ? new Date(at) : at, country);
  return `${formatDutchDate(local.slice(0, 10), { weekday: true })} om ${local.slice(11, 16)}`;
}

function span(minutes: number): string {
  const m = Math.abs(minutes);
  if (m < 60) return `${m} ${m === 1 ? 'minuut' : 'minuten'}`;
  const h = Math.floor(m / 60);
  return `${h} uur`;
}

/** The clock in one Dutch sentence for the workspace. */
export function authorityClockText(clock: AuthorityClock, country: Country): string {
  const due = dutchDateTimeAt(clock.dueAt, country);
  if (clock.notifiedAt) {
    const when = dutchDateTimeAt(clock.notifiedAt, country);
    return clock.overdue ? `Gemeld op ${when}, na de termijn van 72 uur (uiterlijk ${due}).` : `Gemeld op ${when}, binnen 72 uur (uiterlijk ${due}).`;
  }
  const left = clock.minutesLeft ?? 0;
  return left >= 0 ? `Melden uiterlijk ${due}: nog ${span(left)}.` : `Termijn verstreken: uiterlijk ${due}, ${span(left)} geleden.`;
}
