/**
 * The one registry of problem codes: every code a ProblemException can carry (the constructor takes
 * only these, so the compiler keeps the list complete), with its HTTP status and a title. The
 * OpenAPI `Problem.code` enum and the problem descriptions are generated from it.
 */
/** The problem codes a client can meet, with their HTTP status (documented in the spec). */
export const PROBLEM_CODES = {
  'validation-failed': { status: 400, title: 'Invalid input: `errors[]` lists each field with a JSON pointer' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'bad-if-match': { status: 400, title: 'If-Match is not an ETag of this API' },
  'bad-idempotency-key': { status: 400, title: 'Idempotency-Key is not 1-255 visible ASCII characters' },
  unauthorized: { status: 401, title: 'No valid API key' },
  forbidden: { status: 403, title: 'The API key lacks a scope' },
  'not-found': { status: 404, title: 'No such resource or route' },
  'version-conflict': { status: 409, title: 'The request or controller changed meanwhile (If-Match is stale); `currentVersion` names the version now' },
  'duplicate-external-ref': { status: 409, title: 'This client filed that externalRef before; `requestId` names the request' },
  'idempotency-key-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still running; retry after Retry-After' },
  'request-purged': { status: 409, title: 'The personal data of this request was removed after the retention period' },
  'export-missing': { status: 400, title: 'An export upload without content' },
  'payload-too-large': { status: 413, title: 'The body is larger than 1 MB (an export upload: EXPORT_MAX_MB)' },
  'unsupported-media-type': { status: 415, title: 'The body is not UTF-8 JSON (Content-Type: application/json)' },
  'invalid-transition': { status: 422, title: 'The request state does not accept this event; `allowedEvents` lists those it does' },
  'verification-refused': { status: 422, title: 'The verification step is refused; `reason` says why (e.g. reasonable-doubt-required, direct-marketing-no-check, copy-not-destroyed)' },
  'unknown-controller': { status: 422, title: 'Unknown or inactive controller ids' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different body' },
  'instruction-not-completable': { status: 422, title: 'The processor task cannot be completed now; `reason` says why (concern-open, recipients-missing, export-missing …)' },
  'task-not-open': { status: 422, title: 'Only an open processor task can get a concern' },
  'no-concern': { status: 422, title: 'No concern is open on this processor task' },
  'export-not-expected': { status: 422, title: 'Exports belong to open export tasks' },
  'export-type-not-allowed': { status: 415, title: 'An export that is not ZIP, PDF, JSON, CSV, XML or UTF-8 plain text (judged by its content)' },
  'too-many-exports': { status: 409, title: 'A processor task holds at most 5 exports' },
  'export-no-link': { status: 422, title: 'The instruction did not come through a controller link, so no link can offer an export' },
  'precondition-required': { status: 428, title: 'If-Match is required' },
  'database-unavailable': { status: 503, title: 'The database cannot be reached right now; nothing was changed, retry after Retry-After' },
  'state-changed': { status: 409, title: 'A processor task or verification step changed meanwhile and no longer takes this step; reload and try again' },
  'rate-limited': { status: 429, title: 'Too many requests for this API client (or, without a valid key, from this address); retry after Retry-After' },
  'invalid-concern': { status: 400, title: 'A concern needs its reason' },
  'invalid-resolution': { status: 400, title: 'Give the resolution (confirmed or withdrawn) and the controller\'s answer' },
  'duplicate-webhook': { status: 409, title: 'This URL is registered for these events already; `webhookId` names the endpoint' },
  'already-reported': { status: 409, title: 'This forwarding was already marked as sent in error; `incidentId` names the incident' },
  'already-assessed': { status: 409, title: 'This incident was assessed before; its assessment stays as recorded' },
  'wrong-recipient': { status: 422, title: 'The breach notice goes to the controller whose data it is, not to the controller that received it in error' },
  'processor-is-controller': { status: 422, title: 'This controller is the processor itself: assess with processorIsController true (art 33(1))' },
  'privacy-facts-incomplete': {
    status: 422,
    title:
      'An in-house completion letter states the facts of PRIVACY_FACTS_FILE in the letter\'s language (the main file or its translation, e.g. privacy-facts.fr.yaml); `language` and `file` name it, `missingFacts` lists the facts still missing, in the main file or the translation (and the translation\'s file name when it is not there); `detail` names the file that lacks them, the main file first',
  },
  'notified-in-future': { status: 422, title: 'notifiedAt lies in the future' },
  'self-controller-required': { status: 422, title: 'The processor itself cannot be deactivated' },
  'forwarding-settled': { status: 422, title: 'The controller has decided; a new link is not needed' },
  'forwarding-sent-in-error': { status: 422, title: 'This forwarding went to the wrong controller' },
  'dossier-busy': { status: 503, title: 'This node renders as many dossiers as it may; retry after Retry-After' },
  // What the framework answers for a status the service raises no own code for (problem.filter.ts).
  'bad-request': { status: 400, title: 'Bad request' },
  'method-not-allowed': { status: 405, title: 'This path does not take this method' },
  conflict: { status: 409, title: 'Conflict' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  'client-error': { status: 400, title: 'Client error' },
  'internal-error': { status: 500, title: 'Our fault; the body holds a correlation id' },
  starting: { status: 503, title: 'The service is starting' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
