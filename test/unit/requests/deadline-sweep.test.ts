/** What the minute sweep sends, and up to which due day a request counts as urgent. */
import { urgencyOf, urgentUntil } from '../../../src/deadlines/deadlines.js';
import { timeEventFor } from '../../../src/requests/deadline-sweeper.js';
import { applyRequestEvent, initialRequestSnapshot } from '../../../src/requests/request.machine.js';
import type { RequestContext, RequestEvent } from '../../../src/requests/request.types.js';

function nextDay(iso: string, n = 1): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe('urgentUntil', () => {
  it.each([
    // Wednesday: Thursday and Friday are the two working days left; a due day in the weekend after them too.
    ['2026-11-25', 'NL', '2026-11-29'],
    // Friday: the weekend does not count, Monday and Tuesday do.
    ['2026-11-27', 'NL', '2026-12-01'],
    // Wednesday before Christmas: 25 and 26 December and the weekend are skipped.
    ['2026-12-23', 'NL', '2026-12-28'],
    // Belgium: 11 November (Wapenstilstand) is a holiday, not in the Netherlands.
    ['2026-11-10', 'BE', '2026-11-15'],
    ['2026-11-10', 'NL', '2026-11-12'],
  ] as const)('from %s in %s the last urgent due day is %s', (today, country, expected) => {
    expect(urgentUntil(today, country)).toBe(expected);
  });

  it('agrees with urgencyOf on the days around the limit, across a whole year', () => {
    for (let day = '2026-01-01'; day < '2027-01-01'; day = nextDay(day)) {
      const limit = urgentUntil(day, 'NL');
      expect(urgencyOf(day, limit, 'NL')).toBe('urgent');
      expect(urgencyOf(day, nextDay(limit), 'NL')).not.toBe('urgent');
    }
  });

  it('counts extra non-working days', () => {
    expect(urgentUntil('2026-11-25', 'NL', ['2026-11-26'])).toBe('2026-11-30');
  });
});

describe('timeEventFor', () => {
  const today = '2026-11-25';
  const limit = '2026-11-27';
  it.each([
    [{ dueAt: '2026-11-24', flagDeadlineNear: false, flagOverdue: false }, 'OVERDUE'],
    [{ dueAt: '2026-11-24', flagDeadlineNear: true, flagOverdue: false }, 'OVERDUE'],
    [{ dueAt: '2026-11-24', flagDeadlineNear: true, flagOverdue: true }, undefined],
    [{ dueAt: '2026-11-25', flagDeadlineNear: false, flagOverdue: false }, 'DEADLINE_NEAR'],
    [{ dueAt: '2026-11-27', flagDeadlineNear: false, flagOverdue: false }, 'DEADLINE_NEAR'],
    [{ dueAt: '2026-11-27', flagDeadlineNear: true, flagOverdue: false }, undefined],
    [{ dueAt: '2026-11-30', flagDeadlineNear: false, flagOverdue: false }, undefined],
  ])('%o → %s', (candidate, expected) => {
    expect(timeEventFor(candidate, today, limit)).toBe(expected);
  });
});

describe('deadline warnings in the machine', () => {
  it('lapse when the request leaves triage, since the forwarding date no longer applies', () => {
    const at = '2026-11-25T10:00:00';
    let { persisted } = initialRequestSnapshot({ rights: ['access'], hasRequesterEmail: true, respondBy: '2026-12-28', receivedAt: at });
    for (const event of [{ type: 'DEADLINE_NEAR', at }, { type: 'OVERDUE', at }] as RequestEvent[]) {
      persisted = applyRequestEvent(persisted, event).persisted;
    }
    expect(persisted.context.flags).toMatchObject({ deadlineNear: true, overdue: true });
    const result = applyRequestEvent(persisted, { type: 'CLASSIFY', scope: 'in-house', at } as RequestEvent);
    expect(result.state).toBe('inHouse.verifying');
    expect((result.snapshot.context as RequestContext).flags).toMatchObject({ deadlineNear: false, overdue: false });
  });
});
