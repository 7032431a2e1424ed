/**
 * The identifier directory's pure core: normalising identifiers (e-mail, phone, IBAN, customer
 * reference, KvK, VAT) to one canonical form, and their keyed digest. Only the digest is ever
 * stored; the clear value is never stored or logged.
 *
 * No Nest, no database.
 */
import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { electronicFormatIBAN, validateIBAN, ValidationErrorsIBAN } from 'ibantools';

export const IDENTIFIER_TYPES = ['email', 'phone', 'iban', 'customer-ref', 'kvk', 'vat'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export type Country = 'NL' | 'BE';

export function isIdentifierType(value: unknown): value is IdentifierType {
  return typeof value === 'string' && (IDENTIFIER_TYPES as readonly string[]).includes(value);
}

export type Normalised = { ok: true; value: string } | { ok: false; reason: string };

const ok = (value: string): Normalised => ({ ok: true, value });
const invalid = (reason: string): Normalised => ({ ok: false, reason });

/** Longest clear value accepted (before normalisation). */
export const MAX_IDENTIFIER_LENGTH = 320;

// ---------------------------------------------------------------------------------------------
// Per type
// ---------------------------------------------------------------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/u;

/** Trimmed, Unicode NFC, lower-cased. */
export function normaliseEmail(raw: string): Normalised {
  const value = raw.trim().normalize('NFC').toLowerCase().normalize('NFC');
  if (!value) return invalid('empty e-mail address');
  if (!EMAIL.test(value) || value.length > 254) return invalid('not an e-mail address');
  return ok(value);
}

const OTHER_COUNTRY: Record<Country, Country> = { NL: 'BE', BE: 'NL' };

/**
 * Every E.164 reading of a phone number: one for an international number (`+…`, `00…`); for a
 * national number the valid readings in the default country and the other of NL/BE, default first.
 */
export function phoneReadings(raw: string, defaultCountry: Country = 'NL'): string[] {
  let value = raw.trim();
  if (value.startsWith('00')) value = '+' + value.slice(2);
  const readings: string[] = [];
  const countries: CountryCode[] = value.startsWith('+') ? [defaultCountry] : [defaultCountry, OTHER_COUNTRY[defaultCountry]];
  for (const country of countries) {
    const parsed = parsePhoneNumberFromString(value, country);
    if (parsed?.isValid() && !readings.includes(parsed.number)) readings.push(parsed.number);
  }
  return readings;
}

/** E.164; a national number is read in the default country (NL or BE), else in the other. */
export function normalisePhone(raw: string, defaultCountry: Country = 'NL'): Normalised {
  const value = raw.trim();
  if (!value) return invalid('empty phone number');
  if (!/^\+?[0-9 ()./-]+$/.test(value)) return invalid('a phone number has only digits, spaces, +, -, (, ), . and /');
  const [first] = phoneReadings(value, defaultCountry);
  return first ? ok(first) : invalid('not a valid phone number (NL or BE, or international with +)');
}

/** Without spaces, upper-case, checksum-validated. */
export function normaliseIban(raw: string): Normalised {
  const value = electronicFormatIBAN(raw.trim().replace(/[\s.-]/g, '')) ?? '';
  if (!value) return invalid('empty IBAN');
  const result = validateIBAN(value);
  if (result.valid) return ok(value);
  if (result.errorCodes.includes(ValidationErrorsIBAN.WrongIBANChecksum)) return invalid('IBAN checksum is wrong');
  if (result.errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) return invalid('unknown IBAN country');
  return invalid('not a valid IBAN');
}

/** Chamber of Commerce (KvK) number: 8 digits. */
export function normaliseKvk(raw: string): Normalised {
  const value = raw.trim().replace(/[\s.-]/g, '');
  if (!/^\d{8}$/.test(value)) return invalid('a KvK number has 8 digits');
  return ok(value);
}

/**
 * VAT number: `NL` + 9 digits + `B` + 2 digits, or `BE` + 10-digit enterprise number (a 9-digit
 * old form gets its leading 0) with its mod-97 check.
 */
export function normaliseVat(raw: string): Normalised {
  const value = raw.trim().toUpperCase().replace(/[\s.-]/g, '');
  if (/^NL\d{9}B\d{2}$/.test(value)) return ok(value);
  const be = /^BE([01]?\d{9})$/.exec(value);
  if (be) {
    const digits = be[1].length === 9 ? '0' + be[1] : be[1];
    if (97 - (Number(digits.slice(0, 8)) % 97) !== Number(digits.slice(8))) return invalid('Belgian VAT number checksum is wrong');
    return ok('BE' + digits);
  }
  return invalid('a VAT number is NL123456789B01 or BE0123456789');
}

/** Trimmed, NFC, case-folded, inner white space collapsed. */
export function normaliseCustomerRef(raw: string): Normalised {
  const value = raw.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase().normalize('NFC');
  if (!value) return invalid('empty customer reference');
  if (value.length > 200) return invalid('a customer reference has at most 200 characters');
  return ok(value);
}

export function normaliseIdentifier(type: IdentifierType, raw: string, defaultCountry: Country = 'NL'): Normalised {
  if (typeof raw !== 'string') return invalid('value must be a string');
  if (raw.length > MAX_IDENTIFIER_LENGTH) return invalid(`at most ${MAX_IDENTIFIER_LENGTH} characters`);
  switch (type) {
    case 'email':
      return normaliseEmail(raw);
    case 'phone':
      return normalisePhone(raw, defaultCountry);
    case 'iban':
      return normaliseIban(raw);
    case 'customer-ref':
      return normaliseCustomerRef(raw);
    case 'kvk':
      return normaliseKvk(raw);
    case 'vat':
      return normaliseVat(raw);
  }
}

// ---------------------------------------------------------------------------------------------
// Digest
// ---------------------------------------------------------------------------------------------

/** HMAC-SHA256 (IDENTIFIER_KEY) of a normalised value: what the directory stores. */
export function identifierDigest(key: string, normalised: string): Buffer {
  return createHmac('sha256', key).update(normalised, 'utf8').digest();
}

export interface HashedIdentifier {
  type: IdentifierType;
  /** The digest as 64 lower-case hex characters. */
  digest: string;
}

export type HashResult = { ok: true; identifier: HashedIdentifier } | { ok: false; reason: string };

/** Normalises and hashes one identifier. */
export function hashIdentifier(key: string, type: IdentifierType, raw: string, defaultCountry: Country = 'NL'): HashResult {
  const n = normaliseIdentifier(type, raw, defaultCountry);
  if (!n.ok) return n;
  return { ok: true, identifier: { type, digest: identifierDigest(key, n.value).toString('hex') } };
}

export interface IdentifierInput {
  type: IdentifierType;
  value: string;
}

export interface HashedBatch {
  /** Distinct valid identifiers, in first-seen order. */
  identifiers: HashedIdentifier[];
  /** Valid entries that repeat an earlier one in the same batch. */
  repeated: number;
  invalid: { index: number; reason: string }[];
}

/** Normalises and hashes a batch; invalid entries are listed with their index and reason. */
export function hashBatch(key: string, inputs: readonly IdentifierInput[], defaultCountry: Country = 'NL'): HashedBatch {
  const seen = new Set<string>();
  const identifiers: HashedIdentifier[] = [];
  const invalidEntries: { index: number; reason: string }[] = [];
  let repeated = 0;
  inputs.forEach((input, index) => {
    const r = hashIdentifier(key, input.type, input.value, defaultCountry);
    if (!r.ok) {
      invalidEntries.push({ index, reason: r.reason });
      return;
    }
    const k = r.identifier.type + ':' + r.identifier.digest;
    if (seen.has(k)) {
      repeated++;
      return;
    }
    seen.add(k);
    identifiers.push(r.identifier);
  });
  return { identifiers, repeated, invalid: invalidEntries };
}
