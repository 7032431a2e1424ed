import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'verzoekrouter' } });
}

/**
 * The path as logged: no query string (it may hold an e-mail search) and no link tokens
 * (/c/<token>, /v/<token>), which are secrets.
 */
export function loggablePath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  // Routes match without regard to case, so /C/<token> is a link too.
  return path.replace(/^\/(c|v|d)\/[^/]+/i, '/$1/<token>');
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Gives every request an id (X-Request-Id in and out), also when the access log is off. */
export function requestIdMiddleware() {
  return (req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void) => {
    req.id = requestIdOf(req);
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}

/** HTTP access log: method, path without query or tokens, status, time. Never bodies or headers. */
export function httpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req) => (req as IncomingMessage & { id?: string }).id ?? requestIdOf(req),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: loggablePath(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
  });
}

/** Nest's own log lines through pino. */
/**
 * Nest's own messages: its start-up chatter (modules initialised, every route mapped) at debug, so
 * that the start banner is the first screen; warnings and errors as they are.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
