/** Working days, days left and urgency; expected values worked out by hand from a calendar. */
import {
  addWorkingDays,
  calendarDaysBetween,
  COUNTRIES,
  COUNTRY_CODES,
  daysLeft,
  isWorkingDay,
  localDate,
  publicHolidays,
  urgencyOf,
  type Country,
} from '../../../src/deadlines/index.js';

describe('the country table', () => {
  it('has NL and BE with their zones', () => {
    expect(COUNTRY_CODES).toEqual(['NL', 'BE']);
    expect(COUNTRIES.NL.timeZone).toBe('Europe/Amsterdam');
    expect(COUNTRIES.BE.timeZone).toBe('Europe/Brussels');
  });
});

describe('isWorkingDay', () => {
  it.each([
    { date: '2026-04-27', country: 'NL' as Country, working: false }, // Koningsdag
    { date: '2026-04-27', country: 'BE' as Country, working: true },
    { date: '2026-05-01', country: 'NL' as Country, working: true }, // not a public holiday in NL
    { date: '2026-05-01', country: 'BE' as Country, working: false }, // Dag van de Arbeid
    { date: '2026-04-03', country: 'NL' as Country, working: true }, // Good Friday: not counted (conservative)
    { date: '2026-05-05', country: 'NL' as Country, working: true }, // Bevrijdingsdag: not counted (conservative)
    { date: '2026-07-21', country: 'BE' as Country, working: false }, // Nationale feestdag
    { date: '2026-11-11', country: 'BE' as Country, working: false }, // Wapenstilstand
    { date: '2026-11-11', country: 'NL' as Country, working: true },
    { date: '2026-12-26', country: 'NL' as Country, working: false }, // Saturday and Tweede kerstdag
    { date: '2025-12-26', country: 'NL' as Country, working: false }, // Friday, Tweede kerstdag
    { date: '2025-12-26', country: 'BE' as Country, working: true },
    { date: '2026-03-14', country: 'NL' as Country, working: false }, // Saturday
    { date: '2026-03-15', country: 'BE' as Country, working: false }, // Sunday
    { date: '2026-03-16', country: 'BE' as Country, working: true }, // Monday
  ])('$date in $country: $working', ({ date, country, working }) => {
    expect(isWorkingDay(date, country)).toBe(working);
  });

  it('counts configured extra days as non-working', () => {
    expect(isWorkingDay('2026-12-24', 'NL')).toBe(true);
    expect(isWorkingDay('2026-12-24', 'NL', ['2026-12-24', '2026-12-31'])).toBe(false);
    expect(isWorkingDay('2026-12-31', 'NL', ['2026-12-24', '2026-12-31'])).toBe(false);
  });

  it('reads a moment in the country zone', () => {
    // Sun 26 Apr 22:30Z is Mon 27 Apr 00:30 in Amsterdam: Koningsdag.
    expect(isWorkingDay(new Date('2026-04-26T22:30:00Z'), 'NL')).toBe(false);
    expect(isWorkingDay('2026-04-27T12:00:00+02:00', 'BE')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it.each([
    { date: '2026-04-24', n: 1, country: 'NL' as Country, expected: '2026-04-28' },
    { date: '2026-04-24', n: 1, country: 'BE' as Country, expected: '2026-04-27' },
    { date: '2026-04-30', n: 1, country: 'BE' as Country, expected: '2026-05-04' },
    { date: '2026-04-30', n: 1, country: 'NL' as Country, expected: '2026-05-01' },
    { date: '2026-07-20', n: 1, country: 'BE' as Country, expected: '2026-07-22' },
    { date: '2026-03-30', n: 5, country: 'NL' as Country, expected: '2026-04-07' }, // Tue…Fri, Easter Monday skipped, Tue 7
    { date: '2026-12-31', n: 1, country: 'NL' as Country, expected: '2027-01-04' }, // Fri 1 Jan New Year, weekend
    { date: '2026-03-14', n: 0, country: 'NL' as Country, expected: '2026-03-16' },
    { date: '2026-03-16', n: 0, country: 'NL' as Country, expected: '2026-03-16' },
    { date: '2026-03-16', n: 10, country: 'BE' as Country, expected: '2026-03-30' },
  ])('$date + $n working days in $country = $expected', ({ date, n, country, expected }) => {
    expect(addWorkingDays(date, n, country)).toBe(expected);
  });

  it('skips extra non-working days', () => {
    expect(addWorkingDays('2026-12-23', 1, 'NL', ['2026-12-24'])).toBe('2026-12-28');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-03-16', -1, 'NL')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-16', 0.5, 'NL')).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it.each([
    { instant: '2026-01-31T23:30:00Z', country: 'NL' as Country, expected: '2026-02-01' },
    { instant: '2026-01-31T22:59:59.999Z', country: 'BE' as Country, expected: '2026-01-31' },
    { instant: '2026-07-31T22:00:00Z', country: 'NL' as Country, expected: '2026-08-01' },
    { instant: '2026-07-31T21:59:59Z', country: 'BE' as Country, expected: '2026-07-31' },
    { instant: '2026-12-31T23:00:00Z', country: 'NL' as Country, expected: '2027-01-01' },
    { instant: '2026-03-29T01:59:59Z', country: 'NL' as Country, expected: '2026-03-29' },
    { instant: '2026-10-25T02:30:00Z', country: 'BE' as Country, expected: '2026-10-25' },
  ])('$instant in $country is $expected', ({ instant, country, expected }) => {
    expect(localDate(new Date(instant), country)).toBe(expected);
  });
});

describe('calendarDaysBetween', () => {
  it('counts the calendar days of a pause', () => {
    expect(calendarDaysBetween('2026-03-02', '2026-03-12')).toBe(10);
    expect(calendarDaysBetween('2026-02-20', '2026-03-02')).toBe(10);
    expect(calendarDaysBetween('2028-02-20', '2028-03-02')).toBe(11);
    expect(calendarDaysBetween('2026-03-12', '2026-03-02')).toBe(-10);
    expect(calendarDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
  });

  it('counts local days across the change to summer time', () => {
    // 29 Mar 00:30 (CET) to 30 Mar 00:30 (CEST): one day, although only 23 hours apart.
    expect(calendarDaysBetween(new Date('2026-03-28T23:30:00Z'), new Date('2026-03-29T22:30:00Z'), 'NL')).toBe(1);
    // 24 Oct 23:30 (CEST) to 25 Oct 23:30 (CET): 25 hours apart, one day.
    expect(calendarDaysBetween('2026-10-24T21:30:00Z', '2026-10-25T22:30:00Z', 'BE')).toBe(1);
  });
});

describe('daysLeft', () => {
  it.each([
    // Due Tue 28 Apr 2026. NL: Mon 27 (Koningsdag) is not a working day.
    { today: '2026-04-20', country: 'NL' as Country, calendarDays: 8, workingDays: 5 },
    { today: '2026-04-20', country: 'BE' as Country, calendarDays: 8, workingDays: 6 },
    { today: '2026-04-24', country: 'NL' as Country, calendarDays: 4, workingDays: 1 },
    { today: '2026-04-28', country: 'NL' as Country, calendarDays: 0, workingDays: 0 },
    { today: '2026-04-29', country: 'NL' as Country, calendarDays: -1, workingDays: -1 },
    // Overdue since 28 Apr: Wed 29, Thu 30, Fri 1 May (working in NL, not in BE), Mon 4.
    { today: '2026-05-04', country: 'NL' as Country, calendarDays: -6, workingDays: -4 },
    { today: '2026-05-04', country: 'BE' as Country, calendarDays: -6, workingDays: -3 },
  ])('$today → 2026-04-28 in $country: $calendarDays calendar, $workingDays working', ({ today, country, calendarDays, workingDays }) => {
    expect(daysLeft(today, '2026-04-28', country)).toEqual({ calendarDays, workingDays });
  });
});

describe('urgencyOf', () => {
  it.each([
    { today: '2026-04-01', country: 'NL' as Country, urgency: 'ok' },
    { today: '2026-04-20', country: 'NL' as Country, urgency: 'ok' }, // 8 days, 5 working days
    { today: '2026-04-21', country: 'NL' as Country, urgency: 'soon' }, // 7 days, 4 working days
    { today: '2026-04-23', country: 'NL' as Country, urgency: 'urgent' }, // working days left: Fri 24, Tue 28
    { today: '2026-04-23', country: 'BE' as Country, urgency: 'soon' }, // Fri 24, Mon 27, Tue 28
    { today: '2026-04-24', country: 'BE' as Country, urgency: 'urgent' },
    { today: '2026-04-28', country: 'NL' as Country, urgency: 'urgent' }, // due today
    { today: '2026-04-29', country: 'NL' as Country, urgency: 'overdue' },
  ])('$today → 2026-04-28 in $country: $urgency', ({ today, country, urgency }) => {
    expect(urgencyOf(today, '2026-04-28', country)).toBe(urgency);
  });

  it('reads "today" as a moment in the country zone', () => {
    // 28 Apr 22:30Z is already Wed 29 Apr in Amsterdam.
    expect(urgencyOf(new Date('2026-04-28T21:59:00Z'), '2026-04-28', 'NL')).toBe('urgent');
    expect(urgencyOf(new Date('2026-04-28T22:30:00Z'), '2026-04-28', 'NL')).toBe('overdue');
  });
});

describe('publicHolidays', () => {
  it('lists the Dutch public holidays of 2026 (no Good Friday, no 5 May)', () => {
    expect(publicHolidays('NL', 2026)).toEqual([
      { date: '2026-01-01', name: 'Nieuwjaar' },
      { date: '2026-04-05', name: 'Pasen' },
      { date: '2026-04-06', name: 'Tweede paasdag' },
      { date: '2026-04-27', name: 'Koningsdag' },
      { date: '2026-05-14', name: 'Hemelvaartsdag' },
      { date: '2026-05-24', name: 'Pinksteren' },
      { date: '2026-05-25', name: 'Tweede pinksterdag' },
      { date: '2026-12-25', name: 'Kerstmis' },
      { date: '2026-12-26', name: 'Tweede kerstdag' },
    ]);
  });

  it('lists the Belgian public holidays of 2026 in Dutch', () => {
    expect(publicHolidays('BE', 2026)).toEqual([
      { date: '2026-01-01', name: 'Nieuwjaar' },
      { date: '2026-04-06', name: 'Paasmaandag' },
      { date: '2026-05-01', name: 'Dag van de Arbeid' },
      { date: '2026-05-14', name: 'Hemelvaartsdag' },
      { date: '2026-05-25', name: 'Pinkstermaandag' },
      { date: '2026-07-21', name: 'Nationale feestdag' },
      { date: '2026-08-15', name: 'Tenhemelopneming' },
      { date: '2026-11-01', name: 'Allerheiligen' },
      { date: '2026-11-11', name: 'Wapenstilstand' },
      { date: '2026-12-25', name: 'Kerstmis' },
    ]);
  });

  it('moves Koningsdag to Saturday 26 April when 27 April is a Sunday (2025)', () => {
    expect(publicHolidays('NL', 2025)).toContainEqual({ date: '2025-04-26', name: 'Koningsdag' });
    expect(isWorkingDay('2025-04-28', 'NL')).toBe(true);
  });
});
