/**
 * The requester's own country, for the identification letter's redaction guidance (LEGAL.md,
 * "Identity documents per country of the requester"): the country given at intake, or derived
 * from an international +31/+32 phone number, or from the address (a country name, a Dutch
 * postcode "1234 AB", a Belgian "B-1000"). Unknown (null) when none of these says it; the letter
 * then gives guidance for both Dutch and Belgian documents. Pure.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** ISO 3166-1 alpha-2, upper case. */
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;

const ADDRESS_COUNTRIES: readonly { country: 'NL' | 'BE'; pattern: RegExp }[] = [
  { country: 'BE', pattern: /(^|[^\p{L}])(belgi[eë]|belgium|belgique|belgien)($|[^\p{L}])/iu },
  { country: 'NL', pattern: /(^|[^\p{L}])(nederland|netherlands|pays-bas|niederlande|holland)($|[^\p{L}])/iu },
];
/** A Dutch postcode: four digits (not starting with 0) and two letters ("1234 AB", "1234AB"); SA, SD and SS are never issued. */
const DUTCH_POSTCODE = /(^|[^\p{L}\p{N}])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}($|[^\p{L}\p{N}])/u;
/** A Belgian postcode written with its country prefix: "B-1000", "B 1000". */
const BELGIAN_POSTCODE = /(^|[^\p{L}\p{N}])B[- ][1-9]\d{3}($|[^\p{L}\p{N}])/u;

/** "+31 6 1234 5678" → NL, "+32 470 12 34 56" → BE; any other number (or a national one without +): null. */
export function countryOfPhone(phone: string | null | undefined): 'NL' | 'BE' | null {
  if (!phone) return null;
  const compact = phone.replace(/[\s().\/-]/g, '').replace(/^00/, '+');
  if (!/^\+3[12]/.test(compact)) return null;
  const parsed = parsePhoneNumberFromString(compact);
  if (!parsed?.isValid()) return null;
  return parsed.country === 'NL' || parsed.country === 'BE' ? parsed.country : null;
}

/** The country an address names, or whose postcode it has; null when it says neither NL nor BE. */
export function countryOfAddress(address: string | null | undefined): 'NL' | 'BE' | null {
  if (!address) return null;
  for (const { country, pattern } of ADDRESS_COUNTRIES) if (pattern.test(address)) return country;
  if (BELGIAN_POSTCODE.test(address)) return 'BE';
  if (DUTCH_POSTCODE.test(address)) return 'NL';
  return null;
}

/** The country given (upper-cased), else the phone's, else the address's; null when unknown. */
export function requesterCountry(r: { country?: string | null; phone?: string | null; address?: string | null }): string | null {
  const given = r.country?.trim().toUpperCase();
  if (given && COUNTRY_CODE_PATTERN.test(given)) return given;
  return countryOfPhone(r.phone) ?? countryOfAddress(r.address);
}
