/** The requester's own country: given, or derived from a +31/+32 phone number or the address. */
import { countryOfAddress, countryOfPhone, requesterCountry } from '../../../src/requests/requester-country.js';

describe('the requester\'s country', () => {
  it('a country given wins, upper-cased, also one other than NL or BE', () => {
    expect(requesterCountry({ country: 'be', phone: '+31 6 12345678' })).toBe('BE');
    expect(requesterCountry({ country: 'DE' })).toBe('DE');
  });

  it('from an international Dutch or Belgian phone number, not from a national one or another country', () => {
    expect(countryOfPhone('+31 6 12345678')).toBe('NL');
    expect(countryOfPhone('0031 20 123 4567')).toBe('NL');
    expect(countryOfPhone('+32 470 12 34 56')).toBe('BE');
    expect(countryOfPhone('+32 2 274 48 00')).toBe('BE');
    expect(countryOfPhone('06 12345678')).toBeNull();
    expect(countryOfPhone('+49 30 1234567')).toBeNull();
    expect(countryOfPhone('+31 1')).toBeNull();
  });

  it('from an address: a country name, a Dutch postcode or a Belgian one with its B- prefix', () => {
    expect(countryOfAddress('Dorpsstraat 1, 1234 AB Ergens')).toBe('NL');
    expect(countryOfAddress('Dorpsstraat 1, 1234AB Ergens')).toBe('NL');
    expect(countryOfAddress('Kerkstraat 12, 9000 Gent, België')).toBe('BE');
    expect(countryOfAddress('Rue de la Loi 16, B-1000 Bruxelles')).toBe('BE');
    expect(countryOfAddress('Hoofdstraat 3, 2000 Antwerpen, Belgium')).toBe('BE');
    // Four digits alone fit both countries: not enough.
    expect(countryOfAddress('Kerkstraat 12, 9000 Gent')).toBeNull();
    expect(countryOfAddress('Musterstraße 1, 10115 Berlin')).toBeNull();
  });

  it('the phone before the address; unknown when neither says it', () => {
    expect(requesterCountry({ phone: '+32 470 12 34 56', address: '1234 AB Ergens' })).toBe('BE');
    expect(requesterCountry({ address: '1234 AB Ergens' })).toBe('NL');
    expect(requesterCountry({ phone: '06 12345678' })).toBeNull();
    expect(requesterCountry({})).toBeNull();
  });
});
