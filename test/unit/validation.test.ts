import { z } from 'zod';
import { parseOrThrow, pointerOf } from '../../src/common/validation.js';
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
