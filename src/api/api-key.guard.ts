import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_KEY, SCOPES_KEY, type ApiScope } from '../common/auth.decorators.js';
import { ForbiddenProblem, UnauthorizedProblem } from '../common/problem.js';
import { ApiKeysService, type ApiClient } from './api-keys.service.js';
import { ApiRateLimiter } from './rate-limiter.js';

export type ApiRequest = Request & { apiClient?: ApiClient };

/** The audit actor of an API client. */
export function apiActor(client: ApiClient): string {
  return `api:${client.clientName}`;
}

/**
 * Whether the handler belongs to the helpdesk API: decided by its controller's declared path,
 * not by the request's path, which Express matches without regard to case (`/API/V1/…` reaches
 * the same handler and must meet the same guard).
 */
export function isApiRoute(context: ExecutionContext): boolean {
  const declared: unknown = Reflect.getMetadata(PATH_METADATA, context.getClass());
  const paths = Array.isArray(declared) ? declared : [declared];
  return paths.some((p) => typeof p === 'string' && /^\/?api\/v1(\/|$)/.test(p));
}

/**
 * Guards every route under /api/v1: `Authorization: Bearer <key>` with the route's scopes.
 * Routes marked @Public() and routes outside /api/v1 pass. Each client has a rate limit (in
 * memory, per node): over it, 429 with Retry-After.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly limiter: ApiRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<ApiRequest>();
    if (!isApiRoute(context)) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedProblem();
    const client = await this.keys.authenticate(match[1]);
    if (!client) throw new UnauthorizedProblem('The API key is unknown or revoked.');

    const needed = this.reflector.getAllAndOverride<ApiScope[]>(SCOPES_KEY, targets) ?? [];
    const missing = needed.filter((s) => !client.scopes.includes(s));
    if (missing.length) throw new ForbiddenProblem(`This API key lacks the scope(s): ${missing.join(', ')}.`);
    this.limiter.check(client.clientName);
    req.apiClient = client;
    return true;
  }
}
