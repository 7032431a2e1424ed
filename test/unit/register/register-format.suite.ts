import { csvField, csvLine, deadlineOutcome } from '../../../src/register/register.service.js';

describe('register formatting', () => {
  it('quotes CSV fields as RFC 4180 says', () => {
    expect(csvField('AVG-2026-000001')).toBe('AVG-2026-000001');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('Drukkerij "De Letter"')).toBe('"Drukkerij ""De Letter"""');
    expect(csvField('regel\nregel')).toBe('"regel\nregel"');
    expect(csvField('a;b')).toBe('a;b');
    expect(csvLine(['x', 'y,z', ''])).toBe('x,"y,z",\r\n');
  });

  it('counts days from the due date to the closure, or to today while open', () => {
    expect(deadlineOutcome('2025-04-03', '2025-03-20', '2025-05-01')).toEqual({ deadline: 'met', daysPastDeadline: -14 });
    expect(deadlineOutcome('2025-04-03', '2025-04-03', '2025-05-01')).toEqual({ deadline: 'met', daysPastDeadline: 0 });
    expect(deadlineOutcome('2025-04-04', '2025-04-10', '2025-05-01')).toEqual({ deadline: 'missed', daysPastDeadline: 6 });
    expect(deadlineOutcome('2025-04-01', null, '2025-04-20')).toEqual({ deadline: 'overdue', daysPastDeadline: 19 });
    expect(deadlineOutcome('2025-04-01', null, '2025-03-30')).toEqual({ deadline: 'open', daysPastDeadline: -2 });
    // Across the change to summer time: calendar days, not 24-hour periods.
    expect(deadlineOutcome('2025-03-29', '2025-04-01', '2025-05-01').daysPastDeadline).toBe(3);
  });
});
