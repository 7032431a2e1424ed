/**
 * The OpenAPI 3.1 description, generated from the running application's routes and their
 * decorators (see docs.ts), served without credentials at /api/openapi.json and as interactive
 * docs at /api/docs. Only the helpdesk API (/api/v1) is described.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PACKAGE_VERSION } from '../../common/paths.js';
import { webhookPayloadSchemas } from '../../webhooks/webhook-payloads.docs.js';
import { TEST_EVENT } from '../../webhooks/webhook.schemas.js';
import { API_TAGS, PROBLEM_SCHEMA, SECURITY_SCHEME, type JsonSchema } from '../../http/openapi/docs.js';
import { COMPONENT_SCHEMAS, IDS, WEBHOOK_PAYLOAD_EXAMPLE } from '../../http/openapi/resources.js';

export const OPENAPI_JSON_PATH = '/api/openapi.json';
export const OPENAPI_DOCS_PATH = '/api/docs';

const DESCRIPTION = `REST API for helpdesk systems: file GDPR data-subject requests, follow them, receive signed webhooks.

**Authentication**: \`Authorization: Bearer <api key>\`; each operation names the scope it needs.

**Clients are tenants**: every key belongs to one API client (an id and a unique name). A key sees and changes only the requests its client filed: another client's request is a 404 (never a 403) on every route under \`/api/v1/requests/{id}\`, and lists, incidents and webhooks leave it out. The scope \`requests:all\` lifts this: such a key sees every request (also those filed by agents) and its client's webhooks receive every request's events; the accountability register needs it. Idempotency keys, \`externalRef\` and webhook endpoints are per client.

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\`; invalid input lists each field in \`errors[]\` with a JSON pointer (query parameters under \`/query\`). Unknown fields are refused.

**Input limits**: bodies are \`application/json\` (anything else is a 415 \`unsupported-media-type\`) nested at most 32 levels; text fields and query parameters refuse control characters U+0000-U+001F other than tab, CR and LF; dates lie in the years 1970-2199, a receipt (\`receivedAt\`) on or after 2018-05-25 (the GDPR's first day) and not in the future; each schema gives its maximum lengths (message 20,000 characters, note 10,000, reasons 500-4,000). Each is a 400 \`validation-failed\` naming the field; nothing is stored.

**Idempotency**: every POST accepts \`Idempotency-Key\`. Within 24 hours a retry with the same key and body returns the first response (header \`Idempotent-Replayed: true\`) without doing anything twice; the same key with a different body is a 422, a retry while the first is still running a 409 with \`Retry-After\`.

**Rate limit**: per API client, per app node (default 600 requests a minute); over it a 429 with \`Retry-After\`.

**Webhooks**: see the \`webhooks\` section and \`POST /api/v1/webhooks\`. Each delivery carries \`webhook-id\`, \`webhook-timestamp\` and \`webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">\` keyed with the base64-decoded part of the endpoint's \`whsec_\` secret (Standard Webhooks).`;

function webhookOperations(): Record<string, unknown> {
  const operations: Record<string, unknown> = {};
  for (const [type, schema] of Object.entries(webhookPayloadSchemas())) {
    const name = webhookSchemaName(type);
    operations[type] = {
      post: {
        operationId: `webhook_${type.replace(/[^A-Za-z0-9]+/g, '_')}`,
        tags: ['webhooks'],
        summary: `Event ${type}`,
        description: `${String(schema.description)}. POSTed to each subscribed endpoint of the API client that filed the request (and of every client holding \`requests:all\`). Answer 2xx within 5 s; anything else is retried with exponential backoff for 24 hours.`,
        // Not called with an API key: the receiver checks the webhook-signature header instead.
        security: [],
        parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } })),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` }, example: webhookExample(type) } },
        },
        responses: { '200': { description: 'Received (any 2xx)' } },
      },
    };
  }
  return operations;
}

/** The component name of an event's payload schema, e.g. WebhookEvent.request.created. */
const webhookSchemaName = (type: string) => `WebhookEvent.${type}`;

function webhookExample(type: string): Record<string, unknown> {
  if (type === TEST_EVENT) {
    return { ...WEBHOOK_PAYLOAD_EXAMPLE, type, data: { webhookId: IDS.WEBHOOK_ID, requestId: null, reference: null, state: null, respondBy: null } };
  }
  const fields = Object.keys((webhookPayloadSchemas()[type] as { properties: { data: { properties: object } } }).properties.data.properties);
  const samples: Record<string, unknown> = {
    forwardingId: '1e3a5c7d-9b2f-4d6e-8a0c-3b5d7f9a1c2e',
    template: 'acknowledgement',
    assigned: true,
    deadline: 'respondBy',
    deadlineDate: WEBHOOK_PAYLOAD_EXAMPLE.data.dueDate,
  };
  const extra = Object.fromEntries(Object.entries(samples).filter(([f]) => fields.includes(f)));
  return { ...WEBHOOK_PAYLOAD_EXAMPLE, type, data: { ...WEBHOOK_PAYLOAD_EXAMPLE.data, ...extra } };
}

/** The document for the routes the application has registered. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Verzoekrouter API')
    .setDescription(DESCRIPTION)
    .setVersion(PACKAGE_VERSION)
    .setOpenAPIVersion('3.1.0')
    .addServer('/', 'The host that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'vr_…', description: 'An API key (npm run cli -- api-keys create)' }, SECURITY_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    autoTagControllers: false,
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // The helpdesk API only: the agent UI and health endpoints are not part of it.
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/api/v1/') || path === '/api/v1'));
  const schemas = (document.components ??= {}).schemas ?? {};
  const payloads = Object.fromEntries(Object.entries(webhookPayloadSchemas()).map(([type, schema]) => [webhookSchemaName(type), schema]));
  document.components.schemas = { ...schemas, Problem: PROBLEM_SCHEMA as never, ...(COMPONENT_SCHEMAS as Record<string, never>), ...(payloads as Record<string, never>) };
  (document as { webhooks?: unknown }).webhooks = webhookOperations();
  // Not open source (package.json: UNLICENSED); an SPDX LicenseRef for what has no SPDX id.
  document.info.license = { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } as never;
  document.tags = Object.entries(API_TAGS).map(([name, description]) => ({ name, description }));
  return document;
}

/** Serves the document and the docs UI; call before the application starts listening. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup(OPENAPI_DOCS_PATH.slice(1), app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'Verzoekrouter API',
  });
  return document;
}

export type { JsonSchema };
