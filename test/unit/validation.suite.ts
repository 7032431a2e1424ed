import { z } from 'zod';
import { CONTROL_CHARACTER_DETAIL, inDateYears, MAX_INPUT_DEPTH, parseOrThrow, pointerOf, trimStrings, unstorableInput } from '../../src/common/validation.js';
import { ValidationProblem } from '../../src/common/problem.js';

describe('parseOrThrow', () => {
  const schema = z.strictObject({ requester: z.strictObject({ email: z.email() }) });

  it('returns parsed data', () => {
    expect(parseOrThrow(schema, { requester: { email: 'a@b.nl' } })).toEqual({ requester: { email: 'a@b.nl' } });
  });

  it('lists field errors with JSON pointers, unknown fields included', () => {
    try {
      parseOrThrow(schema, { requester: { email: 'nope', extra: 1 } });
      throw new Error('expected a problem');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationProblem);
      const body = (err as ValidationProblem).toBody();
      expect(body.status).toBe(400);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ pointer: '/requester/email' }),
          expect.objectContaining({ pointer: '/requester/extra' }),
        ]),
      );
    }
  });

  it('escapes pointer segments per RFC 6901', () => {
    expect(pointerOf(['a/b', 'c~d', 0], '/query')).toBe('/query/a~1b/c~0d/0');
  });
});

describe('input no field can hold', () => {
  const schema = z.strictObject({ requester: z.strictObject({ name: z.string() }), tags: z.array(z.string()).optional() });

  it('refuses a control character with the pointer of its field, and keeps tab, CR and LF', () => {
    expect(unstorableInput({ requester: { name: 'Jan\u0000' } })).toEqual({ pointer: '/requester/name', detail: CONTROL_CHARACTER_DETAIL });
    expect(unstorableInput({ tags: ['a', 'b\u001f'] }, '/query')).toEqual({ pointer: '/query/tags/1', detail: CONTROL_CHARACTER_DETAIL });
    expect(unstorableInput({ 'k\u0001': 'v' })?.detail).toBe(CONTROL_CHARACTER_DETAIL);
    expect(unstorableInput({ requester: { name: 'Regel 1\r\nRegel 2\tklaar' } })).toBeUndefined();
    expect(() => parseOrThrow(schema, { requester: { name: '\u0000' } })).toThrow(ValidationProblem);
  });

  it('refuses nesting deeper than 32 levels, at any depth without overflowing the stack', () => {
    const nest = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n));
    expect(unstorableInput(nest(MAX_INPUT_DEPTH))).toBeUndefined();
    expect(unstorableInput(nest(MAX_INPUT_DEPTH + 1))?.detail).toContain('deeper than 32');
    expect(unstorableInput(nest(100_000))?.detail).toContain('deeper than 32');
    expect(() => trimStrings({ message: nest(20_000) })).toThrow(ValidationProblem);
    expect(trimStrings({ a: [' x ', ''] })).toEqual({ a: ['x', undefined] });
  });

  it('keeps dates to the years 1970-2199, a date-time by its instant', () => {
    expect(inDateYears('1970-01-01')).toBe(true);
    expect(inDateYears('2199-12-31T23:59:59+01:00')).toBe(true);
    expect(inDateYears('0000-01-01')).toBe(false);
    expect(inDateYears('0000-01-01T00:00:00Z')).toBe(false);
    expect(inDateYears('1969-12-31')).toBe(false);
    expect(inDateYears('2200-01-01')).toBe(false);
  });
});
