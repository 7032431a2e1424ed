/**
 * Building blocks for the OpenAPI description: zod schemas as JSON Schema (z.toJSONSchema, the
 * same schemas that validate), problem responses, and one decorator per operation
 * ({@link ApiOp}) so a controller carries a single documentation line per route.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtension, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_TYPE_BASE } from '../../common/problem.js';
import type { ApiScope } from '../../common/auth.decorators.js';

export type JsonSchema = Record<string, unknown>;

export const SECURITY_SCHEME = 'apiKey';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), without `$schema`. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The problem codes a client can meet, with their HTTP status (documented in the spec). */
export const PROBLEM_CODES: Record<string, { status: number; title: string }> = {
  'validation-failed': { status: 400, title: 'Invalid input: `errors[]` lists each field with a JSON pointer' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  'bad-if-match': { status: 400, title: 'If-Match is not an ETag of this API' },
  'bad-idempotency-key': { status: 400, title: 'Idempotency-Key is not 1-255 visible ASCII characters' },
  unauthorized: { status: 401, title: 'No valid API key' },
  forbidden: { status: 403, title: 'The API key lacks a scope' },
  'not-found': { status: 404, title: 'No such resource or route' },
  'version-conflict': { status: 409, title: 'The request changed meanwhile (If-Match is stale)' },
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
  'privacy-facts-incomplete': { status: 422, title: 'An in-house completion letter states the facts of PRIVACY_FACTS_FILE; `missingFacts` lists those still missing' },
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
  'internal-error': { status: 500, title: 'Our fault; the body holds a correlation id' },
  starting: { status: 503, title: 'The service is starting' },
};

export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: `RFC 9457 problem details. \`type\` is ${PROBLEM_TYPE_BASE}<code>; \`code\` is stable. Codes:\n\n${Object.entries(PROBLEM_CODES)
    .map(([code, p]) => `- \`${code}\` (${p.status}): ${p.title}`)
    .join('\n')}`,
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: Object.keys(PROBLEM_CODES) },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: { pointer: { type: 'string', description: 'RFC 6901 JSON pointer; query parameters under /query' }, detail: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input',
  401: 'No valid API key',
  403: 'Missing scope',
  404: 'Not found',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Body not JSON',
  422: 'Refused',
  428: 'If-Match required',
  429: 'Rate limit reached (Retry-After)',
};

function problemExample(status: number): Record<string, unknown> {
  const [code, p] = Object.entries(PROBLEM_CODES).find(([, v]) => v.status === status) ?? ['client-error', { title: 'Client error' }];
  const example: Record<string, unknown> = { type: PROBLEM_TYPE_BASE + code, title: p.title.split(':')[0].split(';')[0], status, code };
  if (status === 400) example.errors = [{ pointer: '/requester/email', detail: 'Invalid email address' }];
  return example;
}

function problemResponse(status: number, codes?: string[]) {
  const listed = codes ?? Object.entries(PROBLEM_CODES).filter(([, p]) => p.status === status).map(([c]) => c);
  return ApiResponse({
    status,
    description: `${STATUS_TEXT[status] ?? 'Problem'} (problem codes: ${listed.map((c) => `\`${c}\``).join(', ')})`,
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' }, example: problemExample(status) } },
    ...(status === 429 || status === 409 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
  });
}

export interface OpResponse {
  status: number;
  description: string;
  schema?: JsonSchema;
  example?: unknown;
  headers?: Record<string, string>;
}

/** The tags of the helpdesk API, one per operation (declared once, in this order, in the document). */
export const API_TAGS = {
  requests: 'File data-subject requests, follow them and send events',
  verification: 'Identity verification steps of a request',
  controllers: 'Data controllers (the processor\'s customers) and their identifiers',
  incidents: 'Breach incidents (art 33) and their assessment',
  webhooks: 'Webhook endpoints and their deliveries',
  register: 'The accountability register (art 5(2) / 30)',
  deadlines: 'The legal dates for a receipt (public)',
} as const;
export type ApiTag = keyof typeof API_TAGS;

export interface OpDoc {
  tag: ApiTag;
  summary: string;
  description?: string;
  /** Scopes the API key needs; none: a public route. */
  scopes?: ApiScope[];
  params?: Record<string, string>;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; example: unknown; description?: string };
  headers?: { name: string; description: string; required?: boolean }[];
  responses: OpResponse[];
  /** Problem statuses besides the ones every authenticated route has (401, 403, 429). */
  problems?: number[];
}

/** Every POST under /api/v1 accepts an Idempotency-Key (see the API description). */
const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Optional, 1-255 visible ASCII characters (e.g. a UUID). Within 24 h a retry with the same key and body gets the first response again (with `Idempotent-Replayed: true`) and causes nothing twice; the same key with another body is a 422, while the first is still running a 409 with Retry-After.',
};

/** The OpenAPI description of one operation, as one decorator. */
export function ApiOp(doc: OpDoc, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'GET'): MethodDecorator {
  const decorators: (MethodDecorator | ClassDecorator)[] = [
    ApiTags(doc.tag),
    ApiOperation({
      summary: doc.summary,
      // A public route says so explicitly (OpenAPI: an empty requirement list), for linters and generators.
      ...(doc.scopes?.length ? {} : { security: [] }),
      description: [doc.description, doc.scopes?.length ? `Scope: ${doc.scopes.map((s) => `\`${s}\``).join(', ')}.` : 'No API key needed.']
        .filter(Boolean)
        .join('\n\n'),
    }),
  ];
  if (doc.scopes?.length) decorators.push(ApiBearerAuth(SECURITY_SCHEME), ApiExtension('x-scopes', doc.scopes));
  for (const [name, description] of Object.entries(doc.params ?? {})) {
    decorators.push(ApiParam({ name, description, required: true, schema: { type: 'string', format: name.toLowerCase().endsWith('id') ? 'uuid' : undefined } }));
  }
  if (doc.query) {
    const schema = jsonSchema(doc.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      decorators.push(ApiQuery({ name, required: schema.required?.includes(name) ?? false, schema: property as never }));
    }
  }
  const headers = [...(doc.headers ?? []), ...(method === 'POST' && doc.scopes?.length ? [IDEMPOTENCY_HEADER] : [])];
  for (const h of headers) decorators.push(ApiHeader({ name: h.name, description: h.description, required: h.required ?? false }));
  if (doc.body) {
    decorators.push(
      ApiBody({
        description: doc.body.description,
        required: true,
        schema: jsonSchema(doc.body.schema) as never,
        examples: { example: { summary: 'Example', value: doc.body.example } },
      }),
    );
  }
  for (const r of doc.responses) {
    decorators.push(
      ApiResponse({
        status: r.status,
        description: r.description,
        ...(r.schema || r.example !== undefined
          ? { content: { 'application/json': { schema: (r.schema ?? { type: 'object' }) as never, ...(r.example !== undefined ? { example: r.example } : {}) } } }
          : {}),
        ...(r.headers
          ? { headers: Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
          : {}),
      }),
    );
  }
  const statuses = new Set(doc.problems ?? []);
  if (doc.body || doc.query) statuses.add(400);
  if (doc.body) statuses.add(415);
  if (doc.scopes?.length) for (const s of [401, 403, 429]) statuses.add(s);
  if (method === 'POST' && doc.scopes?.length) {
    statuses.add(409);
    statuses.add(422);
  }
  for (const status of [...statuses].sort()) decorators.push(problemResponse(status));
  return applyDecorators(...decorators);
}
