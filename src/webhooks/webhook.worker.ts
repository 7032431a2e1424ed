/**
 * Delivers webhook events. The deliveries are written with the event, in its transaction (a
 * trigger fans each event out to the matching endpoints and numbers it per endpoint: migration
 * 1790000023100). Each poll (every WEBHOOK_POLL_MS, default 1 s, so a delivery follows its event
 * within seconds) claims due deliveries with a lease (FOR UPDATE SKIP LOCKED: any number of
 * nodes), POSTs them signed, and records the outcome. Per endpoint and request they go in
 * `sequence` order: a delivery waits while an earlier one of the same request to the same
 * endpoint is pending (being retried); once that one is delivered or given up, it goes. No transaction is open while a
 * receiver is called. Failures retry with exponential backoff (5 s, 20 s, 80 s … at most 6 h
 * apart) until WEBHOOK_MAX_ATTEMPTS or 24 hours; an endpoint failing for 24 hours is disabled.
 */
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { PollLoop } from '../jobs/poll-loop.js';
import { webhookHeaders } from './signature.js';
import { safeLookup, urlShapeRefusal, addressRefusal, type UrlPolicy } from './url-safety.js';
import { WebhooksService } from './webhooks.service.js';
import { isIP } from 'node:net';

export const WEBHOOK_BATCH = 20;
export const WEBHOOK_TIMEOUT_MS = 5000;
/** Longer than a delivery can take (5 s timeout). */
export const WEBHOOK_LEASE_MS = 30_000;
export const WEBHOOK_BACKOFF_BASE_MS = 5000;
export const WEBHOOK_BACKOFF_MAX_MS = 6 * 3600_000;
/** Deliveries are retried for this long; an endpoint failing this long is disabled. */
export const WEBHOOK_GIVE_UP_MS = 24 * 3600_000;

/** Delay after `attempts` failed attempts: 5 s, 20 s, 80 s, 320 s, … at most 6 hours. */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(WEBHOOK_BACKOFF_MAX_MS, WEBHOOK_BACKOFF_BASE_MS * 4 ** Math.min(Math.max(0, attempts - 1), 12));
}

interface ClaimedDelivery {
  id: string;
  attempts: number;
  createdAt: Date;
  subscriptionId: string;
  url: string;
  secretEncrypted: string;
  /** The secret before the last rotation, while it still signs (a day). */
  previousSecretEncrypted: string | null;
  eventId: string;
  /** The endpoint's own count of the events delivered to it: 1, 2, 3, … without gaps. */
  sequence: string;
  type: string;
  eventCreatedAt: Date;
  data: Record<string, unknown>;
}

export interface WebhookRunResult {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
}

/** The JSON a receiver gets: ids, reference, state and dates, never personal data. */
export function webhookPayload(d: Pick<ClaimedDelivery, 'eventId' | 'type' | 'eventCreatedAt' | 'sequence' | 'data'>): string {
  return JSON.stringify({ id: d.eventId, type: d.type, createdAt: new Date(d.eventCreatedAt).toISOString(), sequence: Number(d.sequence), data: d.data });
}

/** POSTs the body; resolves with the status code. No redirects are followed; 5 s in all. */
export function postWebhook(url: URL, body: string, headers: Record<string, string>, policy: UrlPolicy): Promise<number> {
  const shape = urlShapeRefusal(url, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) ? addressRefusal(host, host, url.protocol, policy) : undefined;
  if (shape || literal) return Promise.reject(new Error(`URL refused: ${shape ?? literal}`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: safeLookup(url, policy),
        headers: { 'content-type': 'application/json', 'user-agent': 'Verzoekrouter-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.resume(); // the body is not needed
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)), WEBHOOK_TIMEOUT_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}

function errorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  return [e?.code, e?.message ?? String(err)].filter((p) => p !== undefined && p !== null && p !== '').join(' ').slice(0, 500);
}

@Injectable()
export class WebhookWorker implements BeforeApplicationShutdown {
  private readonly loop: PollLoop<WebhookRunResult>;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly webhooks: WebhooksService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollLoop({
      name: 'webhook',
      intervalMs: config.webhooks.pollMs,
      logger,
      round: () => this.poll(),
      // A batch delivered may have freed the next events of the same requests: look again at once.
      busy: (r) => r.claimed >= WEBHOOK_BATCH || r.delivered > 0,
    });
  }

  /** Begins polling, unless WEBHOOK_WORKER=false. Call after the migrations. */
  start(): void {
    if (this.config.webhooks.worker) this.loop.start();
  }

  /** One poll; concurrent calls share the one in progress. */
  runOnce(): Promise<WebhookRunResult> {
    return this.loop.runOnce();
  }

  private async poll(): Promise<WebhookRunResult> {
    const result: WebhookRunResult = { claimed: 0, delivered: 0, retried: 0, failed: 0 };
    if (this.loop.stopped) return result;
    const claimed = await this.claim();
    result.claimed = claimed.length;
    const outcomes = await Promise.all(claimed.map((d) => this.deliver(d)));
    for (const o of outcomes) result[o] += 1;
    return result;
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const [rows]: [ClaimedDelivery[], number] = await this.db.query(
      `UPDATE webhook_deliveries d
          SET locked_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000),
              attempts = d.attempts + 1, last_attempt_at = $1
         FROM webhook_subscriptions s, webhook_events e
        WHERE d.id IN (
                SELECT dd.id FROM webhook_deliveries dd
                 WHERE dd.status = 'pending' AND (dd.next_attempt_at IS NULL OR dd.next_attempt_at <= $1)
                   AND (dd.locked_until IS NULL OR dd.locked_until < $1)
                   -- In sequence order per endpoint and request: not while an earlier one is pending.
                   AND NOT (dd.request_id IS NOT NULL AND EXISTS (
                         SELECT 1 FROM webhook_deliveries p
                          WHERE p.subscription_id = dd.subscription_id AND p.request_id = dd.request_id
                            AND p.status = 'pending' AND p.sequence < dd.sequence))
                 ORDER BY dd.next_attempt_at NULLS FIRST, dd.sequence LIMIT $3 FOR UPDATE SKIP LOCKED)
          AND s.id = d.subscription_id AND e.id = d.event_id
        RETURNING d.id, d.attempts, d.created_at AS "createdAt", s.id AS "subscriptionId", s.url,
                  s.secret_encrypted AS "secretEncrypted",
                  CASE WHEN s.previous_secret_until > $1 THEN s.previous_secret_encrypted END AS "previousSecretEncrypted",
                  e.id AS "eventId", e.type, e.created_at AS "eventCreatedAt", d.sequence, e.data`,
      [this.clock.now(), WEBHOOK_LEASE_MS, WEBHOOK_BATCH],
    );
    return rows;
  }

  private async deliver(d: ClaimedDelivery): Promise<'delivered' | 'retried' | 'failed'> {
    const log = { deliveryId: d.id, eventId: d.eventId, type: d.type, attempt: d.attempts };
    const body = webhookPayload(d);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const secrets = [d.secretEncrypted, d.previousSecretEncrypted].filter((s): s is string => s !== null).map((s) => this.webhooks.decryptSecret(s));
      status = await postWebhook(new URL(d.url), body, { ...webhookHeaders(secrets, d.eventId, this.clock.now(), body) }, this.webhooks.policy);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = errorText(err);
    }
    const now = this.clock.now();
    if (!error) {
      // Two statements: one holding the delivery while it waited for the endpoint would deadlock
      // with a deletion or a disabling, which take the endpoint, then its deliveries.
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $2, response_code = $3, last_error = NULL, locked_until = NULL WHERE id = $1`,
        [d.id, now, status],
      );
      await this.db.query(`UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`, [d.subscriptionId]);
      this.logger.info({ ...log, status }, 'webhook delivered');
      return 'delivered';
    }
    const giveUp = d.attempts >= this.config.webhooks.maxAttempts || now.getTime() - new Date(d.createdAt).getTime() >= WEBHOOK_GIVE_UP_MS;
    const next = new Date(now.getTime() + webhookBackoffMs(d.attempts));
    await this.db.query(
      `UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, locked_until = NULL, last_error = $4, response_code = $5 WHERE id = $1`,
      [d.id, giveUp ? 'failed' : 'pending', next, error, status],
    );
    await this.markFailing(d.subscriptionId, now);
    this.logger.warn({ ...log, status, error, giveUp, nextAttemptAt: giveUp ? undefined : next }, giveUp ? 'webhook failed' : 'webhook not delivered; will retry');
    return giveUp ? 'failed' : 'retried';
  }

  /** An endpoint failing for 24 hours without a success in between is disabled; its pending deliveries are given up. */
  private async markFailing(subscriptionId: string, now: Date): Promise<void> {
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `WITH s AS (
         UPDATE webhook_subscriptions SET failing_since = coalesce(failing_since, $2),
                active = CASE WHEN coalesce(failing_since, $2) <= $2::timestamptz - make_interval(secs => $3::double precision / 1000) THEN false ELSE active END,
                disabled_at = CASE WHEN coalesce(failing_since, $2) <= $2::timestamptz - make_interval(secs => $3::double precision / 1000) THEN $2 ELSE disabled_at END,
                disabled_reason = CASE WHEN coalesce(failing_since, $2) <= $2::timestamptz - make_interval(secs => $3::double precision / 1000)
                                       THEN 'failing for 24 hours' ELSE disabled_reason END
          WHERE id = $1 RETURNING id, active)
       UPDATE webhook_deliveries d SET status = 'failed', last_error = coalesce(d.last_error, 'endpoint disabled'), locked_until = NULL
         FROM s WHERE NOT s.active AND d.subscription_id = s.id AND d.status = 'pending'
       RETURNING s.id`,
      [subscriptionId, now, WEBHOOK_GIVE_UP_MS],
    );
    if (rows.length) this.logger.error({ subscriptionId }, 'webhook endpoint disabled after failing for 24 hours');
  }

  /** Stops polling and waits for the deliveries in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

}
