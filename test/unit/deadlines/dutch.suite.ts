import { DUTCH_MONTHS, DUTCH_WEEKDAYS, dutchWeekday, formatDutchDate, formatDutchDateWithoutYear } from '../../../src/deadlines/index.js';

describe('Dutch dates', () => {
  it.each([
    { date: '2026-04-28', full: 'dinsdag 28 april 2026', short: 'dinsdag 28 april' },
    { date: '2026-01-01', full: 'donderdag 1 januari 2026', short: 'donderdag 1 januari' },
    { date: '2028-02-29', full: 'dinsdag 29 februari 2028', short: 'dinsdag 29 februari' },
    { date: '2026-03-29', full: 'zondag 29 maart 2026', short: 'zondag 29 maart' },
    { date: '2026-12-26', full: 'zaterdag 26 december 2026', short: 'zaterdag 26 december' },
  ])('$date → $full', ({ date, full, short }) => {
    expect(formatDutchDate(date)).toBe(full);
    expect(formatDutchDate(date, { year: false })).toBe(short);
    expect(formatDutchDateWithoutYear(date)).toBe(short);
  });

  it('leaves out the weekday on request', () => {
    expect(formatDutchDate('2026-10-05', { weekday: false })).toBe('5 oktober 2026');
    expect(formatDutchDate('2026-10-05', { weekday: false, year: false })).toBe('5 oktober');
  });

  it('names weekdays and months', () => {
    expect(dutchWeekday('2026-05-08')).toBe('vrijdag');
    expect(DUTCH_WEEKDAYS).toHaveLength(7);
    expect(DUTCH_MONTHS[6]).toBe('juli');
  });

  it('refuses a date that does not exist', () => {
    expect(() => formatDutchDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatDutchDate('28-04-2026')).toThrow(RangeError);
  });
});
