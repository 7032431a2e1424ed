/**
 * Headers every response of a kind gets, set before any route runs (a handler may still set its
 * own): `Cache-Control: no-store` on everything that may carry personal data (the API under
 * /api/v1, the workspace under /ui, the personal links under /c and /v), and a strict CSP with
 * frame protection on the API docs (/api/docs: Swagger UI, whose scripts and styles are files of
 * its own origin). Paths are matched without regard to case, as Express routes them.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const PERSONAL_DATA_PATHS = /^\/(api\/v1|ui|c|v)(\/|$)/i;
const API_DOCS_PATHS = /^\/api\/docs(\/|$)/i;

/** Swagger UI: its own scripts only (no inline script), inline styles of its template, calls to this origin. */
export const API_DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function securityHeaders(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (PERSONAL_DATA_PATHS.test(req.path)) {
      res.setHeader('Cache-Control', 'no-store');
    } else if (API_DOCS_PATHS.test(req.path)) {
      res.setHeader('Content-Security-Policy', API_DOCS_CSP);
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
    }
    next();
  };
}
