/**
 * Contract check for HTTP tests: every response a test gets through the API helpers
 * (apiWithKey, newApiClient, TestApp.api) is validated against the service's own
 * /api/openapi.json with a JSON Schema 2020-12 validator (Ajv). An undeclared status, content
 * type or field fails the call, with the operation, the status and the JSON pointer of the
 * offending field, e.g.
 *
 *   Contract: GET /api/v1/requests/{id} → 200 application/json
 *     /deadlines/daysLeft: must be object
 *     /requester/country: not declared in the document
 *
 * Response objects are checked closed (`unevaluatedProperties: false` wherever the document leaves
 * `additionalProperties` open by omission); an object the document marks `additionalProperties:
 * true` or with a schema stays open. A request body the service accepted (2xx) is checked against the
 * operation's request schema too, and so are the values of its declared query parameters: what the
 * service takes, the document must allow.
 */
import * as Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';

// CommonJS modules: under ESM the class and the plugin are the default export (or its `default`).
const Ajv2020 = (Ajv2020Module.default as unknown as { default?: typeof Ajv2020Module.Ajv2020 }).default ?? (Ajv2020Module.default as unknown as typeof Ajv2020Module.Ajv2020);
const addFormats = ((addFormatsModule.default as unknown as { default?: unknown }).default ?? addFormatsModule.default) as unknown as (ajv: Ajv) => Ajv;
type Ajv = InstanceType<typeof Ajv2020Module.Ajv2020>;

type Json = Record<string, any>;

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  op: Json;
}

export class Contract {
  private readonly ajv: Ajv;
  private readonly operations: Operation[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, inlineRefs: false });
    addFormats(ajv);
    this.ajv = ajv;
    const closed = closeObjects(structuredClone(document));
    this.ajv.addSchema(closed, 'openapi.json');
    this.operations = [];
    for (const [template, item] of Object.entries<Json>(document.paths ?? {})) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of ['get', 'put', 'post', 'patch', 'delete', 'head', 'options']) {
        if (item[method]) this.operations.push({ method, template, pattern, op: item[method] });
      }
    }
    // Literal segments first: /webhooks/{id} must not catch /webhooks/{id}/test.
    this.operations.sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  }

  /** The operation for a method and a path (query stripped), or undefined when the document has none. */
  find(method: string, pathname: string): Operation | undefined {
    const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    return this.operations.find((o) => o.method === m && o.pattern.test(pathname));
  }

  /** Whether the document describes this path at all (any method). */
  describes(pathname: string): boolean {
    return this.operations.some((o) => o.pattern.test(pathname));
  }

  private validator(pointer: string): ValidateFunction {
    const known = this.validators.get(pointer);
    if (known) return known;
    const v = this.ajv.compile({ $ref: `openapi.json#${pointer}` });
    this.validators.set(pointer, v);
    return v;
  }

  private check(pointer: string, value: unknown, keywords?: ReadonlySet<string>): string[] {
    const validate = this.validator(pointer);
    if (validate(value)) return [];
    return formatErrors((validate.errors ?? []).filter((e) => !keywords || keywords.has(e.keyword)));
  }

  /**
   * Problems of one exchange (empty: it keeps the contract). `body` is the response text (undefined
   * for a body that was not read, e.g. a binary download).
   */
  verify(exchange: {
    method: string;
    url: URL;
    status: number;
    contentType: string | null;
    body: string | undefined;
    requestJson?: unknown;
  }): string[] {
    const { method, url, status } = exchange;
    const pathname = url.pathname;
    if (!pathname.startsWith('/api/v1/')) return [];
    const operation = this.find(method, pathname);
    if (!operation) {
      // An unknown route or a method the path does not have: the service answers 404/405 problems.
      return this.describes(pathname) && status !== 404 && status !== 405 ? [`no operation ${method} for ${pathname}, yet the service answered ${status}`] : [];
    }
    const opPointer = `/paths/${escape(operation.template)}/${operation.method}`;
    const problems: string[] = [];
    const responses: Json = operation.op.responses ?? {};
    // The document's `default` is described as the 5xx problems; a 4xx must be declared by its status.
    const key = [String(status), `${String(status)[0]}XX`, ...(status >= 500 ? ['default'] : [])].find((k) => responses[k]);
    if (!key) return [`status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`];
    const declared: Json = responses[key];
    const mediaType = exchange.contentType?.split(';')[0].trim().toLowerCase() ?? null;
    const content: Json = declared.content ?? {};
    const hasBody = exchange.body === undefined ? mediaType !== null : exchange.body.length > 0;
    if (method.toUpperCase() !== 'HEAD' && hasBody) {
      if (!mediaType || !content[mediaType]) {
        problems.push(`content type ${mediaType ?? '(none)'} is not declared for ${key} (declared: ${Object.keys(content).join(', ') || 'no body'})`);
      } else if (exchange.body !== undefined && /json$/.test(mediaType) && content[mediaType].schema) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(exchange.body);
        } catch {
          problems.push(`the ${mediaType} body is not JSON`);
        }
        if (parsed !== undefined) problems.push(...this.check(`${opPointer}/responses/${escape(key)}/content/${escape(mediaType)}/schema`, parsed));
      }
    } else if (!hasBody && Object.keys(content).length > 0 && status !== 304 && method.toUpperCase() !== 'HEAD') {
      problems.push(`${key} declares a body (${Object.keys(content).join(', ')}) but none came`);
    }
    if (status >= 200 && status < 300) {
      // What the service accepted, the document must allow.
      const body = operation.op.requestBody?.content?.['application/json'];
      if (exchange.requestJson !== undefined && body?.schema) {
        // Structure only: the service trims and normalises strings before their format and length rules.
        problems.push(
          ...this.check(`${opPointer}/requestBody/content/application~1json/schema`, exchange.requestJson, STRUCTURAL).map((p) => `request body ${p}`),
        );
      }
      const parameters: Json[] = operation.op.parameters ?? [];
      for (const [name, value] of url.searchParams) {
        const index = parameters.findIndex((p) => p.in === 'query' && p.name === name);
        // A route without query parameters ignores unknown ones (a documented difference); values are checked.
        if (index >= 0 && parameters[index].schema) {
          const schema = parameters[index].schema as Json;
          const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : schema.type === 'boolean' ? value === 'true' : value;
          problems.push(...this.check(`${opPointer}/parameters/${index}/schema`, typed).map((p) => `query ${name}${p.startsWith(':') ? '' : ' '}${p}`));
        }
      }
    }
    return problems;
  }

  /** Problems of a webhook body against its event type's payload schema (webhooks section of the document). */
  verifyWebhook(body: string): string[] {
    const payload = JSON.parse(body) as { type?: string };
    const item = this.document.webhooks?.[String(payload.type)];
    if (!item) return [`webhook type ${String(payload.type)} is not in the document`];
    const ref: string = item.post.requestBody.content['application/json'].schema.$ref;
    return this.check(ref.slice(1), payload).map((p) => `${String(payload.type)} ${p}`);
  }

  /** Problems of a value against the schema at a JSON pointer of the document (e.g. an example). */
  verifyAt(pointer: string, value: unknown): string[] {
    return this.check(pointer, value);
  }

  /** Throws a ContractViolation naming the operation, the status and each offending field. */
  assert(exchange: Parameters<Contract['verify']>[0]): void {
    const problems = this.verify(exchange);
    if (!problems.length) return;
    const operation = this.find(exchange.method, exchange.url.pathname);
    const media = exchange.contentType?.split(';')[0] ?? '';
    throw new ContractViolation(
      `Contract: ${exchange.method.toUpperCase()} ${operation?.template ?? exchange.url.pathname} → ${exchange.status} ${media}\n${problems.map((p) => `  ${p}`).join('\n')}` +
        (exchange.body && exchange.body.length < 4000 ? `\n  body: ${exchange.body}` : ''),
    );
  }
}

/** The request-body rules checked: what a body's shape must be, not the string rules the service applies after trimming. */
const STRUCTURAL: ReadonlySet<string> = new Set(['required', 'additionalProperties', 'unevaluatedProperties', 'type']);

/** JSON pointer escaping of one segment. */
function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function formatErrors(errors: ErrorObject[]): string[] {
  const lines = new Set<string>();
  for (const e of errors) {
    const at = e.instancePath || '/';
    if (e.keyword === 'unevaluatedProperties' || e.keyword === 'additionalProperties') {
      const name = (e.params as { unevaluatedProperty?: string; additionalProperty?: string }).unevaluatedProperty ?? (e.params as { additionalProperty?: string }).additionalProperty;
      lines.add(`${e.instancePath}/${name}: not declared in the document`);
    } else if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      lines.add(`${at}: matches ${e.keyword === 'oneOf' ? 'not exactly one' : 'none'} of the alternatives`);
    } else {
      lines.add(`${at}: ${e.message}${e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})` : ''}`);
    }
  }
  return [...lines];
}

/**
 * Closes every object schema of the responses: `unevaluatedProperties: false` where the document
 * left `additionalProperties` unset (direct allOf parts excepted: their siblings add properties).
 * Request bodies and parameters are left as the document has them.
 */
function closeObjects(document: Json): Json {
  const visit = (node: unknown, inAllOf: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, inAllOf);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const schema = node as Json;
    const isObject = schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')) || schema.properties !== undefined;
    if (isObject && !inAllOf && schema.additionalProperties === undefined && schema.unevaluatedProperties === undefined && schema.patternProperties === undefined) {
      schema.unevaluatedProperties = false;
    }
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'example' || key === 'examples' || key === 'enum' || key === 'const' || key === 'required') continue;
      if (key === 'properties' && value && typeof value === 'object') {
        for (const v of Object.values(value as Json)) visit(v, false);
      } else visit(value, key === 'allOf');
    }
  };
  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const op of Object.values<Json>(item)) {
      if (op && typeof op === 'object' && op.responses) visit(op.responses, false);
    }
  }
  // Components are reached from responses (and bodies); the responses read them closed too.
  visit(document.components?.schemas ?? {}, false);
  return document;
}

const contracts = new Map<string, Promise<Contract>>();
/**
 * Contracts by document (its servers aside): the apps a test file starts one after another publish
 * the same document, and its validators are compiled once, not once per app.
 */
const byDocument = new Map<string, Contract>();

/** The contract the service at `baseUrl` publishes (fetched once per base URL). */
export function contractOf(baseUrl: string): Promise<Contract> {
  let c = contracts.get(baseUrl);
  if (!c) {
    c = (async () => {
      const res = await fetch(`${baseUrl}/api/openapi.json`);
      if (!res.ok) throw new Error(`GET /api/openapi.json: ${res.status}`);
      const document = (await res.json()) as Json;
      const key = JSON.stringify({ ...document, servers: undefined });
      const known = byDocument.get(key);
      if (known) return known;
      const contract = new Contract(document);
      byDocument.set(key, contract);
      return contract;
    })();
    contracts.set(baseUrl, c);
    c.catch(() => contracts.delete(baseUrl));
  }
  return c;
}

const TEXT_TYPES = /json|^text\//;

/**
 * fetch, then check the exchange against the service's document (see the file comment). The
 * response is returned unread (its clone is read), so the test uses it as before.
 */
export async function contractFetch(baseUrl: string, path: string, init: RequestInit & { requestJson?: unknown } = {}): Promise<Response> {
  const { requestJson, ...rest } = init;
  const res = await fetch(baseUrl + path, rest);
  const url = new URL(baseUrl + path);
  if (!url.pathname.startsWith('/api/v1/')) return res;
  const contract = await contractOf(baseUrl);
  const contentType = res.headers.get('content-type');
  const media = contentType?.split(';')[0].trim() ?? '';
  const body = !contentType || TEXT_TYPES.test(media) ? await res.clone().text() : undefined;
  contract.assert({ method: rest.method ?? 'GET', url, status: res.status, contentType, body, requestJson });
  return res;
}
