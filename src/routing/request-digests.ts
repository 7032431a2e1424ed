/**
 * Pure routing pieces: the digests of a requester's identifiers, and the matched controllers a
 * directory lookup yields. No Nest, no database.
 */
import {
  IDENTIFIER_TYPES,
  identifierDigest,
  normaliseCustomerRef,
  normaliseEmail,
  phoneReadings,
  type Country,
  type HashedIdentifier,
  type IdentifierType,
} from '../data-controllers/identifiers.js';
import type { RequesterDetails } from '../requests/request-router.js';
import type { MatchedController } from '../requests/request.types.js';

/**
 * Every digest to look up for a requester: e-mail, each valid reading of the phone number (a
 * national number may be Dutch or Belgian; the processor's country first) and the customer
 * reference. Values that do not normalise are skipped: they cannot match.
 */
export function requesterDigests(requester: RequesterDetails, key: string, country: Country): HashedIdentifier[] {
  const out: HashedIdentifier[] = [];
  const add = (type: IdentifierType, value: string) => {
    const digest = identifierDigest(key, value).toString('hex');
    if (!out.some((o) => o.type === type && o.digest === digest)) out.push({ type, digest });
  };
  if (requester.email) {
    const n = normaliseEmail(requester.email);
    if (n.ok) add('email', n.value);
  }
  if (requester.phone) for (const e164 of phoneReadings(requester.phone, country)) add('phone', e164);
  if (requester.customerRef) {
    const n = normaliseCustomerRef(requester.customerRef);
    if (n.ok) add('customer-ref', n.value);
  }
  return out;
}

export interface DirectoryHit {
  controllerId: string;
  isSelf: boolean;
  types: string[];
}

/** One entry per controller, matchedBy in a stable order (email, phone, …), controllers by id. */
export function toMatchedControllers(hits: readonly DirectoryHit[]): MatchedController[] {
  const order = (t: string) => {
    const i = (IDENTIFIER_TYPES as readonly string[]).indexOf(t);
    return i < 0 ? IDENTIFIER_TYPES.length : i;
  };
  return [...hits]
    .sort((a, b) => (a.controllerId < b.controllerId ? -1 : a.controllerId > b.controllerId ? 1 : 0))
    .map((h) => ({
      controllerId: h.controllerId,
      matchedBy: [...new Set(h.types)].sort((a, b) => order(a) - order(b)),
      ...(h.isSelf ? { isSelf: true } : {}),
    }));
}
