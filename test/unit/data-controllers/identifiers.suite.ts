/** Normalisation and hashing of directory identifiers. */
import {
  hashBatch,
  identifierDigest,
  normaliseCustomerRef,
  normaliseEmail,
  normaliseIban,
  normaliseIdentifier,
  normaliseKvk,
  normalisePhone,
  normaliseVat,
  phoneReadings,
} from '../../../src/data-controllers/identifiers.js';

const KEY = 'unit-identifier-key-0123456789abcdef';

describe('e-mail', () => {
  it.each([
    ['jan@example.nl', 'jan@example.nl'],
    ['  Jan.Jansen@Example.NL ', 'jan.jansen@example.nl'],
    ['\tJAN@EXAMPLE.NL\n', 'jan@example.nl'],
    // "é" composed (NFC) and decomposed (e + combining acute) give the same value
    ['ren\u00e9@example.be', 'ren\u00e9@example.be'],
    ['rene\u0301@example.be', 'ren\u00e9@example.be'],
    ['RENE\u0301@EXAMPLE.BE', 'ren\u00e9@example.be'],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['   '], ['jan'], ['jan@'], ['@example.nl'], ['jan @example.nl'], ['jan@example']])('refuses %j', (raw) => {
    expect(normaliseEmail(raw).ok).toBe(false);
  });
});

describe('phone', () => {
  it.each([
    ['06-12345678', 'NL', '+31612345678'],
    ['06 1234 5678', 'NL', '+31612345678'],
    ['+31 6 1234 5678', 'NL', '+31612345678'],
    ['+31 (0)6 1234 5678', 'NL', '+31612345678'],
    ['0031612345678', 'NL', '+31612345678'],
    ['020-1234567', 'NL', '+31201234567'],
    ['0470 12 34 56', 'BE', '+32470123456'],
    ['+32 470 12 34 56', 'NL', '+32470123456'],
    // a Belgian mobile number without country code is read as Belgian when it is not Dutch
    ['0470 12 34 56', 'NL', '+32470123456'],
    ['06-12345678', 'BE', '+31612345678'],
  ] as const)('%s (default %s) → %s', (raw, country, expected) => {
    expect(normalisePhone(raw, country)).toEqual({ ok: true, value: expected });
  });

  it.each([['12'], ['06-1234'], ['abc'], ['+99 123'], ['']])('refuses %j with a reason', (raw) => {
    const r = normalisePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/phone/);
  });

  it('gives every NL/BE reading of a national number, the default country first', () => {
    expect(phoneReadings('06-12345678', 'NL')).toEqual(['+31612345678']);
    expect(phoneReadings('+31612345678', 'BE')).toEqual(['+31612345678']);
    expect(phoneReadings('0470123456', 'BE')).toEqual(['+32470123456']);
  });
});

describe('IBAN', () => {
  it.each([
    ['NL91ABNA0417164300', 'NL91ABNA0417164300'],
    ['NL91 ABNA 0417 1643 00', 'NL91ABNA0417164300'],
    ['nl91 abna 0417 1643 00', 'NL91ABNA0417164300'],
    [' BE68 5390 0754 7034 ', 'BE68539007547034'],
  ])('%j → %s', (raw, expected) => {
    expect(normaliseIban(raw)).toEqual({ ok: true, value: expected });
  });

  it('refuses a wrong checksum, saying so', () => {
    expect(normaliseIban('NL91 ABNA 0417 1643 01')).toEqual({ ok: false, reason: 'IBAN checksum is wrong' });
  });

  it.each([[''], ['NL91'], ['XX91ABNA0417164300'], ['1234567890']])('refuses %j', (raw) => {
    expect(normaliseIban(raw).ok).toBe(false);
  });
});

describe('KvK, VAT, customer reference', () => {
  it.each([
    ['12345678', '12345678'],
    [' 1234 5678 ', '12345678'],
    ['12.345.678', '12345678'],
  ])('KvK %j → %s', (raw, expected) => expect(normaliseKvk(raw)).toEqual({ ok: true, value: expected }));

  it.each([['1234567'], ['123456789'], ['1234567a']])('refuses KvK %j', (raw) => expect(normaliseKvk(raw).ok).toBe(false));

  it.each([
    ['NL123456789B01', 'NL123456789B01'],
    ['nl 1234.56.789.b01', 'NL123456789B01'],
    ['BE0417497106', 'BE0417497106'],
    ['BE 0417.497.106', 'BE0417497106'],
    ['be417497106', 'BE0417497106'],
  ])('VAT %j → %s', (raw, expected) => expect(normaliseVat(raw)).toEqual({ ok: true, value: expected }));

  it.each([['NL123456789'], ['BE0417497107'], ['DE123456789'], ['NL12345678B01']])('refuses VAT %j', (raw) =>
    expect(normaliseVat(raw).ok).toBe(false),
  );

  it.each([
    ['  KL-00123 ', 'kl-00123'],
    ['Klant  42', 'klant 42'],
    ['CAF\u0045\u0301-1', 'caf\u00e9-1'],
  ])('customer reference %j → %j', (raw, expected) => expect(normaliseCustomerRef(raw)).toEqual({ ok: true, value: expected }));

  it('refuses an empty customer reference and an oversize value', () => {
    expect(normaliseCustomerRef('   ').ok).toBe(false);
    expect(normaliseIdentifier('email', 'x'.repeat(400) + '@example.nl').ok).toBe(false);
  });
});

describe('digests', () => {
  it('is HMAC-SHA256 of the normalised value: equal forms, equal digests; another key, another digest', () => {
    const a = hashBatch(KEY, [
      { type: 'email', value: 'Jan@Example.NL' },
      { type: 'email', value: ' jan@example.nl' },
      { type: 'phone', value: '06-12345678' },
      { type: 'phone', value: '+31 6 1234 5678' },
      { type: 'iban', value: 'NL91ABNA0417164301' },
    ]);
    expect(a.identifiers).toHaveLength(2);
    expect(a.repeated).toBe(2);
    expect(a.invalid).toEqual([{ index: 4, reason: 'IBAN checksum is wrong' }]);
    expect(a.identifiers[0]).toEqual({ type: 'email', digest: identifierDigest(KEY, 'jan@example.nl').toString('hex') });
    expect(a.identifiers[0].digest).toMatch(/^[0-9a-f]{64}$/);
    expect(identifierDigest('another-key-0123456789abcdef0123456', 'jan@example.nl').toString('hex')).not.toBe(a.identifiers[0].digest);
  });
});
