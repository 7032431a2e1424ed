/** The query of the preview endpoint: what is accepted, and the 400 problem for what is not. */
import { parseOrThrow } from '../../../src/common/validation.js';
import { ValidationProblem } from '../../../src/common/problem.js';
import { previewQuerySchema } from '../../../src/deadlines/preview.schema.js';

function problemFor(query: Record<string, unknown>) {
  try {
    parseOrThrow(previewQuerySchema, query, '/query');
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationProblem);
    return (err as ValidationProblem).toBody();
  }
  throw new Error('expected a validation problem');
}

describe('preview query', () => {
  it('applies the defaults', () => {
    expect(parseOrThrow(previewQuerySchema, { receivedAt: '2026-03-25', country: 'NL' }, '/query')).toEqual({
      receivedAt: '2026-03-25',
      country: 'NL',
      pausedDays: 0,
      slaWorkingDays: 1,
    });
  });

  it('accepts date-times with an offset and numbers', () => {
    const query = { receivedAt: '2026-01-31T23:30:00+01:00', country: 'BE', pausedDays: '3', slaWorkingDays: '0', promiseDays: '30' };
    expect(parseOrThrow(previewQuerySchema, query, '/query')).toEqual({ ...query, pausedDays: 3, slaWorkingDays: 0, promiseDays: 30 });
    expect(parseOrThrow(previewQuerySchema, { receivedAt: '2026-01-31T23:30:00Z', country: 'NL' }, '/query').receivedAt).toBe(
      '2026-01-31T23:30:00Z',
    );
  });

  it.each([
    { name: 'missing receivedAt', query: { country: 'NL' }, pointer: '/query/receivedAt' },
    { name: 'impossible date', query: { receivedAt: '2026-02-30', country: 'NL' }, pointer: '/query/receivedAt' },
    { name: 'date-time without offset', query: { receivedAt: '2026-03-01T10:00:00', country: 'NL' }, pointer: '/query/receivedAt' },
    { name: 'year out of range', query: { receivedAt: '1899-03-01', country: 'NL' }, pointer: '/query/receivedAt' },
    { name: 'unknown country', query: { receivedAt: '2026-03-01', country: 'DE' }, pointer: '/query/country' },
    { name: 'missing country', query: { receivedAt: '2026-03-01' }, pointer: '/query/country' },
    { name: 'negative pausedDays', query: { receivedAt: '2026-03-01', country: 'NL', pausedDays: '-1' }, pointer: '/query/pausedDays' },
    { name: 'non-integer slaWorkingDays', query: { receivedAt: '2026-03-01', country: 'NL', slaWorkingDays: '1.5' }, pointer: '/query/slaWorkingDays' },
    { name: 'repeated promiseDays', query: { receivedAt: '2026-03-01', country: 'NL', promiseDays: ['30', '40'] }, pointer: '/query/promiseDays' },
    { name: 'too many pausedDays', query: { receivedAt: '2026-03-01', country: 'NL', pausedDays: '99999' }, pointer: '/query/pausedDays' },
    { name: 'unknown parameter', query: { receivedAt: '2026-03-01', country: 'NL', pausedDay: '3' }, pointer: '/query/pausedDay' },
  ])('400 for $name, naming $pointer', ({ query, pointer }) => {
    const body = problemFor(query);
    expect(body.status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ pointer })]);
    expect(body.detail).toContain(pointer);
  });
});
