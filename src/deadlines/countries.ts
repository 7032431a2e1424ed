import type { HolidaysTypes } from 'date-holidays';

/** How one country's legal calendar is made: its time zone and where its public holidays come from. */
export interface CountryDefinition {
  /** Name of the country in Dutch, for texts. */
  readonly name: string;
  /** IANA time zone in which the receipt day and all dates are read. */
  readonly timeZone: string;
  /** Country (and optionally state) code for `date-holidays`. */
  readonly holidayCountry: string;
  readonly holidayState?: string;
  /** Which `date-holidays` types count as non-working days: public holidays only. */
  readonly holidayTypes: readonly HolidaysTypes.HolidayType[];
  /** Language of the holiday names (the names appear in Dutch texts). */
  readonly holidayLanguage: string;
}

/**
 * The one table of supported countries. Adding a country (DE, FR) is one entry here; the
 * validation of the API and the deadline engine both read their list of countries from it.
 *
 * NL is deliberately conservative: date-holidays marks Good Friday and 5 May as `school`, so they
 * are not counted and a date is never later than the law allows (Algemene termijnenwet).
 */
export const COUNTRIES = {
  NL: {
    name: 'Nederland',
    timeZone: 'Europe/Amsterdam',
    holidayCountry: 'NL',
    holidayTypes: ['public'],
    holidayLanguage: 'nl',
  },
  BE: {
    name: 'België',
    timeZone: 'Europe/Brussels',
    holidayCountry: 'BE',
    holidayTypes: ['public'],
    holidayLanguage: 'nl',
  },
} as const satisfies Record<string, CountryDefinition>;

export type Country = keyof typeof COUNTRIES;

/** The supported country codes, in table order (`['NL', 'BE']`). */
export const COUNTRY_CODES = Object.keys(COUNTRIES) as [Country, ...Country[]];

export function isCountry(value: unknown): value is Country {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(COUNTRIES, value);
}

export function countryDefinition(country: Country): CountryDefinition {
  if (!isCountry(country)) throw new RangeError(`Unknown country: ${String(country)}.`);
  return COUNTRIES[country];
}
