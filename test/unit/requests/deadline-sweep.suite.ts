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
  // Wednesday 25 November 2026; two working days' warning (the default).
  const today = '2026-11-25';
  const policy = { country: 'NL', workingDays: 2 } as const;
  const respondBy = (dueAt: string, more: Partial<Parameters<typeof timeEventFor>[0]> = {}) => ({
    dueAt,
    deadline: 'respondBy' as const,
    receivedDate: '2026-10-27',
    warned: null,
    flagOverdue: false,
    ...more,
  });
  it.each([
    ['a passed date', respondBy('2026-11-24'), { type: 'OVERDUE' }],
    ['a passed date already flagged', respondBy('2026-11-24', { flagOverdue: true }), undefined],
    ['a date today', respondBy('2026-11-25'), { type: 'DEADLINE_NEAR', deadline: 'respondBy', date: '2026-11-25' }],
    ['Friday: Thursday and Friday left', respondBy('2026-11-27'), { type: 'DEADLINE_NEAR', deadline: 'respondBy', date: '2026-11-27' }],
    ['Sunday: no working day more than Friday', respondBy('2026-11-29'), { type: 'DEADLINE_NEAR', deadline: 'respondBy', date: '2026-11-29' }],
    ['Monday: three working days left', respondBy('2026-11-30'), undefined],
    ['a date warned of already', respondBy('2026-11-27', { warned: 'respondBy:2026-11-27' }), undefined],
    ['a new date after an earlier warning (an extension, a pause)', respondBy('2026-11-27', { warned: 'respondBy:2026-10-28' }), { type: 'DEADLINE_NEAR', deadline: 'respondBy', date: '2026-11-27' }],
    // The forwarding date of a request received yesterday was near from the start: no warning seconds after intake.
    ['a forwarding date near on the day of receipt', respondBy('2026-11-26', { deadline: 'forwardBy', receivedDate: '2026-11-25' }), undefined],
    ['a forwarding date five working days after receipt', respondBy('2026-11-27', { deadline: 'forwardBy', receivedDate: '2026-11-20' }), { type: 'DEADLINE_NEAR', deadline: 'forwardBy', date: '2026-11-27' }],
  ] as const)('%s', (_what, candidate, expected) => {
    expect(timeEventFor(candidate, today, policy)).toEqual(expected);
  });

  it('takes the number of working days from the setting, and counts extra non-working days', () => {
    expect(timeEventFor(respondBy('2026-11-27'), today, { ...policy, workingDays: 0 })).toBeUndefined();
    expect(timeEventFor(respondBy('2026-11-27'), '2026-11-27', { ...policy, workingDays: 0 })).toMatchObject({ type: 'DEADLINE_NEAR' });
    expect(timeEventFor(respondBy('2026-12-02'), today, { ...policy, workingDays: 5 })).toMatchObject({ type: 'DEADLINE_NEAR', date: '2026-12-02' });
    expect(timeEventFor(respondBy('2026-11-30'), today, { ...policy, extraNonWorkingDays: ['2026-11-26'] })).toMatchObject({ type: 'DEADLINE_NEAR' });
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

  it('warn once per date, naming it in the webhook; another date is warned of again', () => {
    const at = '2026-12-23T10:00:00';
    let { persisted } = initialRequestSnapshot({ rights: ['access'], hasRequesterEmail: true, respondBy: '2026-12-28', receivedAt: '2026-11-25T10:00:00' });
    persisted = applyRequestEvent(persisted, { type: 'CLASSIFY', scope: 'in-house', at } as RequestEvent).persisted;
    const near = applyRequestEvent(persisted, { type: 'DEADLINE_NEAR', deadline: 'respondBy', date: '2026-12-28', at });
    expect(near.actions).toContainEqual({ type: 'notifyWebhook', params: { event: 'request.deadline_near', data: { deadline: 'respondBy', deadlineDate: '2026-12-28' } } });
    expect(() => applyRequestEvent(near.persisted, { type: 'DEADLINE_NEAR', deadline: 'respondBy', date: '2026-12-28', at })).toThrow();
    const later = applyRequestEvent(near.persisted, { type: 'DEADLINE_NEAR', deadline: 'respondBy', date: '2027-02-25', at });
    expect((later.snapshot.context as RequestContext).deadlineWarned).toEqual({ deadline: 'respondBy', date: '2027-02-25' });
  });
});
