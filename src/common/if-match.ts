/**
 * ETags and If-Match for the resources with a `version` (requests, controllers): the ETag is the
 * version in quotes (`"3"`); If-Match takes that, its weak form `W/"3"` or a bare `3`, and `*`
 * (RFC 9110 §13.1.1: any current representation matches, so the change proceeds on whatever
 * version is stored). A stale version is the caller's 409 `version-conflict`.
 */
import { ProblemException } from './problem.js';

/** The ETag of a resource at this version. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/**
 * The version If-Match names; `undefined` for `*` (proceed on the current version) and, when the
 * header is optional, for no header. A required header that is missing is a 428.
 */
export function parseIfMatch(header: string | undefined, options: { required: boolean; resource: string }): number | undefined {
  const value = header?.trim();
  if (!value) {
    if (!options.required) return undefined;
    throw new ProblemException(428, 'precondition-required', 'Precondition required', `Send If-Match with the ${options.resource} version (its ETag).`);
  }
  if (value === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value);
  if (!match) throw new ProblemException(400, 'bad-if-match', 'Bad If-Match', `If-Match must be the ETag of the ${options.resource}, e.g. "3", or *.`);
  return Number(match[1]);
}

/** A stale If-Match (or a change that lost a race): 409 `version-conflict`, with the version stored now when known. */
export class VersionConflictProblem extends ProblemException {
  constructor(current?: number, resource = 'request') {
    super(409, 'version-conflict', 'Version conflict', `The ${resource} was changed by someone else. Reload it and try again.`, {
      ...(current !== undefined ? { currentVersion: current } : {}),
    });
  }
}
