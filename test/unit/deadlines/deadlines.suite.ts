/**
 * computeDeadlines, table-driven. Every expected date was worked out by hand from a calendar and
 * the holiday lists (NL and BE public holidays per date-holidays), not copied from the output.
 */
import { computeDeadlines, type Country } from '../../../src/deadlines/index.js';

interface RespondCase {
  name: string;
  receivedAt: string;
  country: Country;
  nominal: string;
  respondBy: string;
}

describe('computeDeadlines: one month, rolled to a working day', () => {
  const cases: RespondCase[] = [
    // Month-end clamping and leap years.
    { name: '31 Jan → 28 Feb (Sat) → Mon 2 Mar', receivedAt: '2026-01-31', country: 'NL', nominal: '2026-02-28', respondBy: '2026-03-02' },
    { name: '30 Jan → 28 Feb in a common year', receivedAt: '2026-01-30', country: 'BE', nominal: '2026-02-28', respondBy: '2026-03-02' },
    { name: '29 Jan → 28 Feb in a common year', receivedAt: '2026-01-29', country: 'NL', nominal: '2026-02-28', respondBy: '2026-03-02' },
    { name: '31 Jan 2028 → 29 Feb 2028 (leap year, Tue)', receivedAt: '2028-01-31', country: 'NL', nominal: '2028-02-29', respondBy: '2028-02-29' },
    { name: '30 Jan 2028 → 29 Feb 2028', receivedAt: '2028-01-30', country: 'BE', nominal: '2028-02-29', respondBy: '2028-02-29' },
    { name: '31 Mar → 30 Apr (Thu)', receivedAt: '2026-03-31', country: 'NL', nominal: '2026-04-30', respondBy: '2026-04-30' },
    { name: '31 Aug → 30 Sep (Wed)', receivedAt: '2026-08-31', country: 'BE', nominal: '2026-09-30', respondBy: '2026-09-30' },
    { name: '31 Dec → 31 Jan next year (Sun) → Mon 1 Feb', receivedAt: '2026-12-31', country: 'NL', nominal: '2027-01-31', respondBy: '2027-02-01' },
    // Weekend roll.
    { name: 'Saturday → Monday', receivedAt: '2026-06-11', country: 'NL', nominal: '2026-07-11', respondBy: '2026-07-13' },
    { name: 'Sunday → Monday', receivedAt: '2026-09-11', country: 'BE', nominal: '2026-10-11', respondBy: '2026-10-12' },
    { name: 'a working day stays', receivedAt: '2026-03-02', country: 'NL', nominal: '2026-04-02', respondBy: '2026-04-02' },
    // Koningsdag (NL only): Mon 27 April 2026.
    { name: 'Koningsdag NL: Mon 27 Apr → Tue 28 Apr', receivedAt: '2026-03-27', country: 'NL', nominal: '2026-04-27', respondBy: '2026-04-28' },
    { name: 'Koningsdag is a working day in BE', receivedAt: '2026-03-27', country: 'BE', nominal: '2026-04-27', respondBy: '2026-04-27' },
    { name: 'NL: Sat 25 Apr → Tue 28 Apr (weekend + Koningsdag)', receivedAt: '2026-03-25', country: 'NL', nominal: '2026-04-25', respondBy: '2026-04-28' },
    { name: 'BE: Sat 25 Apr → Mon 27 Apr', receivedAt: '2026-03-25', country: 'BE', nominal: '2026-04-25', respondBy: '2026-04-27' },
    // 1 May: public holiday in BE, not in NL.
    { name: 'BE: Fri 1 May → Mon 4 May', receivedAt: '2026-04-01', country: 'BE', nominal: '2026-05-01', respondBy: '2026-05-04' },
    { name: 'NL: 1 May is a working day', receivedAt: '2026-04-01', country: 'NL', nominal: '2026-05-01', respondBy: '2026-05-01' },
    // NL conservative: Good Friday and 5 May are not counted.
    { name: 'NL: Good Friday 3 Apr 2026 is not moved', receivedAt: '2026-03-03', country: 'NL', nominal: '2026-04-03', respondBy: '2026-04-03' },
    { name: 'NL: Bevrijdingsdag Tue 5 May 2026 is not moved', receivedAt: '2026-04-05', country: 'NL', nominal: '2026-05-05', respondBy: '2026-05-05' },
    // 21 July: Belgian national holiday (Tue in 2026).
    { name: 'BE: Tue 21 Jul → Wed 22 Jul', receivedAt: '2026-06-21', country: 'BE', nominal: '2026-07-21', respondBy: '2026-07-22' },
    { name: 'NL: 21 Jul is a working day', receivedAt: '2026-06-21', country: 'NL', nominal: '2026-07-21', respondBy: '2026-07-21' },
    // Whit Monday (Mon 25 May 2026) in both countries.
    { name: 'NL: Whit Monday → Tue 26 May', receivedAt: '2026-04-25', country: 'NL', nominal: '2026-05-25', respondBy: '2026-05-26' },
    { name: 'BE: Whit Monday → Tue 26 May', receivedAt: '2026-04-25', country: 'BE', nominal: '2026-05-25', respondBy: '2026-05-26' },
    { name: 'NL: Sat 23 May over Pentecost → Tue 26 May', receivedAt: '2026-04-23', country: 'NL', nominal: '2026-05-23', respondBy: '2026-05-26' },
    // Christmas: 2025 has Christmas on Thu, so the second day (Fri) differs between NL and BE.
    { name: 'NL 2025: Thu 25 Dec → Mon 29 Dec', receivedAt: '2025-11-25', country: 'NL', nominal: '2025-12-25', respondBy: '2025-12-29' },
    { name: 'BE 2025: Thu 25 Dec → Fri 26 Dec', receivedAt: '2025-11-25', country: 'BE', nominal: '2025-12-25', respondBy: '2025-12-26' },
    { name: 'NL 2026: Fri 25 Dec → Mon 28 Dec', receivedAt: '2026-11-25', country: 'NL', nominal: '2026-12-25', respondBy: '2026-12-28' },
    // New Year (Thu 1 Jan 2026).
    { name: 'NL: New Year → Fri 2 Jan', receivedAt: '2025-12-01', country: 'NL', nominal: '2026-01-01', respondBy: '2026-01-02' },
    { name: 'BE: New Year → Fri 2 Jan', receivedAt: '2025-12-01', country: 'BE', nominal: '2026-01-01', respondBy: '2026-01-02' },
  ];

  it.each(cases)('$name ($country, received $receivedAt)', ({ receivedAt, country, nominal, respondBy }) => {
    const d = computeDeadlines({ receivedAt, country });
    expect(d.receivedDate).toBe(receivedAt);
    expect(d.nominalRespondBy).toBe(nominal);
    expect(d.respondBy).toBe(respondBy);
    expect(d.unpausedRespondBy).toBe(respondBy);
    expect(d.effectiveRespondBy).toBe(respondBy);
    expect(d.pausedDays).toBe(0);
    expect(d.explanations.respondBy.date).toBe(respondBy);
  });
});

describe('computeDeadlines: the receipt day is the local date in the country', () => {
  const cases: Array<{ receivedAt: string | Date; country: Country; receivedDate: string; nominal: string }> = [
    // Last day of a month, just before midnight UTC: already the next day in Amsterdam/Brussels.
    { receivedAt: '2026-01-31T23:30:00Z', country: 'NL', receivedDate: '2026-02-01', nominal: '2026-03-01' },
    { receivedAt: '2026-01-31T23:30:00Z', country: 'BE', receivedDate: '2026-02-01', nominal: '2026-03-01' },
    { receivedAt: new Date('2026-01-31T23:30:00Z'), country: 'NL', receivedDate: '2026-02-01', nominal: '2026-03-01' },
    { receivedAt: '2026-01-31T22:59:59Z', country: 'NL', receivedDate: '2026-01-31', nominal: '2026-02-28' },
    { receivedAt: '2026-01-31T18:30:00-05:00', country: 'NL', receivedDate: '2026-02-01', nominal: '2026-03-01' },
    { receivedAt: '2026-02-01T00:30:00+01:00', country: 'BE', receivedDate: '2026-02-01', nominal: '2026-03-01' },
    // Summer time (+02:00): 30 April 22:30Z is 1 May 00:30.
    { receivedAt: '2026-04-30T22:30:00Z', country: 'NL', receivedDate: '2026-05-01', nominal: '2026-06-01' },
    { receivedAt: '2026-04-30T21:59:59.999Z', country: 'NL', receivedDate: '2026-04-30', nominal: '2026-05-30' },
    // Summer time starts Sun 29 March 2026 at 01:00 UTC.
    { receivedAt: '2026-03-28T22:59:59Z', country: 'NL', receivedDate: '2026-03-28', nominal: '2026-04-28' },
    { receivedAt: '2026-03-28T23:00:00Z', country: 'NL', receivedDate: '2026-03-29', nominal: '2026-04-29' },
    { receivedAt: '2026-03-29T00:59:59Z', country: 'BE', receivedDate: '2026-03-29', nominal: '2026-04-29' },
    { receivedAt: '2026-03-29T01:00:00Z', country: 'BE', receivedDate: '2026-03-29', nominal: '2026-04-29' },
    { receivedAt: '2026-03-29T21:59:59Z', country: 'NL', receivedDate: '2026-03-29', nominal: '2026-04-29' },
    { receivedAt: '2026-03-29T22:00:00Z', country: 'NL', receivedDate: '2026-03-30', nominal: '2026-04-30' },
    // Summer time ends Sun 25 October 2026 at 01:00 UTC.
    { receivedAt: '2026-10-24T21:59:59Z', country: 'NL', receivedDate: '2026-10-24', nominal: '2026-11-24' },
    { receivedAt: '2026-10-24T22:00:00Z', country: 'NL', receivedDate: '2026-10-25', nominal: '2026-11-25' },
    { receivedAt: '2026-10-25T00:30:00Z', country: 'BE', receivedDate: '2026-10-25', nominal: '2026-11-25' },
    { receivedAt: '2026-10-25T01:30:00Z', country: 'BE', receivedDate: '2026-10-25', nominal: '2026-11-25' },
    { receivedAt: '2026-10-25T22:59:59Z', country: 'NL', receivedDate: '2026-10-25', nominal: '2026-11-25' },
    { receivedAt: '2026-10-25T23:00:00Z', country: 'NL', receivedDate: '2026-10-26', nominal: '2026-11-26' },
  ];

  it.each(cases)('$receivedAt in $country is $receivedDate', ({ receivedAt, country, receivedDate, nominal }) => {
    const d = computeDeadlines({ receivedAt, country });
    expect(d.receivedDate).toBe(receivedDate);
    expect(d.nominalRespondBy).toBe(nominal);
  });

  it('rolls the nominal date of a late-night receipt: 31 Jan 23:30Z → 1 Mar (Sun) → Mon 2 Mar', () => {
    expect(computeDeadlines({ receivedAt: '2026-01-31T23:30:00Z', country: 'NL' }).respondBy).toBe('2026-03-02');
  });
});

describe('computeDeadlines: pause', () => {
  it.each([
    // Received Mon 2 Mar 2026; nominal Thu 2 Apr. Good Friday (3 Apr) is not counted in NL; Easter Monday is 6 Apr.
    { pausedDays: 0, respondBy: '2026-04-02', extended: '2026-06-02' },
    { pausedDays: 1, respondBy: '2026-04-03', extended: '2026-06-03' },
    { pausedDays: 2, respondBy: '2026-04-07', extended: '2026-06-04' },
    { pausedDays: 10, respondBy: '2026-04-13', extended: '2026-06-12' },
  ])('$pausedDays paused days move respondBy to $respondBy; the unpaused date stays', ({ pausedDays, respondBy, extended }) => {
    const d = computeDeadlines({ receivedAt: '2026-03-02', country: 'NL', pausedDays });
    expect(d.nominalRespondBy).toBe('2026-04-02');
    expect(d.unpausedRespondBy).toBe('2026-04-02');
    expect(d.respondBy).toBe(respondBy);
    expect(d.extendedRespondBy).toBe(extended);
    expect(d.pausedDays).toBe(pausedDays);
    expect(d.effectiveRespondBy).toBe(respondBy);
  });

  it('explains the pause in the text', () => {
    const d = computeDeadlines({ receivedAt: '2026-03-02', country: 'NL', pausedDays: 2 });
    expect(d.explanations.respondBy.shifts).toEqual([
      { from: '2026-04-04', to: '2026-04-07', reasons: ['zaterdag', 'zondag', 'Pasen', 'Tweede paasdag'] },
    ]);
    expect(d.explanations.respondBy.text).toBe(
      'Uiterste datum verschoven van zaterdag 4 april naar dinsdag 7 april 2026 (weekend, Pasen, Tweede paasdag). Inclusief 2 dagen opschorting.',
    );
    expect(d.explanations.unpausedRespondBy).toEqual({ date: '2026-04-02', shifts: [], text: 'Uiterste datum zonder opschorting: donderdag 2 april 2026.' });
  });

  it('names the year of both dates when the roll crosses New Year', () => {
    // Received Wed 30 Nov 2022, nominal Fri 30 Dec; one paused day → Sat 31 Dec → Sun 1 Jan (New Year) → Mon 2 Jan 2023.
    const d = computeDeadlines({ receivedAt: '2022-11-30', country: 'BE', pausedDays: 1 });
    expect(d.respondBy).toBe('2023-01-02');
    expect(d.explanations.respondBy.text).toBe(
      'Uiterste datum verschoven van zaterdag 31 december 2022 naar maandag 2 januari 2023 (weekend, Nieuwjaar). Inclusief 1 dag opschorting.',
    );
  });
});

describe('computeDeadlines: extension by two further months', () => {
  it.each([
    // 31 Jan → nominal 28 Feb → +2 months = 28 April (not 30 April, as 31 Jan + 3 months would give).
    { receivedAt: '2026-01-31', country: 'NL' as Country, extended: '2026-04-28' },
    { receivedAt: '2026-01-31', country: 'BE' as Country, extended: '2026-04-28' },
    // 2029: 28 April is a Saturday → Mon 30 April.
    { receivedAt: '2029-01-31', country: 'NL' as Country, extended: '2029-04-30' },
    // Leap year 2028: nominal 29 Feb → 29 April (Sat) → Mon 1 May (NL) / Tue 2 May (BE: 1 May is a holiday).
    { receivedAt: '2028-01-31', country: 'NL' as Country, extended: '2028-05-01' },
    { receivedAt: '2028-01-31', country: 'BE' as Country, extended: '2028-05-02' },
    // Nominal Sat 25 Apr 2026 → 25 June (Thu).
    { receivedAt: '2026-03-25', country: 'NL' as Country, extended: '2026-06-25' },
  ])('$receivedAt ($country) → $extended', ({ receivedAt, country, extended }) => {
    const d = computeDeadlines({ receivedAt, country });
    expect(d.extendedRespondBy).toBe(extended);
    expect(d.explanations.extendedRespondBy.date).toBe(extended);
  });

  it('explains a rolled extension', () => {
    const d = computeDeadlines({ receivedAt: '2028-01-31', country: 'BE' });
    expect(d.explanations.extendedRespondBy.shifts).toEqual([
      { from: '2028-04-29', to: '2028-05-02', reasons: ['zaterdag', 'zondag', 'Dag van de Arbeid'] },
    ]);
    expect(d.explanations.extendedRespondBy.text).toBe(
      'Verlengde uiterste datum verschoven van zaterdag 29 april naar dinsdag 2 mei 2028 (weekend, Dag van de Arbeid).',
    );
  });
});

describe('computeDeadlines: forwarding within N working days', () => {
  it.each([
    // Thu 2 Apr 2026: Good Friday is a working day in both NL and BE (per date-holidays, public only).
    { receivedAt: '2026-04-02', country: 'NL' as Country, sla: 1, forwardBy: '2026-04-03' },
    { receivedAt: '2026-04-02', country: 'NL' as Country, sla: 2, forwardBy: '2026-04-07' },
    { receivedAt: '2026-04-02', country: 'BE' as Country, sla: 2, forwardBy: '2026-04-07' },
    // Fri 3 Apr: weekend + Easter Monday → Tue 7 Apr.
    { receivedAt: '2026-04-03', country: 'NL' as Country, sla: 1, forwardBy: '2026-04-07' },
    // Thu 24 Dec 2026: Christmas Fri, Sat, Sun → Mon 28 Dec.
    { receivedAt: '2026-12-24', country: 'NL' as Country, sla: 1, forwardBy: '2026-12-28' },
    { receivedAt: '2026-12-24', country: 'BE' as Country, sla: 1, forwardBy: '2026-12-28' },
    // Wed 24 Dec 2025: NL skips Thu 25 + Fri 26 → Mon 29; BE only Thu 25 → Fri 26.
    { receivedAt: '2025-12-24', country: 'NL' as Country, sla: 1, forwardBy: '2025-12-29' },
    { receivedAt: '2025-12-24', country: 'BE' as Country, sla: 1, forwardBy: '2025-12-26' },
    // Over Ascension Day (Thu 14 May 2026): Wed 13, Fri 15, Mon 18.
    { receivedAt: '2026-05-12', country: 'NL' as Country, sla: 3, forwardBy: '2026-05-18' },
    // N = 0: the receipt day itself, or the next working day.
    { receivedAt: '2026-04-01', country: 'NL' as Country, sla: 0, forwardBy: '2026-04-01' },
    { receivedAt: '2026-04-04', country: 'NL' as Country, sla: 0, forwardBy: '2026-04-07' },
    // Received Friday evening in Amsterdam, Monday is Koningsdag.
    { receivedAt: '2026-04-24T21:30:00Z', country: 'NL' as Country, sla: 1, forwardBy: '2026-04-28' },
  ])('$receivedAt ($country, $sla) → $forwardBy', ({ receivedAt, country, sla, forwardBy }) => {
    expect(computeDeadlines({ receivedAt, country, slaWorkingDays: sla }).forwardBy).toBe(forwardBy);
  });

  it('defaults to 1 working day', () => {
    expect(computeDeadlines({ receivedAt: '2026-04-03', country: 'BE' }).forwardBy).toBe('2026-04-07');
  });

  it('explains the forwarding date over Christmas', () => {
    const d = computeDeadlines({ receivedAt: '2026-12-24', country: 'NL' });
    expect(d.explanations.forwardBy).toEqual({
      date: '2026-12-28',
      shifts: [{ from: '2026-12-25', to: '2026-12-28', reasons: ['Kerstmis', 'zaterdag', 'Tweede kerstdag', 'zondag'] }],
      text: 'Doorstuurdatum (1 werkdag na ontvangst) verschoven van vrijdag 25 december naar maandag 28 december 2026 (Kerstmis, weekend, Tweede kerstdag).',
    });
  });

  it('explains an unmoved forwarding date', () => {
    expect(computeDeadlines({ receivedAt: '2026-04-01', country: 'NL', slaWorkingDays: 1 }).explanations.forwardBy).toEqual({
      date: '2026-04-02',
      shifts: [],
      text: 'Doorsturen uiterlijk: donderdag 2 april 2026 (1 werkdag na ontvangst).',
    });
  });
});

describe('computeDeadlines: a promise in days', () => {
  it('is never moved, even to a Sunday, and drives urgency when earlier', () => {
    // Fri 27 Mar 2026 + 30 days = Sun 26 Apr; the legal date is Tue 28 Apr (NL).
    const d = computeDeadlines({ receivedAt: '2026-03-27', country: 'NL', promiseDays: 30 });
    expect(d.promiseRespondBy).toBe('2026-04-26');
    expect(d.respondBy).toBe('2026-04-28');
    expect(d.effectiveRespondBy).toBe('2026-04-26');
    expect(d.explanations.promiseRespondBy).toEqual({
      date: '2026-04-26',
      shifts: [],
      text: 'Toegezegde datum: zondag 26 april 2026 (30 dagen na ontvangst; een toezegging wordt niet verschoven).',
    });
  });

  it('leaves the legal date in charge when that is earlier', () => {
    // Sun 1 Feb 2026 + 40 days = Fri 13 Mar; the legal date: 1 Mar (Sun) → Mon 2 Mar.
    const d = computeDeadlines({ receivedAt: '2026-02-01', country: 'BE', promiseDays: 40 });
    expect(d.promiseRespondBy).toBe('2026-03-13');
    expect(d.effectiveRespondBy).toBe('2026-03-02');
  });

  it('is absent when not asked', () => {
    const d = computeDeadlines({ receivedAt: '2026-02-01', country: 'BE' });
    expect(d).not.toHaveProperty('promiseRespondBy');
    expect(d.explanations).not.toHaveProperty('promiseRespondBy');
  });
});

describe('computeDeadlines: explanations', () => {
  it('explains a roll over a weekend and Koningsdag in Dutch', () => {
    const d = computeDeadlines({ receivedAt: '2026-03-25', country: 'NL' });
    expect(d.explanations.respondBy).toEqual({
      date: '2026-04-28',
      shifts: [{ from: '2026-04-25', to: '2026-04-28', reasons: ['zaterdag', 'zondag', 'Koningsdag'] }],
      text: 'Uiterste datum verschoven van zaterdag 25 april naar dinsdag 28 april 2026 (weekend, Koningsdag).',
    });
  });

  it('gives a simple sentence when nothing moved', () => {
    expect(computeDeadlines({ receivedAt: '2026-03-25', country: 'NL' }).explanations.extendedRespondBy).toEqual({
      date: '2026-06-25',
      shifts: [],
      text: 'Verlengde uiterste datum: donderdag 25 juni 2026.',
    });
  });

  it.each([
    { receivedAt: '2026-06-21', country: 'BE' as Country, reasons: ['Nationale feestdag'] },
    { receivedAt: '2026-04-25', country: 'NL' as Country, reasons: ['Tweede pinksterdag'] },
    { receivedAt: '2026-04-25', country: 'BE' as Country, reasons: ['Pinkstermaandag'] },
    { receivedAt: '2026-04-23', country: 'NL' as Country, reasons: ['zaterdag', 'zondag', 'Pinksteren', 'Tweede pinksterdag'] },
    // In BE, Whit Sunday is an observance, not a public holiday: only the weekday is a reason.
    { receivedAt: '2026-04-23', country: 'BE' as Country, reasons: ['zaterdag', 'zondag', 'Pinkstermaandag'] },
    { receivedAt: '2025-11-25', country: 'NL' as Country, reasons: ['Kerstmis', 'Tweede kerstdag', 'zaterdag', 'zondag'] },
    { receivedAt: '2025-12-01', country: 'NL' as Country, reasons: ['Nieuwjaar'] },
  ])('names holidays in Dutch: $receivedAt ($country)', ({ receivedAt, country, reasons }) => {
    expect(computeDeadlines({ receivedAt, country }).explanations.respondBy.shifts[0]?.reasons).toEqual(reasons);
  });

  it('treats configured extra non-working days as such', () => {
    // Nominal Thu 2 Apr 2026; the organisation is closed on 2 April.
    const d = computeDeadlines({ receivedAt: '2026-03-02', country: 'NL', extraNonWorkingDays: ['2026-04-02'] });
    expect(d.respondBy).toBe('2026-04-03');
    expect(d.explanations.respondBy.shifts).toEqual([{ from: '2026-04-02', to: '2026-04-03', reasons: ['extra vrije dag'] }]);
    expect(d.explanations.respondBy.text).toBe('Uiterste datum verschoven van donderdag 2 april naar vrijdag 3 april 2026 (extra vrije dag).');
    // Without the configuration, the same request is not moved.
    expect(computeDeadlines({ receivedAt: '2026-03-02', country: 'NL' }).respondBy).toBe('2026-04-02');
  });
});

describe('computeDeadlines: invalid input', () => {
  it.each([
    { name: 'unknown country', input: { receivedAt: '2026-03-02', country: 'DE' as Country } },
    { name: 'impossible date', input: { receivedAt: '2026-02-30', country: 'NL' as Country } },
    { name: 'date-time without offset', input: { receivedAt: '2026-03-02T10:00:00', country: 'NL' as Country } },
    { name: 'invalid Date', input: { receivedAt: new Date(Number.NaN), country: 'NL' as Country } },
    { name: 'negative pause', input: { receivedAt: '2026-03-02', country: 'NL' as Country, pausedDays: -1 } },
    { name: 'fractional SLA', input: { receivedAt: '2026-03-02', country: 'NL' as Country, slaWorkingDays: 1.5 } },
    { name: 'negative promise', input: { receivedAt: '2026-03-02', country: 'NL' as Country, promiseDays: -30 } },
    { name: 'malformed extra day', input: { receivedAt: '2026-03-02', country: 'NL' as Country, extraNonWorkingDays: ['24-12-2026'] } },
  ])('throws a RangeError for $name', ({ input }) => {
    expect(() => computeDeadlines(input)).toThrow(RangeError);
  });
});
