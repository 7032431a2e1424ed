/**
 * The one error family of the service. Every error a client can see is a ProblemException with
 * a stable string `code`; the ProblemFilter renders it as RFC 9457 application/problem+json.
 */
import type { ProblemCode } from './problem-codes.js';

export interface FieldError {
  /** JSON pointer to the offending field, e.g. `/requester/email`; for query parameters `/query/<name>`. */
  pointer: string;
  detail: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://verzoekrouter.dev/problems/';

export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemException';
  }

  toBody(): ProblemBody {
    return {
      type: PROBLEM_TYPE_BASE + this.code,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      code: this.code,
      ...this.extensions,
    };
  }
}

export class ValidationProblem extends ProblemException {
  constructor(errors: FieldError[], detail = 'The input is not valid.') {
    super(400, 'validation-failed', 'Invalid input', detail, { errors });
  }
}

export class NotFoundProblem extends ProblemException {
  constructor(what = 'resource', detail?: string) {
    super(404, 'not-found', 'Not found', detail ?? `No such ${what}.`);
  }
}

export class UnauthorizedProblem extends ProblemException {
  /** The WWW-Authenticate challenge (RFC 6750): `error="invalid_token"` when a key was given but is not valid. */
  readonly challenge: string;

  constructor(detail = 'A valid API key is required: Authorization: Bearer <key>.', invalidToken = false) {
    super(401, 'unauthorized', 'Unauthorized', detail);
    this.challenge = `Bearer realm="verzoekrouter"${invalidToken ? ', error="invalid_token"' : ''}`;
  }
}

export class ForbiddenProblem extends ProblemException {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}
