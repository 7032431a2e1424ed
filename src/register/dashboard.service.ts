/**
 * The dashboard's aggregate rows in one SQL statement: per month of receipt, counts per right and
 * channel, histograms of the days to forward and to the controllers' decision, deadlines met or
 * missed, and requests overdue now. The database aggregates; the application gets at most a few
 * hundred rows, however many requests the period holds.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { dashboardFigures, lastMonths, monthEndDate, type DashboardFigures, type DashboardRow } from './dashboard.js';

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const DASHBOARD_SQL = `
  WITH base AS (
    SELECT to_char(r.received_date, 'YYYY-MM') AS month, r.channel, r.rights, r.received_date, r.closed_at, r.due_at,
           CASE WHEN r.extended THEN r.extended_respond_by ELSE r.respond_by END AS legal_due,
           (r.closed_at AT TIME ZONE z.zone)::date AS closed_on,
           (f.sent AT TIME ZONE z.zone)::date AS forwarded_on,
           (f.decided AT TIME ZONE z.zone)::date AS decided_on
      FROM requests r
      CROSS JOIN LATERAL (SELECT CASE r.country WHEN 'BE' THEN 'Europe/Brussels' ELSE 'Europe/Amsterdam' END AS zone) z
      LEFT JOIN LATERAL (
        -- the first forwarding mail; the last decision once every (not cancelled) forwarding has one
        SELECT min(sent_at) AS sent,
               CASE WHEN bool_and(decided_at IS NOT NULL OR cancelled_at IS NOT NULL) THEN max(decided_at) END AS decided
          FROM forwardings WHERE request_id = r.id) f ON true
     WHERE r.received_at >= $1::timestamptz AND r.received_at < $2::timestamptz
       AND r.received_date BETWEEN $3::date AND $4::date
       -- a mail an agent discarded as no request is not a request (only counted: inbox_counters)
       AND r.state <> 'closed.discarded')
  SELECT 'channel' AS kind, month, channel AS key, count(*)::int AS n FROM base GROUP BY month, channel
  UNION ALL
  SELECT 'right', month, x.r, count(*)::int FROM base CROSS JOIN LATERAL unnest(base.rights) AS x(r) GROUP BY month, x.r
  UNION ALL
  SELECT 'forwardDays', month, (forwarded_on - received_date)::text, count(*)::int FROM base
   WHERE forwarded_on IS NOT NULL GROUP BY month, forwarded_on - received_date
  UNION ALL
  SELECT 'decisionDays', month, (decided_on - received_date)::text, count(*)::int FROM base
   WHERE decided_on IS NOT NULL GROUP BY month, decided_on - received_date
  UNION ALL
  SELECT 'deadline', month, CASE WHEN closed_on <= legal_due THEN 'met' ELSE 'missed' END, count(*)::int FROM base
   WHERE closed_at IS NOT NULL OR legal_due < $5::date GROUP BY month, CASE WHEN closed_on <= legal_due THEN 'met' ELSE 'missed' END
  UNION ALL
  SELECT 'overdue', month, NULL::text, count(*)::int FROM base WHERE closed_at IS NULL AND due_at < $5::date GROUP BY month
  UNION ALL
  SELECT 'overdueAll', NULL::text, NULL::text, count(*)::int FROM requests WHERE closed_at IS NULL AND due_at < $5::date`;

@Injectable()
export class DashboardService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** Today in the processor's calendar (Europe/Amsterdam, or Brussels for a Belgian processor). */
  today(): string {
    return localDate(this.clock.now(), this.config.processor.country);
  }

  /** The `count` months up to and including `until` (YYYY-MM; default the current month); "overdue now" is always as of today. */
  async figures(options: { until?: string; count?: number; today?: string } = {}): Promise<DashboardFigures & { today: string }> {
    const today = options.today ?? this.today();
    const months = lastMonths(`${options.until ?? today.slice(0, 7)}-01`, options.count);
    const from = `${months[0]}-01`;
    const to = monthEndDate(months[months.length - 1]);
    // received_date is the local date; the received_at bounds (a day wider) only let the index narrow it down.
    const rows: DashboardRow[] = await this.db.query(DASHBOARD_SQL, [`${addDays(from, -1)}T00:00:00Z`, `${addDays(to, 2)}T00:00:00Z`, from, to, today]);
    return { ...dashboardFigures(rows, months), today };
  }
}
