/**
 * Building blocks for the OpenAPI description: zod schemas as JSON Schema (z.toJSONSchema, the
 * same schemas that validate), problem responses, and one decorator per operation
 * ({@link ApiOp}) so a controller carries a single documentation line per route.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiDefaultResponse, ApiExtension, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_TYPE_BASE } from '../../common/problem.js';
import { PROBLEM_CODES } from '../../common/problem-codes.js';
import type { ApiScope } from '../../common/auth.decorators.js';

export type JsonSchema = Record<string, unknown>;

export const SECURITY_SCHEME = 'apiKey';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), without `$schema`. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

export { PROBLEM_CODES };

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
  /** Other media types of the same response (e.g. text/csv), with their schema and example. */
  alternatives?: Record<string, { schema: JsonSchema; example?: unknown }>;
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
          ? {
              content: {
                'application/json': { schema: (r.schema ?? { type: 'object' }) as never, ...(r.example !== undefined ? { example: r.example } : {}) },
                ...(r.alternatives as Record<string, never>),
              },
            }
          : {}),
        ...(r.headers
          ? { headers: Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
          : {}),
      }),
    );
  }
  const statuses = new Set(doc.problems ?? []);
  // Every route refuses a control character in any query parameter (InputGuardInterceptor): 400 everywhere.
  statuses.add(400);
  // Any body is read by the JSON parser first: too large (413) or not JSON (415), whatever the route.
  if (method !== 'GET' && method !== 'DELETE') for (const s of [400, 413, 415]) statuses.add(s);
  if (doc.scopes?.length) for (const s of [401, 403]) statuses.add(s);
  // The rate limit counts every call (per client, or per address without a valid key).
  statuses.add(429);
  if (method === 'POST' && doc.scopes?.length) {
    statuses.add(409);
    statuses.add(422);
  }
  for (const status of [...statuses].sort()) decorators.push(problemResponse(status));
  // Whatever else can happen anywhere: 500 internal-error, 503 starting / database-unavailable.
  decorators.push(
    ApiDefaultResponse({
      description: 'Another problem (500 `internal-error`, 503 `starting`, `database-unavailable`, `dossier-busy` with Retry-After)',
      content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    }),
  );
  return applyDecorators(...decorators);
}
