/**
 * `Idempotency-Key` on POST under /api/v1: the first request with a key claims it (one INSERT …
 * ON CONFLICT), runs, and stores its response; a retry with the same key and body gets the
 * stored response again (`Idempotent-Replayed: true`), never a second effect. Records live 24
 * hours. Requests without the header pay nothing.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { ProblemException } from '../common/problem.js';
import { toProblem } from '../common/problem.filter.js';
import { isApiRoute, type ApiRequest } from '../http/api-request.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_TTL_HOURS = 24;
/** An in-progress claim older than this was left by a node that died; it may be taken over. */
export const IDEMPOTENCY_ABANDONED_SECONDS = 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Response headers kept with the stored response. */
const STORED_HEADERS = ['content-type', 'location', 'etag', 'retry-after'];

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
    const [, count]: [unknown, number] = await this.db.query(
      `UPDATE idempotency_keys SET status = 'done', response_status = $4, response_headers = $5, response_body = $6, completed_at = now()
        WHERE api_client = $1 AND key = $2 AND claim_token = $3 AND status = 'in-progress'`,
      [client, key, token, response.status, JSON.stringify(response.headers), response.body],
    );
    return count === 1;
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
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
    );
    return count ?? 0;
  }
}

function storedHeaders(res: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = res.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}

/** Applies to POST under /api/v1 with an Idempotency-Key header, after the API-key guard. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const header = req.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || req.method !== 'POST' || !isApiRoute(context) || !req.apiClient) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_PATTERN.test(key)) {
      return throwError(
        () =>
          new ProblemException(400, 'bad-idempotency-key', 'Bad Idempotency-Key', 'Idempotency-Key must be 1-255 visible ASCII characters, e.g. a UUID.', {
            errors: [{ pointer: '/headers/idempotency-key', detail: '1-255 visible ASCII characters.' }],
          }),
      );
    }
    const client = req.apiClient.clientName;
    const fingerprint = fingerprintOf(req.method, req.path, req.body);
    return from(this.store.claim(client, key, fingerprint)).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'mismatch':
            return throwError(() => new IdempotencyMismatchProblem());
          case 'in-progress':
            return throwError(() => new IdempotencyInProgressProblem());
          case 'replay':
            return of(this.replay(res, claim.response));
          case 'claimed':
            return this.run(next, req, res, client, key, claim.token);
        }
      }),
    );
  }

  private replay(res: Response, stored: StoredResponse): unknown {
    res.status(stored.status);
    for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
    res.setHeader('Idempotent-Replayed', 'true');
    return stored.body === null ? undefined : JSON.parse(stored.body);
  }

  private run(next: CallHandler, req: Request, res: Response, client: string, key: string, token: string): Observable<unknown> {
    return next.handle().pipe(
      mergeMap(async (body) => {
        // Stored before the response leaves, so a retry right after it sees the result.
        await this.store.complete(client, key, token, {
          status: res.statusCode,
          headers: storedHeaders(res),
          body: body === undefined ? null : JSON.stringify(body),
        });
        return body;
      }),
      catchError((err: unknown) => from(this.afterError(err, req, client, key, token)).pipe(mergeMap(() => throwError(() => err)))),
    );
  }

  /** A refusal (4xx) is the answer to this request and is kept; a failure on our side (5xx) releases the key. */
  private async afterError(err: unknown, req: Request, client: string, key: string, token: string): Promise<void> {
    const problem = toProblem(err, req);
    try {
      if (problem.status >= 500) {
        await this.store.release(client, key, token);
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8' };
      if (typeof problem.extensions.retryAfter === 'number') headers['retry-after'] = String(problem.extensions.retryAfter);
      await this.store.complete(client, key, token, { status: problem.status, headers, body: JSON.stringify(problem.toBody()) });
    } catch {
      await this.store.release(client, key, token).catch(() => undefined);
    }
  }
}
