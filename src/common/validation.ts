import type { z } from 'zod';
import { ValidationProblem, type FieldError } from './problem.js';

/** A UUID (any version), as the ids of requests, controllers, forwardings, tasks … are. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 6901 JSON pointer of a zod issue path, under a prefix ('' for a body, '/query' for a query string). */
export function pointerOf(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  return prefix + path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Parses input with a zod schema, or throws a 400 problem listing every field error with its pointer. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
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

/** Trims every string in a JSON value (a pasted "  Jan@Example.NL " is accepted); empty strings become absent. */
export function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? undefined : t;
  }
  if (Array.isArray(value)) return value.map(trimStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v)]));
  }
  return value;
}
