/**
 * `Idempotency-Key` on POST under /api/v1: the first request with a key claims it (one INSERT …
 * ON CONFLICT), runs, and stores its response; a retry with the same key and body gets the
 * stored response again (`Idempotent-Replayed: true`), never a second effect. Records live 24
 * hours. Requests without the header pay nothing. The store is src/commands/idempotency-store.ts;
 * request commands (src/requests/request-commands.ts) store their response in the transaction of
 * their writes and mark the claim settled, so nothing is left to do here after them.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { ProblemException } from '../common/problem.js';
import { toProblem } from '../common/problem.filter.js';
import {
  fingerprintOf,
  IdempotencyInProgressProblem,
  IdempotencyMismatchProblem,
  IdempotencyStore,
  idempotencyClaimOf,
  type IdempotencyClaim,
  type IdempotentRequest,
  type StoredResponse,
} from '../commands/idempotency-store.js';
import { isApiRoute, type ApiRequest } from '../http/api-request.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Response headers kept with the stored response. */
const STORED_HEADERS = ['content-type', 'location', 'etag', 'retry-after'];

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
    const client = req.apiClient.clientId;
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
            (req as IdempotentRequest).idempotency = { client, key, token: claim.token };
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
        if (idempotencyClaimOf(req)?.settled) return body; // stored with the command's writes
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
    // The command's writes committed with its response: that response stands, whatever failed after.
    if (idempotencyClaimOf(req)?.settled) return;
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
