import type { ProblemCode } from './problem-codes.js';
import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { FlatTransitionError } from './flat-machine.js';
import { ProblemException, UnauthorizedProblem, type ProblemBody } from './problem.js';

const TITLES: Record<number, [ProblemCode, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable request'],
  428: ['precondition-required', 'Precondition required'],
  429: ['too-many-requests', 'Too many requests'],
  503: ['unavailable', 'Service unavailable'],
};

/** Seconds a caller is asked to wait when the database is out of reach (the pool reconnects by itself). */
export const DATABASE_UNAVAILABLE_RETRY_AFTER_S = 2;

/**
 * The database could not be reached or ended the session: SQLSTATE class 08 (connection
 * exception), 57P01–57P03 (terminated by an administrator, crash, cannot connect now), or the
 * driver's own socket errors. Nothing of the call was committed: the caller may simply retry.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown; message?: unknown } } | null;
  const code = e?.code ?? e?.driverError?.code;
  if (typeof code === 'string' && (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code))) return true;
  const message = String(e?.message ?? e?.driverError?.message ?? '');
  return /^(Connection terminated|Client has encountered a connection error|Connection is closed)/i.test(message);
}

/** Maps anything thrown to a problem; unknown errors become a 500 that reveals nothing but a correlation id. */
export function toProblem(err: unknown, req: Request): ProblemException {
  if (err instanceof ProblemException) return err;
  if (err instanceof FlatTransitionError) {
    // A processor task or verification step changed meanwhile: its state no longer takes the step.
    return new ProblemException(409, 'state-changed', 'Conflict', `This ${err.machineId === 'verificationStep' ? 'verification step' : 'task'} is ${err.state} now; reload and try again.`, {
      state: err.state,
    });
  }
  if (isDatabaseUnavailable(err)) {
    return new ProblemException(503, 'database-unavailable', 'Service unavailable', 'The database cannot be reached right now. Nothing was changed; try again shortly.', {
      retryAfter: DATABASE_UNAVAILABLE_RETRY_AFTER_S,
    });
  }
  const bodyParserType = (err as { type?: string }).type;
  if (bodyParserType === 'entity.parse.failed') {
    return new ProblemException(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
  }
  if (bodyParserType === 'entity.too.large') {
    return new ProblemException(413, 'payload-too-large', 'Payload too large', 'The request body is larger than 1 MB.');
  }
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
    return new ProblemException(415, 'unsupported-media-type', 'Unsupported media type', 'Send UTF-8 JSON.');
  }
  const status = err instanceof HttpException ? err.getStatus() : (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [code, title] = TITLES[status] ?? ['client-error', 'Client error'];
    const detail = status === 404 ? `No route ${req.method} ${req.path}.` : undefined;
    return new ProblemException(status, code, title, detail);
  }
  const correlationId = String((req as Request & { id?: unknown }).id ?? '');
  return new ProblemException(500, 'internal-error', 'Internal error', `Something went wrong on our side. Correlation id: ${correlationId}.`, {
    correlationId,
  });
}

export function sendProblem(res: Response, problem: ProblemException): void {
  const body: ProblemBody = problem.toBody();
  const retryAfter = problem.extensions.retryAfter;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  if (problem instanceof UnauthorizedProblem) res.setHeader('WWW-Authenticate', problem.challenge);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}

function logUnexpected(logger: Logger, err: unknown, problem: ProblemException): void {
  if (problem.status < 500) return;
  if (problem.code === 'database-unavailable') {
    const e = err as { code?: string; driverError?: { code?: string } };
    logger.warn({ code: e?.code ?? e?.driverError?.code }, 'database unavailable');
    return;
  }
  // Only the error's class, code and stack: pg error details may hold values.
  const e = err as { name?: string; code?: string; stack?: string };
  logger.error({ err: { name: e?.name, code: e?.code, stack: e?.stack }, correlationId: problem.extensions.correlationId }, 'unhandled error');
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = toProblem(err, req);
    logUnexpected(this.logger, err, problem);
    if (res.headersSent) return;
    sendProblem(res, problem);
  }
}

/** Express error middleware for errors raised before Nest's router (body parsing). */
export function expressProblemHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const problem = toProblem(err, req);
    logUnexpected(logger, err, problem);
    sendProblem(res, problem);
  };
}
