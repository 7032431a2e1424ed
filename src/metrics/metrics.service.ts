/**
 * Prometheus metrics (prom-client) on a registry of this application (not the process-global
 * one, so several instances in one process stay apart). Database figures are gauges read on
 * each scrape with two cheap queries; HTTP durations come from an express middleware.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { JOBS_SCHEMA } from '../jobs/jobs.service.js';

export const METRICS_PREFIX = 'verzoekrouter_';

/** The route pattern (never the concrete path: ids and link tokens stay out of labels). */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return (req.baseUrl ?? '') + route.path;
  return 'unmatched';
}

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly requests: Gauge<'state'>;
  private readonly overdue: Gauge;
  private readonly outbox: Gauge<'status'>;
  private readonly webhookDeliveries: Gauge<'status'>;
  private readonly jobs: Gauge<'state'>;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: `${METRICS_PREFIX}http_request_duration_seconds`,
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.requests = new Gauge({ name: `${METRICS_PREFIX}requests`, help: 'Requests by state', labelNames: ['state'], registers });
    this.overdue = new Gauge({ name: `${METRICS_PREFIX}requests_overdue`, help: 'Open requests past their earliest open date', registers });
    this.outbox = new Gauge({
      name: `${METRICS_PREFIX}outbox_messages`,
      help: 'Mail outbox: backlog (queued or sending) and failed messages',
      labelNames: ['status'],
      registers,
    });
    this.webhookDeliveries = new Gauge({
      name: `${METRICS_PREFIX}webhook_deliveries`,
      help: 'Webhook deliveries pending or failed',
      labelNames: ['status'],
      registers,
    });
    this.jobs = new Gauge({ name: `${METRICS_PREFIX}job_queue_jobs`, help: 'Background jobs (pg-boss) by state', labelNames: ['state'], registers });
  }

  /** Express middleware: observes every response's duration when it finishes. */
  middleware(): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
      next();
    };
  }

  /** Reads the database figures, then renders every metric in the text format. */
  async render(): Promise<{ contentType: string; body: string }> {
    await this.collect();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async collect(): Promise<void> {
    const today = localDate(this.clock.now(), this.config.processor.country);
    const rows: { kind: string; key: string; n: number }[] = await this.db.query(
      `SELECT 'state' AS kind, state AS key, count(*)::int AS n FROM requests GROUP BY state
       UNION ALL
       SELECT 'overdue', '', count(*)::int FROM requests WHERE closed_at IS NULL AND due_at < $1::date
       UNION ALL
       SELECT 'outbox', CASE WHEN status = 'failed' THEN 'failed' ELSE 'backlog' END, count(*)::int
         FROM messages WHERE status IN ('queued', 'sending', 'failed') GROUP BY 2
       UNION ALL
       SELECT 'webhook', status, count(*)::int FROM webhook_deliveries WHERE status IN ('pending', 'failed') GROUP BY status`,
      [today],
    );
    this.requests.reset();
    this.outbox.reset();
    this.webhookDeliveries.reset();
    for (const s of ['backlog', 'failed']) this.outbox.set({ status: s }, 0);
    for (const s of ['pending', 'failed']) this.webhookDeliveries.set({ status: s }, 0);
    this.overdue.set(0);
    for (const r of rows) {
      if (r.kind === 'state') this.requests.set({ state: r.key }, r.n);
      else if (r.kind === 'overdue') this.overdue.set(r.n);
      else if (r.kind === 'outbox') this.outbox.set({ status: r.key }, r.n);
      else if (r.kind === 'webhook') this.webhookDeliveries.set({ status: r.key }, r.n);
    }
    this.jobs.reset();
    const [exists]: { t: string | null }[] = await this.db.query(`SELECT to_regclass($1) AS t`, [`${JOBS_SCHEMA}.job`]);
    if (exists?.t) {
      const jobs: { state: string; n: number }[] = await this.db.query(`SELECT state::text AS state, count(*)::int AS n FROM ${JOBS_SCHEMA}.job GROUP BY state`);
      for (const j of jobs) this.jobs.set({ state: j.state }, j.n);
    }
  }
}
