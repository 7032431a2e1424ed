/**
 * The raw body of an export upload (PUT /api/v1/requests/:id/tasks/:taskId/export). The global
 * JSON and form parsers skip this one route ({@link isExportUpload}), so a JSON or CSV export
 * arrives byte for byte; the handler reads it after the API key guard, up to EXPORT_MAX_MB.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ProblemException } from '../common/problem.js';

const EXPORT_UPLOAD_PATH = /^\/api\/v1\/requests\/[^/]+\/tasks\/[^/]+\/export\/?$/i;

/** Express matches paths without regard to case or a trailing slash; so does this. */
export function isExportUpload(req: { method: string; path: string }): boolean {
  return req.method === 'PUT' && EXPORT_UPLOAD_PATH.test(req.path);
}

/** A body parser that leaves the export upload alone (its body is read by the handler). */
export function exceptExportUpload(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => (isExportUpload(req) ? next() : parser(req, res, next));
}

/** The media type without parameters (`text/csv; charset=utf-8` → `text/csv`); undefined when absent. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim();
  return type || undefined;
}

/** Reads the whole body as bytes (any Content-Type); larger than maxMb: a 413 problem. Empty: an empty buffer. */
export async function readExportBody(req: Request, res: Response, maxMb: number): Promise<Buffer> {
  const parse = express.raw({ type: () => true, limit: maxMb * 1024 * 1024 });
  try {
    await new Promise<void>((resolve, reject) => parse(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') {
      throw new ProblemException(413, 'payload-too-large', 'Payload too large', `The export is larger than ${maxMb} MB (EXPORT_MAX_MB).`);
    }
    throw err;
  }
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
