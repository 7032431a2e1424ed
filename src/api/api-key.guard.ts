import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { PUBLIC_KEY, SCOPES_KEY, type ApiScope } from '../common/auth.decorators.js';
import { ForbiddenProblem, UnauthorizedProblem } from '../common/problem.js';
import { isApiRoute, type ApiRequest } from '../http/api-request.js';
import { ApiKeysService } from './api-keys.service.js';
import { AddressRateLimiter, ApiRateLimiter } from './rate-limiter.js';

/**
 * Guards every route under /api/v1: `Authorization: Bearer <key>` with the route's scopes.
 * Routes marked @Public() and routes outside /api/v1 pass. Each client has a rate limit (in
 * memory, per node): over it, 429 with Retry-After. Per client address: @Public() routes have a
 * limit, and an address with too many failed authentications gets 429 before its key is checked.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly limiter: ApiRateLimiter,
    private readonly addresses: AddressRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<ApiRequest>();
    if (!isApiRoute(context)) return true;
    const targets = [context.getHandler(), context.getClass()];
    const res = context.switchToHttp().getResponse<Response>();
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      this.addresses.checkPublic(address, res);
      return true;
    }

    this.addresses.assertMayAuthenticate(address);
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      this.addresses.recordFailure(address);
      throw new UnauthorizedProblem();
    }
    const client = await this.keys.authenticate(match[1]);
    if (!client) {
      this.addresses.recordFailure(address);
      throw new UnauthorizedProblem('The API key is unknown or revoked.', true);
    }

    const needed = this.reflector.getAllAndOverride<ApiScope[]>(SCOPES_KEY, targets) ?? [];
    const missing = needed.filter((s) => !client.scopes.includes(s));
    if (missing.length) throw new ForbiddenProblem(`This API key lacks the scope(s): ${missing.join(', ')}.`);
    this.limiter.check(client.clientName, res);
    req.apiClient = client;
    return true;
  }
}
