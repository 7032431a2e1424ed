/**
 * Schema-driven fuzzing of every operation in the OpenAPI document: bodies, query and path
 * parameters generated from the operation's own schemas, mixed with hostile values (U+0000 and
 * other control characters, year 0000, huge strings, deep nesting, wrong content types, bodies
 * that are not objects). Whatever comes in, the answer is never a 5xx or a cut connection, and
 * every error is application/problem+json.
 *
 * Bounded: FUZZ_RUNS inputs per operation (default 40), a fixed seed (FUZZ_SEED, printed with
 * every failure, so a failing run can be repeated exactly).
 */
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../../support/app.js';
import { requestBody } from '../../factories/requests.js';

describe('fuzz', () => {
  const SEED = Number(process.env.FUZZ_SEED ?? 18_0001);
  const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

  type Schema = Record<string, any>;
  interface Operation {
    method: string;
    path: string;
    op: Schema;
  }
  interface Input {
    kind: string;
    path: string;
    query: [string, string][];
    headers: Record<string, string>;
    body?: string;
  }
  interface Failure {
    operation: string;
    status: number | string;
    contentType: string | null;
    input: string;
  }

  /** Text the database cannot store, dates it cannot handle, and sizes beyond every limit. */
  const HOSTILE_STRINGS = [
    '\u0000',
    'Jan\u0000de Vries',
    'a\u0001b\u0007c\u001f',
    '\u001b[31m',
    'x'.repeat(70_000),
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '9999-12-31',
    '9999-12-31T23:59:59Z',
    '275760-09-13',
    '1900-02-29',
    '2018-05-24T23:59:59Z',
    '\ud800',
    '💥'.repeat(5),
    "'; DROP TABLE requests; --",
    '%00',
    ' ',
  ];
  const HOSTILE_DATES = ['0000-01-01', '0001-01-01', '1000-06-15', '1969-12-31', '2200-01-01', '9999-12-31', '2018-05-24'];
  const HOSTILE_DATE_TIMES = [
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    '1000-01-01T00:00:00Z',
    '2018-05-24T12:00:00Z',
    '2200-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2999-01-01T00:00:00.000000001Z',
  ];
  const HOSTILE_NUMBERS = [0, -1, 1e21, Number.MAX_SAFE_INTEGER, 0.5, -0];

  let t: TestApp;
  let document: Schema;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: '1000000' } });
    document = (await (await fetch(`${t.baseUrl}/api/openapi.json`)).json()) as Schema;
    const controller = await t.api('/api/v1/controllers', {
      method: 'POST',
      json: { name: 'Fuzz BV', country: 'NL', tone: 'u', privacyContact: { email: 'privacy@fuzz.example' } },
    });
    ids.controller = ((await controller.json()) as { id: string }).id;
    const request = await t.api('/api/v1/requests', { method: 'POST', json: requestBody() });
    ids.request = ((await request.json()) as { id: string }).id;
    const webhook = await t.api('/api/v1/webhooks', { method: 'POST', json: { url: 'https://hooks.example.org/vr', events: ['*'] } });
    if (webhook.ok) ids.webhook = ((await webhook.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  function resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
      s = s.$ref.split('/').slice(1).reduce((node: Schema, key: string) => node?.[key], document) ?? {};
    }
    return s;
  }

  /** A value following the schema, with hostile values mixed in at every leaf. */
  function valueOf(raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (Array.isArray(alternatives) && alternatives.length) return fc.oneof(...alternatives.map((s: Schema) => valueOf(s, depth + 1)));
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) });
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    const hostile = fc.constantFrom<unknown>(...HOSTILE_STRINGS, ...HOSTILE_NUMBERS, null, true, [], {});
    switch (type) {
      case 'object': {
        const properties: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, s] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) properties[k] = valueOf(s, depth + 1);
        const record = fc.record(properties, { requiredKeys: (schema.required ?? []).filter((k: string) => k in properties) });
        return fc.oneof({ weight: 8, arbitrary: record }, { weight: 1, arbitrary: hostile });
      }
      case 'array': {
        const min = schema.minItems ?? 0;
        const items = fc.array(valueOf(schema.items, depth + 1), { minLength: Math.min(min, 3), maxLength: Math.max(Math.min(min, 3), 3) });
        return fc.oneof({ weight: 8, arbitrary: items }, { weight: 1, arbitrary: hostile });
      }
      case 'integer':
      case 'number': {
        const n = fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 1000 });
        return fc.oneof({ weight: 5, arbitrary: n }, { weight: 1, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS, '12', 'NaN') });
      }
      case 'boolean':
        return fc.oneof({ weight: 5, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 0, null) });
      case 'string':
        return stringOf(schema);
      default:
        return fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostile);
    }
  }

  function stringOf(schema: Schema): fc.Arbitrary<unknown> {
    const normal: fc.Arbitrary<string> = (() => {
      if (schema.format === 'date-time') return fc.date({ min: new Date('2019-01-01'), max: new Date('2026-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date') return fc.date({ min: new Date('2019-01-01'), max: new Date('2026-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...Object.values(ids)));
      if (schema.format === 'email') return fc.constantFrom('jan@example.nl', 'a.b+c@example.org');
      if (schema.format === 'uri') return fc.constantFrom('https://hooks.example.org/x', 'http://127.0.0.1:1/');
      if (typeof schema.pattern === 'string' && schema.pattern.includes('AVG')) return fc.constantFrom('AVG-2026-000001', 'AVG-1901-000001');
      if (typeof schema.pattern === 'string' && schema.pattern.includes('0-9 ()')) return fc.constantFrom('+31 20 123 4567', '020-1234567');
      return fc.string({ minLength: Math.min(schema.minLength ?? 0, 20), maxLength: Math.min(schema.maxLength ?? 40, 40), unit: 'grapheme' });
    })();
    const hostileDates = schema.format === 'date' ? HOSTILE_DATES : schema.format === 'date-time' ? HOSTILE_DATE_TIMES : [];
    return fc.oneof(
      { weight: 6, arbitrary: normal },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...hostileDates) },
      { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 5 }) },
    );
  }

  /** `{"a":{"a":…}}` or `[[…]]` nested `levels` deep, as JSON text. */
  function nested(levels: number, kind: 'object' | 'array'): string {
    return kind === 'object' ? '{"a":'.repeat(levels) + '1' + '}'.repeat(levels) : '['.repeat(levels) + ']'.repeat(levels);
  }

  function operations(): Operation[] {
    const list: Operation[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Schema>)) {
      for (const [method, op] of Object.entries(item)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) list.push({ method: method.toUpperCase(), path, op });
      }
    }
    return list;
  }

  function pathValue(name: string): fc.Arbitrary<string> {
    const known = name === 'id' ? [ids.request, ids.controller, ids.webhook] : [ids.request, ids.controller];
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...known.filter(Boolean)) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('not-a-uuid', '%00', '%01abc', 'x'.repeat(3000), '0000-01-01') },
    );
  }

  /** Query values: from the schema, as text; sometimes a parameter twice or one the operation does not know. */
  function queryOf(parameters: Schema[]): fc.Arbitrary<[string, string][]> {
    const entries = parameters
      .filter((p) => p.in === 'query')
      .map((p) =>
        fc.option(
          valueOf(p.schema).map((v): [string, string][] => {
            const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
            // Node's HTTP parser answers a request line over 16 KB itself (431); keep the query below it.
            return [[p.name as string, text.slice(0, 4000)]];
          }),
          { nil: undefined, freq: p.required ? 8 : 2 },
        ),
      );
    const extra = fc.option(fc.constantFrom<[string, string][]>([['unknown', '1']], [['limit', '1'], ['limit', '2']], [['q', '\u0000']]), { freq: 8, nil: undefined });
    return fc.tuple(fc.tuple(...entries, extra)).map(([list]) => list.flatMap((e) => e ?? []));
  }

  function inputOf(operation: Operation): fc.Arbitrary<Input> {
    const parameters: Schema[] = operation.op.parameters ?? [];
    const pathNames = parameters.filter((p) => p.in === 'path').map((p) => p.name as string);
    const pathArb = fc
      .tuple(...pathNames.map(pathValue), fc.constant(''))
      .map((values) => pathNames.reduce((path, name, i) => path.replace(`{${name}}`, encodeURIComponent(values[i])), operation.path).replace(/%25/g, '%'));
    const query = queryOf(parameters);
    const headers = fc.record(
      { 'if-match': fc.constantFrom('"1"', '"2"', '"99999999999999999999"', '*', 'W/"1"') },
      { requiredKeys: parameters.some((p) => p.in === 'header' && p.name === 'If-Match' && p.required) ? ['if-match'] : [] },
    );
    const content = operation.op.requestBody?.content as Record<string, Schema> | undefined;
    const jsonSchema = content?.['application/json']?.schema;
    const base = fc.record({ path: pathArb, query, headers });
    if (!content) {
      if (operation.method === 'GET' || operation.method === 'DELETE') return base.map((b) => ({ ...b, kind: 'params' }));
      return fc.oneof(
        { weight: 6, arbitrary: base.map((b) => ({ ...b, kind: 'params' })) },
        { weight: 1, arbitrary: base.map((b) => ({ ...b, kind: 'unexpected body', body: '{"x":"\\u0000"}', headers: { ...b.headers, 'content-type': 'application/json' } })) },
      );
    }
    if (!jsonSchema) {
      // A raw upload (the export): any bytes, any type.
      return fc
        .record({ b: base, body: fc.constantFrom('a;b\n1;2\n', '\u0000\u0001', '%PDF-1.4'), type: fc.constantFrom('text/csv', 'application/octet-stream', 'application/pdf') })
        .map(({ b, body, type }) => ({ ...b, kind: 'upload', body, headers: { ...b.headers, 'content-type': type } }));
    }
    const json = (kind: string, body: fc.Arbitrary<string>, type = 'application/json') =>
      fc.record({ b: base, body }).map(({ b, body }) => ({ ...b, kind, body, headers: { ...b.headers, 'content-type': type } }));
    return fc.oneof(
      { weight: 12, arbitrary: json('schema', valueOf(jsonSchema).map((v) => JSON.stringify(v) ?? 'null')) },
      { weight: 1, arbitrary: json('deep nesting', fc.tuple(fc.constantFrom(33, 200, 3000, 20_000), fc.constantFrom<'object' | 'array'>('object', 'array')).map(([n, k]) => nested(n, k))) },
      { weight: 1, arbitrary: json('deep in a field', fc.constantFrom(3000, 20_000).map((n) => `{"message":${nested(n, 'object')},"reason":${nested(n, 'array')}}`)) },
      { weight: 1, arbitrary: json('not an object', fc.constantFrom('null', '[]', '"x"', '1', 'true', '"\\u0000"', '')) },
      { weight: 1, arbitrary: json('wrong content type', valueOf(jsonSchema).map((v) => JSON.stringify(v) ?? 'null'), 'text/plain') },
      { weight: 1, arbitrary: json('odd content type', fc.constant('a=1&b=%00'), 'application/x-www-form-urlencoded') },
      { weight: 1, arbitrary: json('xml', fc.constant('<a>1</a>'), 'application/xml') },
    );
  }

  function describeInput(input: Input): string {
    const short = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}… (${s.length} chars)` : s);
    const query = input.query.map(([k, v]) => `${k}=${short(JSON.stringify(v))}`).join('&');
    return `[${input.kind}] ${short(input.path)}${query ? `?${query}` : ''} ${JSON.stringify(input.headers)} ${input.body === undefined ? '' : short(input.body)}`;
  }

  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

  /** Whether a string or key anywhere in the JSON text holds a control character the service must refuse. */
  function holdsControlCharacter(json: string | undefined): boolean {
    if (json === undefined) return false;
    let found = false;
    try {
      JSON.parse(json, (key, value) => {
        if (CONTROL.test(key) || (typeof value === 'string' && CONTROL.test(value))) found = true;
        return value;
      });
    } catch {
      return false;
    }
    return found;
  }

  /** What the answer must be besides "no 5xx, errors as problem+json", for the hostile kinds of input. */
  function expectedStatus(input: Input): ((status: number) => boolean) | undefined {
    if (['wrong content type', 'xml', 'odd content type'].includes(input.kind)) return (s) => s === 415 || s === 401 || s === 404;
    if (input.kind === 'upload') return undefined;
    if (input.query.some(([, v]) => CONTROL.test(v)) || holdsControlCharacter(input.body)) return (s) => s >= 400 && s < 500;
    return undefined;
  }

  async function call(operation: Operation, input: Input): Promise<Failure | undefined> {
    const url = new URL(t.baseUrl + input.path);
    for (const [k, v] of input.query) url.searchParams.append(k, v);
    const name = `${operation.method} ${operation.path}`;
    try {
      const res = await t.api(url.pathname + url.search, { method: operation.method, headers: input.headers, body: input.body });
      const body = await res.text(); // a connection cut mid-body throws here
      const contentType = res.headers.get('content-type');
      if (res.status >= 500 || (res.status >= 400 && !contentType?.startsWith('application/problem+json'))) {
        return { operation: name, status: res.status, contentType, input: describeInput(input) };
      }
      const expected = expectedStatus(input);
      if (expected && !expected(res.status)) return { operation: name, status: `${res.status} (expected ${["wrong content type", "xml", "odd content type"].includes(input.kind) ? "415" : "a 4xx refusal"})`, contentType, input: describeInput(input) };
      // A request that was accepted can be read back, its dossier too (year 0000 was accepted, then its dossier failed).
      if (res.status === 201 && operation.path === '/api/v1/requests') {
        const id = (JSON.parse(body) as { id: string }).id;
        for (const path of [`/api/v1/requests/${id}`, `/api/v1/requests/${id}/dossier`]) {
          const read = await t.api(path);
          await read.arrayBuffer();
          if (read.status !== 200) return { operation: `GET ${path} after 201`, status: read.status, contentType: read.headers.get('content-type'), input: describeInput(input) };
        }
      }
    } catch (err) {
      return { operation: name, status: `connection failed: ${(err as Error).cause ?? (err as Error).message}`, contentType: null, input: describeInput(input) };
    }
    return undefined;
  }

  it(`answers every generated input of every API operation without a 5xx, errors as problem+json (seed ${SEED}, ${RUNS} runs per operation)`, async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(30);
    const failures: Failure[] = [];
    let calls = 0;
    for (const [i, operation] of ops.entries()) {
      const inputs = fc.sample(inputOf(operation), { numRuns: RUNS, seed: SEED + i });
      for (const input of inputs) {
        calls++;
        const failure = await call(operation, input);
        if (failure) failures.push(failure);
      }
    }
    if (failures.length) {
      console.log(
        `fuzz: ${failures.length} failures in ${calls} inputs over ${ops.length} operations (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}):\n` +
          failures.map((f) => `${f.status} ${f.operation} ${f.contentType ?? ''}\n    ${f.input}`).join('\n'),
      );
    }
    expect({ calls, failures: failures.length }).toEqual({ calls, failures: 0 });
  }, 180_000);
});
