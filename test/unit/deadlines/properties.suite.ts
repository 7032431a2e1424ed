/** Properties of the clocks over random receipt days, pauses and moments (fast-check). */
import fc from 'fast-check';
import { computeDeadlines, COUNTRIES, isWorkingDay, type Country } from '../../../src/deadlines/index.js';

const DAY_MS = 86_400_000;
const BASE = Date.UTC(2024, 0, 1);
const SPAN_DAYS = 365 * 13; // 2024 through 2036

const isoDay = (offset: number) => new Date(BASE + offset * DAY_MS).toISOString().slice(0, 10);
const dayIndex = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - BASE) / DAY_MS;
const plusDays = (iso: string, days: number) => isoDay(dayIndex(iso) + days);
const isWeekend = (iso: string) => [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());

const country = fc.constantFrom<Country>('NL', 'BE');
const receiptOffset = fc.integer({ min: 0, max: SPAN_DAYS - 1 });
const pausedDays = fc.integer({ min: 0, max: 60 });

describe('deadline properties', () => {
  it('respondBy is a working day on or at most 5 days after nominal + pause; extendedRespondBy is later still', () => {
    fc.assert(
      fc.property(receiptOffset, country, pausedDays, (offset, c, paused) => {
        const d = computeDeadlines({ receivedAt: isoDay(offset), country: c, pausedDays: paused });
        const earliest = plusDays(d.nominalRespondBy, paused);
        expect(d.respondBy >= earliest).toBe(true);
        expect(dayIndex(d.respondBy) - dayIndex(earliest)).toBeLessThanOrEqual(5);
        expect(d.respondBy >= d.nominalRespondBy).toBe(true);
        expect(isWeekend(d.respondBy)).toBe(false);
        expect(isWorkingDay(d.respondBy, c)).toBe(true);
        expect(d.unpausedRespondBy <= d.respondBy).toBe(true);
        expect(d.extendedRespondBy > d.respondBy).toBe(true);
        expect(isWorkingDay(d.extendedRespondBy, c)).toBe(true);
        expect(isWorkingDay(d.forwardBy, c)).toBe(true);
        expect(d.forwardBy > d.receivedDate).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('no date decreases when the receipt day increases', () => {
    fc.assert(
      fc.property(receiptOffset, fc.integer({ min: 1, max: 40 }), country, pausedDays, (offset, later, c, paused) => {
        const a = computeDeadlines({ receivedAt: isoDay(offset), country: c, pausedDays: paused });
        const b = computeDeadlines({ receivedAt: isoDay(offset + later), country: c, pausedDays: paused });
        expect(a.nominalRespondBy <= b.nominalRespondBy).toBe(true);
        expect(a.respondBy <= b.respondBy).toBe(true);
        expect(a.extendedRespondBy <= b.extendedRespondBy).toBe(true);
        expect(a.forwardBy <= b.forwardBy).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('the nominal date is the same day next month, or that month’s last day', () => {
    fc.assert(
      fc.property(receiptOffset, country, (offset, c) => {
        const received = new Date(BASE + offset * DAY_MS);
        const y = received.getUTCFullYear();
        const m = received.getUTCMonth();
        const lastOfNextMonth = new Date(Date.UTC(y, m + 2, 0)).getUTCDate();
        const expected = new Date(Date.UTC(y, m + 1, Math.min(received.getUTCDate(), lastOfNextMonth)));
        const d = computeDeadlines({ receivedAt: isoDay(offset), country: c });
        expect(d.nominalRespondBy).toBe(expected.toISOString().slice(0, 10));
      }),
      { numRuns: 1000 },
    );
  });

  it('the receipt day of a moment is its local date in the country zone', () => {
    const formats = {
      NL: new Intl.DateTimeFormat('sv-SE', { timeZone: COUNTRIES.NL.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      BE: new Intl.DateTimeFormat('sv-SE', { timeZone: COUNTRIES.BE.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    fc.assert(
      fc.property(fc.integer({ min: BASE, max: BASE + SPAN_DAYS * DAY_MS }), country, (ms, c) => {
        const instant = new Date(ms);
        expect(computeDeadlines({ receivedAt: instant, country: c }).receivedDate).toBe(formats[c].format(instant));
        expect(computeDeadlines({ receivedAt: instant.toISOString(), country: c }).receivedDate).toBe(formats[c].format(instant));
      }),
      { numRuns: 2000 },
    );
  });

  it('a promise is exactly the receipt day plus the promised days, and never later than the effective date', () => {
    fc.assert(
      fc.property(receiptOffset, country, fc.integer({ min: 0, max: 60 }), (offset, c, promiseDays) => {
        const d = computeDeadlines({ receivedAt: isoDay(offset), country: c, promiseDays });
        expect(d.promiseRespondBy).toBe(isoDay(offset + promiseDays));
        expect(d.effectiveRespondBy).toBe(d.promiseRespondBy! < d.respondBy ? d.promiseRespondBy : d.respondBy);
      }),
      { numRuns: 500 },
    );
  });
});
