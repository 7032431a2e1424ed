/**
 * Input no field can hold is refused at the door, for every route, before any handler, query or
 * recursion sees it:
 * - a body of a media type the service does not read → 415 (the API reads JSON only);
 * - a body nested deeper than MAX_INPUT_DEPTH → 400 (body parser → here, before anything recursive);
 * - a control character (U+0000 …) in any body field or query parameter → 400 with its pointer;
 *   as an interceptor, so a workspace page answers with its own Dutch error page.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Observable } from 'rxjs';
import { ProblemException, ValidationProblem } from '../common/problem.js';
import { sendProblem } from '../common/problem.filter.js';
import { assertStorable, TOO_DEEP_DETAIL, unstorableInput } from '../common/validation.js';

// Only application/json: a +json type (merge-patch+json, json-patch+json …) has other semantics than the service's JSON bodies.
const JSON_TYPE = /^application\/json$/;
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Whether the service reads a body of this media type on this path: JSON everywhere, forms outside the API. */
export function acceptsMediaType(path: string, contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return false;
  if (JSON_TYPE.test(type)) return true;
  return FORM_TYPES.has(type) && !/^\/api(\/|$)/i.test(path);
}

/** Before the body parsers: a body the service would not read is a 415, not an empty object. */
export function unsupportedMediaTypeGuard(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req) || acceptsMediaType(req.path, req.headers['content-type'])) return next();
    const api = /^\/api(\/|$)/i.test(req.path);
    sendProblem(
      res,
      new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', api ? 'Send UTF-8 JSON (Content-Type: application/json).' : 'Send a form or UTF-8 JSON.'),
    );
  };
}

/** After the body parsers: nesting deeper than MAX_INPUT_DEPTH is a 400 (the check itself is iterative). */
export function inputDepthGuard(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object') return next();
    const error = unstorableInput(body, '', false);
    if (error?.detail === TOO_DEEP_DETAIL) return sendProblem(res, new ValidationProblem([error], `${error.pointer || '/'}: ${error.detail}`));
    next();
  };
}

/** Every route: a control character in a body field or a query parameter is a 400 naming the field. */
@Injectable()
export class InputGuardInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      assertStorable(req.query, '/query');
      const body: unknown = req.body;
      if (body && typeof body === 'object' && !Buffer.isBuffer(body)) assertStorable(body);
    }
    return next.handle();
  }
}
