/**
 * The dashboard's figures per month of receipt, computed from small aggregate rows the database
 * returns (counts per month and key, and per-month histograms of day counts), so medians can be
 * taken per month and over the whole period without loading requests. Pure functions.
 */
import { DUTCH_MONTHS } from '../deadlines/dutch.js';
import { RIGHTS, type Right } from '../requests/request.types.js';

export const DASHBOARD_MONTHS = 12;

export type DashboardRowKind = 'right' | 'channel' | 'forwardDays' | 'decisionDays' | 'deadline' | 'overdue' | 'overdueAll';

/** One aggregate row: `n` requests of month `month` (YYYY-MM) with `key` (a right, a channel, a day count, met/missed). */
export interface DashboardRow {
  kind: DashboardRowKind;
  month: string | null;
  key: string | null;
  n: number;
}

export interface MonthFigures {
  /** YYYY-MM, or "" for the whole period. */
  month: string;
  received: number;
  byRight: Record<Right, number>;
  byChannel: Record<string, number>;
  forwarded: number;
  /** Median calendar days from receipt to the first forwarding mail; null without forwarded requests. */
  medianDaysToForward: number | null;
  decided: number;
  /** Median calendar days from receipt to the (last) controller decision; null without decisions. */
  medianDaysToDecision: number | null;
  /** Closed on or before the legal date in force. */
  withinDeadline: number;
  /** Closed after it, or still open after it. */
  pastDeadline: number;
  /** withinDeadline / (withinDeadline + pastDeadline); null while nothing is decided either way. */
  shareWithinDeadline: number | null;
  /** Open now and past their earliest open date. */
  overdueNow: number;
}

export interface DashboardFigures {
  months: MonthFigures[];
  total: MonthFigures;
  /** Every open request past its earliest open date, whenever received. */
  overdueNowAll: number;
}

/** The month `delta` months after `month` (YYYY-MM; negative goes back). */
export function addMonths(month: string, delta: number): string {
  const m = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

/** The last day of `month` (YYYY-MM) as YYYY-MM-DD. */
export function monthEndDate(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The earliest month the dashboard offers: before it no request can have been received by this service. */
export const DASHBOARD_FIRST_MONTH = '2018-05';

/**
 * The last month the dashboard shows, from `?tot=YYYY-MM`: the current month when absent; a month
 * that is not a month, in the future or before the GDPR applied (May 2018) falls back with a
 * Dutch reason.
 */
export function dashboardEndMonth(value: unknown, today: string): { month: string; error: string | null } {
  const current = today.slice(0, 7);
  if (value === undefined || value === '') return { month: current, error: null };
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
    return { month: current, error: 'Kies een maand als jjjj-mm, bijvoorbeeld 2025-12. U ziet nu de laatste twaalf maanden.' };
  }
  if (value > current) return { month: current, error: 'Die maand ligt in de toekomst. U ziet nu de twaalf maanden tot en met deze maand.' };
  if (value < DASHBOARD_FIRST_MONTH) {
    return { month: DASHBOARD_FIRST_MONTH, error: 'Van vóór mei 2018 (toen de AVG ging gelden) zijn er geen verzoeken. U ziet nu de twaalf maanden tot en met mei 2018.' };
  }
  return { month: value, error: null };
}

/** The `count` months up to and including the month of `today` (YYYY-MM-DD), oldest first. */
export function lastMonths(today: string, count = DASHBOARD_MONTHS): string[] {
  const last = today.slice(0, 7);
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** "maart 2025". */
export function monthLabel(month: string): string {
  return `${DUTCH_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

const SHORT_MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "mrt 2025" (chart axis). */
export function shortMonthLabel(month: string): string {
  return `${SHORT_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** The median of a histogram (value → how often): the middle value, or the mean of the two middle ones. */
export function histogramMedian(histogram: ReadonlyMap<number, number>): number | null {
  const entries = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (!total) return null;
  const at = (index: number): number => {
    let seen = 0;
    for (const [value, n] of entries) {
      seen += n;
      if (index < seen) return value;
    }
    return entries[entries.length - 1][0];
  };
  return (at(Math.floor((total - 1) / 2)) + at(Math.ceil((total - 1) / 2))) / 2;
}

function emptyMonth(month: string): MonthFigures {
  return {
    month,
    received: 0,
    byRight: Object.fromEntries(RIGHTS.map((r) => [r, 0])) as Record<Right, number>,
    byChannel: {},
    forwarded: 0,
    medianDaysToForward: null,
    decided: 0,
    medianDaysToDecision: null,
    withinDeadline: 0,
    pastDeadline: 0,
    shareWithinDeadline: null,
    overdueNow: 0,
  };
}

function add(histogram: Map<number, number>, value: number, n: number): void {
  histogram.set(value, (histogram.get(value) ?? 0) + n);
}

/** The figures of each month (rows of other months are ignored) and of the whole period. */
export function dashboardFigures(rows: readonly DashboardRow[], months: readonly string[]): DashboardFigures {
  const byMonth = new Map(months.map((m) => [m, emptyMonth(m)]));
  const total = emptyMonth('');
  const histograms = new Map<string, { forward: Map<number, number>; decision: Map<number, number> }>();
  const totalForward = new Map<number, number>();
  const totalDecision = new Map<number, number>();
  let overdueNowAll = 0;
  for (const row of rows) {
    if (row.kind === 'overdueAll') {
      overdueNowAll += row.n;
      continue;
    }
    const m = row.month ? byMonth.get(row.month) : undefined;
    if (!m) continue;
    const key = row.key ?? '';
    const h = histograms.get(m.month) ?? { forward: new Map(), decision: new Map() };
    histograms.set(m.month, h);
    switch (row.kind) {
      case 'channel':
        m.received += row.n;
        total.received += row.n;
        m.byChannel[key] = (m.byChannel[key] ?? 0) + row.n;
        total.byChannel[key] = (total.byChannel[key] ?? 0) + row.n;
        break;
      case 'right':
        if (key in m.byRight) {
          m.byRight[key as Right] += row.n;
          total.byRight[key as Right] += row.n;
        }
        break;
      case 'forwardDays':
      case 'decisionDays': {
        const forward = row.kind === 'forwardDays';
        add(forward ? h.forward : h.decision, Number(key), row.n);
        add(forward ? totalForward : totalDecision, Number(key), row.n);
        for (const f of [m, total]) f[forward ? 'forwarded' : 'decided'] += row.n;
        break;
      }
      case 'deadline':
        if (key === 'met') (m.withinDeadline += row.n), (total.withinDeadline += row.n);
        else (m.pastDeadline += row.n), (total.pastDeadline += row.n);
        break;
      case 'overdue':
        m.overdueNow += row.n;
        total.overdueNow += row.n;
        break;
    }
  }
  const finish = (m: MonthFigures, forward: Map<number, number>, decision: Map<number, number>) => {
    m.medianDaysToForward = histogramMedian(forward);
    m.medianDaysToDecision = histogramMedian(decision);
    const decidedEitherWay = m.withinDeadline + m.pastDeadline;
    m.shareWithinDeadline = decidedEitherWay ? m.withinDeadline / decidedEitherWay : null;
  };
  for (const m of byMonth.values()) {
    const h = histograms.get(m.month);
    finish(m, h?.forward ?? new Map(), h?.decision ?? new Map());
  }
  finish(total, totalForward, totalDecision);
  return { months: [...byMonth.values()], total, overdueNowAll };
}

// ---- formatting ----------------------------------------------------------------------------

/** "2,5" / "3" days; "–" without data. */
export function dutchNumber(value: number | null, digits = 1): string {
  if (value === null) return '–';
  return value.toLocaleString('nl-NL', { maximumFractionDigits: digits });
}

/** "83%"; "–" without data. */
export function dutchPercentage(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

// ---- a bar chart as SVG geometry (the template draws it; no client code) ---------------------

export interface BarChart {
  width: number;
  height: number;
  bars: { x: number; y: number; width: number; height: number; value: number; label: string; labelX: number; valueY: number }[];
  gridlines: { y: number; value: number }[];
  baseline: number;
  axisLabelY: number;
}

/** Bars for values (labels under them, values above), scaled to a round maximum with 4 gridlines. */
export function barChart(values: readonly { label: string; value: number }[], size = { width: 720, height: 260 }): BarChart {
  const top = 20;
  const bottom = 40;
  const left = 36;
  const plotHeight = size.height - top - bottom;
  const plotWidth = size.width - left - 8;
  const max = Math.max(0, ...values.map((v) => v.value));
  const step = niceStep(max / 4);
  const scaleMax = Math.max(step * 4, 1);
  const slot = values.length ? plotWidth / values.length : plotWidth;
  const barWidth = Math.max(4, Math.round(slot * 0.64));
  const baseline = top + plotHeight;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    width: size.width,
    height: size.height,
    baseline,
    axisLabelY: size.height - 12,
    gridlines: [1, 2, 3, 4].map((i) => ({ y: round(baseline - (plotHeight * i * step) / scaleMax), value: i * step })),
    bars: values.map((v, i) => {
      const h = round((plotHeight * v.value) / scaleMax);
      const x = round(left + i * slot + (slot - barWidth) / 2);
      return { x, y: round(baseline - h), width: barWidth, height: h, value: v.value, label: v.label, labelX: round(x + barWidth / 2), valueY: round(baseline - h - 5) };
    }),
  };
}

/** 1, 2, 5, 10, 20, 50 … at least `raw` (and at least 1). */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 5, 10]) if (f * power >= raw) return f * power;
  return 10 * power;
}
