/**
 * Webhook endpoints of API clients: registration (the signing secret is shown once, stored
 * encrypted), listing, deletion, secret rotation, test events, the delivery log and replays.
 * An endpoint and its deliveries are visible only to the client that registered it.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { SecretBox } from '../common/crypto.js';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { newWebhookSecret } from './signature.js';
import { checkWebhookUrl, type UrlPolicy } from './url-safety.js';
import { UUID } from '../common/validation.js';
import { TEST_EVENT, type CreateWebhookInput, type ListDeliveriesQuery } from './webhook.schemas.js';

/** How long the previous secret keeps signing after a rotation. */
export const SECRET_OVERLAP_HOURS = 24;

export interface WebhookResource {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
}

export interface DeliveryResource {
  id: string;
  eventId: string;
  /** The `sequence` the receiver gets: this endpoint's count of the events delivered to it. */
  sequence: number;
  eventType: string;
  requestId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  responseCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const WEBHOOK_COLUMNS = `id, url, events, description, active, failing_since AS "failingSince", disabled_at AS "disabledAt",
  disabled_reason AS "disabledReason", created_at AS "createdAt"`;

type Row = Record<string, unknown>;

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : String(value);
}

function toWebhook(row: Row): WebhookResource {
  return {
    id: String(row.id),
    url: String(row.url),
    events: row.events as string[],
    description: (row.description as string | null) ?? null,
    active: Boolean(row.active),
    failingSince: iso(row.failingSince),
    disabledAt: iso(row.disabledAt),
    disabledReason: (row.disabledReason as string | null) ?? null,
    createdAt: iso(row.createdAt)!,
  };
}

function toDelivery(row: Row): DeliveryResource {
  return {
    id: String(row.id),
    eventId: String(row.eventId),
    sequence: Number(row.sequence),
    eventType: String(row.eventType),
    requestId: (row.requestId as string | null) ?? null,
    status: row.status as DeliveryResource['status'],
    attempts: Number(row.attempts),
    // A first attempt is due at once (stored as NULL): since the delivery was written.
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt ?? row.createdAt) : null,
    lastAttemptAt: iso(row.lastAttemptAt),
    responseCode: (row.responseCode as number | null) ?? null,
    lastError: (row.lastError as string | null) ?? null,
    deliveredAt: iso(row.deliveredAt),
    createdAt: iso(row.createdAt)!,
  };
}

function decodeDeliveryCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && !Number.isNaN(Date.parse(value[0])) && UUID.test(value[1])) return [value[0], value[1]];
  } catch {
    /* fall through */
  }
  throw new ValidationProblem([{ pointer: '/query/cursor', detail: 'Not a cursor this API gave out.' }]);
}

@Injectable()
export class WebhooksService {
  private readonly box: SecretBox;
  readonly policy: UrlPolicy;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: ResolvedConfig,
  ) {
    this.box = new SecretBox(config.identifierKey, 'webhook-secret-encryption');
    this.policy = { allowLoopback: config.webhooks.allowLoopback, allowedHosts: config.webhooks.allowedHosts };
  }

  decryptSecret(stored: string): string {
    return this.box.decrypt(stored);
  }

  async create(client: string, input: CreateWebhookInput): Promise<WebhookResource & { secret: string }> {
    const refusal = await checkWebhookUrl(new URL(input.url), this.policy);
    if (refusal) throw new ValidationProblem([{ pointer: '/url', detail: `This URL is not allowed: ${refusal}.` }], `/url: This URL is not allowed: ${refusal}.`);
    const secret = newWebhookSecret();
    const events = [...new Set(input.events)].sort();
    // One registration per URL and event set (a unique index): a retried or doubled registration
    // would deliver every event twice.
    const rows: Row[] = await this.db.query(
      `INSERT INTO webhook_subscriptions (api_client, url, events, description, secret_encrypted, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (api_client, url, events) WHERE deleted_at IS NULL DO NOTHING
       RETURNING ${WEBHOOK_COLUMNS}`,
      [client, input.url, events, input.description ?? null, this.box.encrypt(secret), this.clock.now()],
    );
    if (!rows.length) {
      const existing: { id: string }[] = await this.db.query(
        `SELECT id FROM webhook_subscriptions WHERE api_client = $1 AND url = $2 AND events = $3::text[] AND deleted_at IS NULL`,
        [client, input.url, events],
      );
      throw new ProblemException(409, 'duplicate-webhook', 'Already registered', 'This URL is registered for these events already; `webhookId` names it.', {
        webhookId: existing[0]?.id ?? null,
      });
    }
    return { ...toWebhook(rows[0]), secret };
  }

  async list(client: string): Promise<WebhookResource[]> {
    const rows: Row[] = await this.db.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook_subscriptions WHERE api_client = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [client],
    );
    return rows.map(toWebhook);
  }

  async get(client: string, id: string): Promise<WebhookResource> {
    if (!UUID.test(id)) throw new NotFoundProblem('webhook endpoint');
    const rows: Row[] = await this.db.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook_subscriptions WHERE id = $1 AND api_client = $2 AND deleted_at IS NULL`,
      [id, client],
    );
    if (!rows[0]) throw new NotFoundProblem('webhook endpoint');
    return toWebhook(rows[0]);
  }

  /** Deletes the endpoint; its pending deliveries are given up. */
  async remove(client: string, id: string): Promise<void> {
    await this.get(client, id);
    await this.db.query(
      `WITH s AS (UPDATE webhook_subscriptions SET deleted_at = $3, active = false WHERE id = $1 AND api_client = $2 RETURNING id)
       UPDATE webhook_deliveries d SET status = 'failed', last_error = 'endpoint deleted', locked_until = NULL
         FROM s WHERE d.subscription_id = s.id AND d.status = 'pending'`,
      [id, client, this.clock.now()],
    );
  }

  /**
   * A new signing secret, shown once. Deliveries carry a signature with the old secret too for
   * SECRET_OVERLAP_HOURS, so the receiver can switch to the new one without losing any.
   */
  async rotateSecret(client: string, id: string): Promise<WebhookResource & { secret: string }> {
    await this.get(client, id);
    const secret = newWebhookSecret();
    const until = new Date(this.clock.now().getTime() + SECRET_OVERLAP_HOURS * 3_600_000);
    // An UPDATE answers [rows, count].
    const [rows]: [Row[], number] = await this.db.query(
      `UPDATE webhook_subscriptions
          SET previous_secret_encrypted = secret_encrypted, previous_secret_until = $4, secret_encrypted = $3
        WHERE id = $1 AND api_client = $2 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, client, this.box.encrypt(secret), until],
    );
    return { ...toWebhook(rows[0]), secret };
  }

  /** Turns a disabled endpoint back on (after the receiver is fixed). */
  async enable(client: string, id: string): Promise<WebhookResource> {
    await this.get(client, id);
    const [rows]: [Row[], number] = await this.db.query(
      `UPDATE webhook_subscriptions SET active = true, failing_since = NULL, disabled_at = NULL, disabled_reason = NULL
        WHERE id = $1 AND api_client = $2 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, client],
    );
    return toWebhook(rows[0]);
  }

  /** Queues a `webhook.test` event for this endpoint only (it takes the endpoint's next `sequence`). */
  async sendTest(client: string, id: string): Promise<DeliveryResource> {
    const hook = await this.get(client, id);
    // The fan-out trigger writes the delivery to the endpoint named by `webhookId`.
    const rows: Row[] = await this.db.query(
      `WITH e AS (
         INSERT INTO webhook_events (api_client, request_id, type, data, created_at)
         VALUES ($1, NULL, $2, jsonb_build_object('webhookId', $3::uuid, 'requestId', NULL, 'reference', NULL, 'state', NULL, 'respondBy', NULL), $4)
         RETURNING id)
       SELECT id FROM e`,
      [client, TEST_EVENT, hook.id, this.clock.now()],
    );
    const [delivery]: Row[] = await this.db.query(`SELECT id FROM webhook_deliveries WHERE event_id = $1 AND subscription_id = $2`, [rows[0].id, hook.id]);
    return this.delivery(client, id, String(delivery.id));
  }

  /** Sends an earlier delivery's event again (same webhook-id and `sequence`, so receivers can tell). */
  async replay(client: string, id: string, deliveryId: string): Promise<DeliveryResource> {
    await this.delivery(client, id, deliveryId);
    const rows: Row[] = await this.db.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, request_id, sequence, next_attempt_at, created_at)
       SELECT subscription_id, event_id, request_id, sequence, NULL, $3 FROM webhook_deliveries WHERE id = $2 AND subscription_id = $1
       RETURNING id`,
      [id, deliveryId, this.clock.now()],
    );
    return this.delivery(client, id, String(rows[0].id));
  }

  /** Newest first, a page of `limit`; `nextCursor` continues after the page's last delivery. */
  async deliveries(client: string, id: string, query: ListDeliveriesQuery): Promise<{ items: DeliveryResource[]; nextCursor: string | null }> {
    await this.get(client, id);
    const params: unknown[] = [id, query.limit + 1];
    const filters: string[] = [];
    if (query.status) {
      params.push(query.status);
      filters.push(`AND d.status = $${params.length}`);
    }
    if (query.cursor) {
      const [createdAt, deliveryId] = decodeDeliveryCursor(query.cursor);
      params.push(createdAt, deliveryId);
      filters.push(`AND (d.created_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: Row[] = await this.db.query(
      `SELECT ${DELIVERY_COLUMNS}, to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.subscription_id = $1 ${filters.join(' ')}
        ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toDelivery),
      nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.cursorAt, last.id])).toString('base64url') : null,
    };
  }

  async delivery(client: string, id: string, deliveryId: string): Promise<DeliveryResource> {
    await this.get(client, id);
    if (!UUID.test(deliveryId)) throw new NotFoundProblem('delivery');
    const rows: Row[] = await this.db.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.subscription_id = $1 AND d.id = $2`,
      [id, deliveryId],
    );
    if (!rows[0]) throw new NotFoundProblem('delivery');
    return toDelivery(rows[0]);
  }
}

const DELIVERY_COLUMNS = `d.id, d.event_id AS "eventId", d.sequence, e.type AS "eventType", e.request_id AS "requestId", d.status, d.attempts,
  d.next_attempt_at AS "nextAttemptAt", d.last_attempt_at AS "lastAttemptAt", d.response_code AS "responseCode",
  d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"`;
