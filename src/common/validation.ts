import { z } from 'zod';
import { ValidationProblem, type FieldError } from './problem.js';

/** A UUID (any version), as the ids of requests, controllers, forwardings, tasks … are. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 6901 JSON pointer of a zod issue path, under a prefix ('' for a body, '/query' for a query string). */
export function pointerOf(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  return prefix + path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * C0 control characters other than tab, LF and CR: PostgreSQL cannot store U+0000 in text
 * (22021) and none of them belongs in a name, a message or a search term.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** The deepest JSON nesting any input may have (the deepest schema needs 4). */
export const MAX_INPUT_DEPTH = 32;

export const CONTROL_CHARACTER_DETAIL = 'Contains a control character (U+0000-U+001F other than tab, CR and LF).';
export const TOO_DEEP_DETAIL = `Nested deeper than ${MAX_INPUT_DEPTH} levels.`;

/**
 * The first thing in a parsed input (JSON body, form, query) that no field can hold: a string or
 * key with a control character (unless `text` is false), or nesting deeper than MAX_INPUT_DEPTH.
 * Iterative, so any depth is safe to inspect. `prefix` as in pointerOf.
 */
export function unstorableInput(input: unknown, prefix = '', text = true): FieldError | undefined {
  const stack: { value: unknown; path: string[]; depth: number }[] = [{ value: input, path: [], depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (text && CONTROL_CHARACTERS.test(value)) return { pointer: pointerOf(path, prefix), detail: CONTROL_CHARACTER_DETAIL };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { pointer: pointerOf(path, prefix), detail: TOO_DEEP_DETAIL };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i];
      if (text && CONTROL_CHARACTERS.test(key)) return { pointer: pointerOf(path, prefix), detail: CONTROL_CHARACTER_DETAIL };
      stack.push({ value: v, path: [...path, key], depth: depth + 1 });
    }
  }
  return undefined;
}

/** Throws the 400 problem for input no field can hold (see unstorableInput). */
export function assertStorable(input: unknown, prefix = ''): void {
  const error = unstorableInput(input, prefix);
  if (error) throw new ValidationProblem([error], `${error.pointer || '/'}: ${error.detail}`);
}

/** Years any date of the input may have (the calendars and PostgreSQL's text forms assume these). */
export const DATE_YEARS = { min: 1970, max: 2199 } as const;
/** The GDPR's first day of application (art 99(2)): no request was received before it. */
export const GDPR_FIRST_DAY = '2018-05-25';

/** True when a `YYYY-MM-DD…` text (a date, or a date-time with offset) lies in the years DATE_YEARS. */
export function inDateYears(text: string): boolean {
  const year = Number(text.slice(0, 4));
  if (!(year >= DATE_YEARS.min && year <= DATE_YEARS.max)) return false;
  // A date-time with offset: its instant too (1970-01-01T00:30+01:00 is still 1969 in UTC).
  const instant = text.length > 10 ? Date.parse(text) : Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(instant) && instant >= Date.UTC(DATE_YEARS.min, 0, 1) - 14 * 3_600_000 && instant < Date.UTC(DATE_YEARS.max + 1, 0, 1) + 14 * 3_600_000;
}

export const DATE_YEARS_MESSAGE = `A date in the years ${DATE_YEARS.min} to ${DATE_YEARS.max}.`;

/** Refinement option: check only a value that passed the format checks (one error per field). */
export const IF_WELL_FORMED = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** Parses input with a zod schema, or throws a 400 problem listing every field error with its pointer. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  assertStorable(input, prefix);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
    if (keys?.length) {
      return { pointer: pointerOf([...issue.path, keys[0]], prefix), detail: `Unknown field: ${keys.join(', ')}.` };
    }
    return { pointer: pointerOf(issue.path, prefix), detail: issue.message };
  });
  throw new ValidationProblem(errors, errors.map((e) => `${e.pointer || '/'}: ${e.detail}`).join(' '));
}

/**
 * Trims every string in a JSON value (a pasted "  Jan@Example.NL " is accepted); empty strings become
 * absent. Input nested deeper than MAX_INPUT_DEPTH, or with a control character, is a 400 (never a
 * stack overflow, never a database error).
 */
export function trimStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? undefined : t;
  }
  // Checked once, at the top: the recursion below is then at most MAX_INPUT_DEPTH deep.
  if (depth === 0 && value && typeof value === 'object') assertStorable(value);
  if (Array.isArray(value)) return value.map((v) => trimStrings(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v, depth + 1)]));
  }
  return value;
}

/**
 * A whole number in a query string, strictly: digits only, no sign, spaces, decimals or exponent
 * (`limit=+5`, `limit=5.0`, `limit=1e1` are a 400), between `min` and `max`; a single value.
 */
export function queryInteger(min: number, max: number) {
  return z
    .string({ error: 'A single whole number.' })
    .regex(/^(0|[1-9][0-9]{0,8})$/, { error: `A whole number ${min}-${max}, written with digits only.` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `At least ${min}.` }).max(max, { error: `At most ${max}.` }));
}
