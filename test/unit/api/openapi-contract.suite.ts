/**
 * The OpenAPI document against itself: every example valid against its schema (response objects
 * read closed, as the contract check of the HTTP tests reads them), one declared tag per operation,
 * the Problem.code enum equal to the registry, and the contract check itself failing where it must.
 */
import { buildOpenApiDocumentOffline } from '../../../src/api/openapi/offline.js';
import { PROBLEM_CODES } from '../../../src/common/problem-codes.js';
import { Contract } from '../../support/contract.js';

describe('openapi-contract', () => {
  type Json = Record<string, any>;

  let document: Json;
  let contract: Contract;

  beforeAll(async () => {
    document = (await buildOpenApiDocumentOffline()) as unknown as Json;
    contract = new Contract(document);
  });

  const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

  function operations(): [string, string, Json][] {
    return Object.entries<Json>(document.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => [path, m, item[m]] as [string, string, Json]));
  }

  describe('OpenAPI document', () => {
    it('has one tag per operation, from the declared list', () => {
      const declared = (document.tags as { name: string }[]).map((t) => t.name);
      expect(new Set(declared.map((t) => t.toLowerCase())).size).toBe(declared.length);
      const wrong = operations()
        .filter(([, , op]) => op.tags?.length !== 1 || !declared.includes(op.tags[0]))
        .map(([path, method, op]) => `${method} ${path}: ${JSON.stringify(op.tags)}`);
      expect(wrong).toEqual([]);
    });

    it('lists every problem code of the registry in Problem.code, and no other', () => {
      expect([...document.components.schemas.Problem.properties.code.enum].sort()).toEqual(Object.keys(PROBLEM_CODES).sort());
    });

    it('has examples that are valid against their schemas', () => {
      const failures: string[] = [];
      for (const [path, method, op] of operations()) {
        for (const [status, response] of Object.entries<Json>(op.responses)) {
          for (const [media, content] of Object.entries<Json>(response.content ?? {})) {
            if (content.example === undefined || !/json$/.test(media)) continue;
            const problems = contract.verify({
              method,
              url: new URL(`http://x${path}`),
              status: status === 'default' ? 500 : Number(status),
              contentType: media,
              body: JSON.stringify(content.example),
            });
            failures.push(...problems.map((p) => `${method.toUpperCase()} ${path} ${status}: ${p}`));
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('has a complete payload schema with sequence for every webhook event type, and valid examples', () => {
      const failures: string[] = [];
      for (const [type, item] of Object.entries<Json>(document.webhooks)) {
        const content = item.post.requestBody.content['application/json'];
        const schema = document.components.schemas[content.schema.$ref.split('/').pop()];
        expect([type, schema.required]).toEqual([type, expect.arrayContaining(['id', 'type', 'createdAt', 'sequence', 'data'])]);
        expect([type, schema.properties.data.required.length > 0]).toEqual([type, true]);
        failures.push(...contract.verifyWebhook(JSON.stringify(content.example)));
      }
      expect(failures).toEqual([]);
      expect(contract.verifyWebhook(JSON.stringify({ ...document.webhooks['request.extended'].post.requestBody.content['application/json'].example, sequence: undefined }))).toEqual([
        expect.stringMatching(/request.extended \/: must have required property 'sequence'/),
      ]);
    });

    it('gives every JSON response a schema (no bare object)', () => {
      const bare: string[] = [];
      for (const [path, method, op] of operations()) {
        for (const [status, response] of Object.entries<Json>(op.responses)) {
          const schema = response.content?.['application/json']?.schema;
          if (schema && !schema.$ref && !schema.properties && !schema.items && !schema.oneOf) bare.push(`${method} ${path} ${status}`);
        }
      }
      expect(bare).toEqual([]);
    });
  });

  describe('contract check', () => {
    const url = (path: string) => new URL(`http://x${path}`);
    const id = '3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a91';

    it('names the operation, the status and the JSON pointer of an undeclared or mistyped field', () => {
      const example = document.paths['/api/v1/requests/{id}'].get.responses['200'].content['application/json'].example;
      const body = JSON.stringify({ ...example, requester: { ...example.requester, nickname: 'Jan' }, deadlines: { ...example.deadlines, daysLeft: 32, urgency: 'normal' } });
      expect(() => contract.assert({ method: 'GET', url: url(`/api/v1/requests/${id}`), status: 200, contentType: 'application/json; charset=utf-8', body })).toThrow(
        /Contract: GET \/api\/v1\/requests\/\{id\} → 200 application\/json\n[\s\S]*\/requester\/nickname: not declared[\s\S]*\/deadlines\/daysLeft: must be object[\s\S]*\/deadlines\/urgency: must be equal to one of the allowed values/,
      );
    });

    it('refuses an undeclared status and an undeclared content type', () => {
      expect(contract.verify({ method: 'GET', url: url(`/api/v1/requests/${id}`), status: 418, contentType: null, body: '' })).toEqual([
        expect.stringMatching(/^status 418 is not declared/),
      ]);
      expect(contract.verify({ method: 'GET', url: url(`/api/v1/requests/${id}`), status: 200, contentType: 'text/html', body: '<p>' })).toEqual([
        expect.stringMatching(/^content type text\/html is not declared for 200/),
      ]);
    });

    it('checks a request body the service accepted against the request schema', () => {
      const problems = contract.verify({
        method: 'POST',
        url: url('/api/v1/webhooks'),
        status: 201,
        contentType: 'application/json',
        body: JSON.stringify(document.paths['/api/v1/webhooks'].post.responses['201'].content['application/json'].example),
        requestJson: { url: 'https://hooks.example.org/x', events: ['request.routed'], colour: 'red' },
      });
      expect(problems).toEqual([expect.stringMatching(/^request body \/: must NOT have additional properties|^request body \/colour/)]);
    });

    it('leaves paths outside /api/v1 alone', () => {
      expect(contract.verify({ method: 'GET', url: url('/health'), status: 200, contentType: 'text/plain', body: 'ok' })).toEqual([]);
    });
  });
});
