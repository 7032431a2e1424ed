/**
 * The idempotency store (application logic, used by every face that accepts an Idempotency-Key):
 * the first call with a key claims it (one INSERT … ON CONFLICT); a retry with the same key and
 * body gets the stored response again, never a second effect. Records live 24 hours.
 *
 * A command that changes data (filing a request, sending it an event) completes its claim in the
 * SAME transaction as its writes (completeWithin): once the work is committed its response is
 * stored too, so a crash, a lost connection or a failure after the commit can only leave a claim
 * that is `done` (replayed) or one whose work did not commit (`in-progress`, run again by a retry
 * after IDEMPOTENCY_ABANDONED_SECONDS). Other handlers store their response afterwards (complete).
 */
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ProblemException } from '../common/problem.js';
import { IDEMPOTENCY_TTL_HOURS, purgeIdempotencyRecords } from './idempotency-sql.js';
import type { ApiRequest } from '../http/api-request.js';

/** An in-progress claim older than this was left by a node that died; it may be taken over. */
export const IDEMPOTENCY_ABANDONED_SECONDS = 60;

type Queryable = Pick<EntityManager, 'query'>;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export type Claim =
  /** `token` identifies this claim: only its holder may complete or release it. */
  | { kind: 'claimed'; token: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** A claim held by the current call, handed to the command that answers it. */
export interface IdempotencyClaim {
  client: string;
  key: string;
  token: string;
  /** Set once the response was stored with the command's writes: nothing is left to store or release. */
  settled?: boolean;
}

/** The API request with the claim of its Idempotency-Key, for a command that stores its response with its writes. */
export type IdempotentRequest = ApiRequest & { idempotency?: IdempotencyClaim };

/** The claim this call holds (none without an Idempotency-Key). */
export function idempotencyClaimOf(req: object): IdempotencyClaim | undefined {
  return (req as IdempotentRequest).idempotency;
}

/** Key order does not matter: `{a,b}` and `{b,a}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a key is bound to: method, path and body. */
export function fingerprintOf(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}

export class IdempotencyInProgressProblem extends ProblemException {
  constructor() {
    super(409, 'idempotency-key-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still being processed. Retry shortly.', {
      retryAfter: 1,
    });
  }
}

export class IdempotencyMismatchProblem extends ProblemException {
  constructor() {
    super(
      422,
      'idempotency-key-reused',
      'Idempotency-Key reused',
      'This Idempotency-Key was used for a different request (another body or path). Use a new key for a new request.',
    );
  }
}

const COMPLETE_SQL = `UPDATE idempotency_keys SET status = 'done', response_status = $4, response_headers = $5, response_body = $6, completed_at = now()
  WHERE api_client = $1 AND key = $2 AND claim_token = $3 AND status = 'in-progress'`;

function completeParams(client: string, key: string, token: string, response: StoredResponse): unknown[] {
  return [client, key, token, response.status, JSON.stringify(response.headers), response.body];
}

/** How many rows a `query` of an UPDATE changed (TypeORM answers [rows, count] through a DataSource or EntityManager). */
function changedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

@Injectable()
export class IdempotencyStore {
  constructor(private readonly db: DataSource) {}

  /** Claims the key, or says why not. An expired or abandoned record is taken over. */
  async claim(client: string, key: string, fingerprint: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed: { token: string }[] = await this.db.query(
        `INSERT INTO idempotency_keys (api_client, key, fingerprint) VALUES ($1, $2, $3)
         ON CONFLICT (api_client, key) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, status = 'in-progress', response_status = NULL,
                response_headers = NULL, response_body = NULL, created_at = now(), completed_at = NULL,
                claim_token = gen_random_uuid()
          WHERE idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
             OR (idempotency_keys.status = 'in-progress'
                 AND idempotency_keys.created_at < now() - make_interval(secs => ${IDEMPOTENCY_ABANDONED_SECONDS})
                 AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
         RETURNING claim_token AS token`,
        [client, key, fingerprint],
      );
      if (claimed.length) return { kind: 'claimed', token: (claimed[0] as { token: string }).token };
      const rows: { fingerprint: string; status: string; response_status: number | null; response_headers: Record<string, string> | null; response_body: string | null }[] =
        await this.db.query(
          `SELECT fingerprint, status, response_status, response_headers, response_body
             FROM idempotency_keys WHERE api_client = $1 AND key = $2`,
          [client, key],
        );
      const row = rows[0];
      if (!row) continue; // released between the two statements: claim again
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (row.status !== 'done' || row.response_status === null) return { kind: 'in-progress' };
      return { kind: 'replay', response: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body } };
    }
    return { kind: 'in-progress' };
  }

  /** Stores the response of the claim `token`; false when that claim was taken over meanwhile. */
  async complete(client: string, key: string, token: string, response: StoredResponse): Promise<boolean> {
    return changedRows(await this.db.query(COMPLETE_SQL, completeParams(client, key, token, response))) === 1;
  }

  /**
   * Stores the response of `claim` in the caller's transaction `tx`, with the writes it answers.
   * Refuses (IdempotencyInProgressProblem, so the caller's transaction rolls back) when the claim
   * was taken over meanwhile: the call that took it over does the work instead.
   */
  async completeWithin(tx: Queryable, claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    const result: unknown = await tx.query(COMPLETE_SQL, completeParams(claim.client, claim.key, claim.token, response));
    if (changedRows(result) !== 1) throw new IdempotencyInProgressProblem();
  }

  /** Gives the claim `token` up (the request failed on our side): a retry runs it again. */
  async release(client: string, key: string, token: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE api_client = $1 AND key = $2 AND claim_token = $3 AND status = 'in-progress'`,
      [client, key, token],
    );
  }

  /** Drops records older than 24 hours. */
  async purge(): Promise<number> {
    const [, count]: [unknown, number] = await this.db.query(
      purgeIdempotencyRecords('now()'),
    );
    return count ?? 0;
  }
}
