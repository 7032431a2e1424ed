/**
 * Every API route on one request (`/api/v1/requests/:id/…`, whichever module serves it: events,
 * timeline, dossier, verification, legal hold, processor tasks, incidents) first finds the request
 * as the calling client may see it (RequestsService.row with the client's visibility): another
 * client's request is a 404 before the route's own module reads or changes anything. The routes of
 * this module pass the same visibility to the query and command layer themselves.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { from, mergeMap, type Observable } from 'rxjs';
import { isApiRoute, type ApiRequest } from '../http/api-request.js';
import { visibilityOf } from './request-visibility.js';
import { RequestsService } from './requests.service.js';

const REQUEST_ROUTE = /^api\/v1\/requests\/:id(\/|$)/i;

function paths(target: object): string[] {
  const declared: unknown = Reflect.getMetadata(PATH_METADATA, target);
  return (Array.isArray(declared) ? declared : [declared]).filter((p): p is string => typeof p === 'string');
}

/** Whether the handler's declared path (controller path + method path) is one request's route. */
export function isOneRequestRoute(context: ExecutionContext): boolean {
  const handlerPaths = paths(context.getHandler());
  return paths(context.getClass()).some((base) =>
    (handlerPaths.length ? handlerPaths : ['']).some((p) => REQUEST_ROUTE.test(`${base}/${p}`.replace(/\/+/g, '/').replace(/^\//, ''))),
  );
}

@Injectable()
export class RequestScopeInterceptor implements NestInterceptor {
  constructor(private readonly requests: RequestsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !isApiRoute(context)) return next.handle();
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const id = req.params?.id;
    if (!req.apiClient || typeof id !== 'string' || !isOneRequestRoute(context)) return next.handle();
    return from(this.requests.row(id, visibilityOf(req.apiClient))).pipe(mergeMap(() => next.handle()));
  }
}
