/** A lost database connection is a 503 the caller may retry, never a 500 (issue 18). */
import type { Request } from 'express';
import { DATABASE_UNAVAILABLE_RETRY_AFTER_S, isDatabaseUnavailable, toProblem } from '../../src/common/problem.filter.js';

const req = { method: 'GET', path: '/api/v1/requests', id: 'c0ffee' } as unknown as Request;

describe('database out of reach', () => {
  it.each([
    ['terminated by an administrator (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['TypeORM wrapping a connection failure (08006)', { name: 'QueryFailedError', message: 'x', driverError: { code: '08006' } }],
    ['the socket closed under the client', new Error('Connection terminated unexpectedly')],
    ['the server refusing connections', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('%s → 503 database-unavailable with Retry-After', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    const problem = toProblem(err, req);
    expect(problem.status).toBe(503);
    expect(problem.toBody()).toMatchObject({ status: 503, code: 'database-unavailable' });
    expect(problem.extensions.retryAfter).toBe(DATABASE_UNAVAILABLE_RETRY_AFTER_S);
  });

  it('other database errors stay a 500 that reveals nothing but a correlation id', () => {
    const err = { name: 'QueryFailedError', message: 'duplicate key value violates unique constraint', driverError: { code: '23505' } };
    expect(isDatabaseUnavailable(err)).toBe(false);
    const problem = toProblem(err, req);
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem.toBody())).not.toContain('duplicate key');
    expect(problem.extensions.correlationId).toBe('c0ffee');
  });
});

describe('a task or step that changed meanwhile', () => {
  it('is a 409 that names its state, not a 500', async () => {
    const { applyStepEvent } = await import('../../src/verification/verification-step.machine.js');
    let thrown: unknown;
    try {
      applyStepEvent('passed', { type: 'FAIL' });
    } catch (err) {
      thrown = err;
    }
    const problem = toProblem(thrown, req);
    expect(problem.status).toBe(409);
    expect(problem.toBody()).toMatchObject({ status: 409, code: 'state-changed', state: 'passed' });
  });
});
