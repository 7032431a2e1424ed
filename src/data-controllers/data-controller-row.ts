/** A data controller as stored, and its public resource (never identifier values, only counts). */
import { IDENTIFIER_TYPES, type Country, type IdentifierType } from './identifiers.js';
import type { Language } from '../vocabulary/language.js';

export interface DataControllerRow {
  id: string;
  name: string;
  country: Country;
  contactName: string | null;
  contactEmail: string;
  contactPhone: string | null;
  tone: 'u' | 'je';
  /** The language of the mails to this controller and of its pages. */
  language: Language;
  forwardingSlaWorkingDays: number;
  mayInformRequester: boolean;
  agreementTitle: string | null;
  agreementVersion: string | null;
  agreementDate: string | null;
  responsePromiseDays: number | null;
  active: boolean;
  isSelf: boolean;
  identifierCounts: Partial<Record<IdentifierType, number>>;
  createdAt: Date;
  updatedAt: Date;
  /** One more with every change; the ETag. */
  version: number;
}

export const CONTROLLER_COLUMNS = `
  id, name, country, contact_name AS "contactName", contact_email AS "contactEmail", contact_phone AS "contactPhone",
  tone, language, forwarding_sla_working_days AS "forwardingSlaWorkingDays", may_inform_requester AS "mayInformRequester",
  agreement_title AS "agreementTitle", agreement_version AS "agreementVersion",
  to_char(agreement_date, 'YYYY-MM-DD') AS "agreementDate", response_promise_days AS "responsePromiseDays",
  active, is_self AS "isSelf", identifier_counts AS "identifierCounts", created_at AS "createdAt", updated_at AS "updatedAt",
  version`;

export interface DataControllerResource {
  id: string;
  name: string;
  country: Country;
  privacyContact: { name: string | null; email: string; phone: string | null };
  tone: 'u' | 'je';
  language: Language;
  forwardingSlaWorkingDays: number;
  mayInformRequester: boolean;
  agreement: { title: string; version: string | null; date: string | null } | null;
  responsePromiseDays: number | null;
  active: boolean;
  isSelf: boolean;
  /** How many identifiers of each type the directory holds for this controller (never the values). */
  identifierCounts: Record<IdentifierType, number>;
  identifierTotal: number;
  createdAt: string;
  updatedAt: string;
  /** One more with every change; also the ETag, to send back as If-Match with a PATCH. */
  version: number;
}

export function identifierCounts(stored: Partial<Record<string, number>> | null | undefined): Record<IdentifierType, number> {
  const counts = Object.fromEntries(IDENTIFIER_TYPES.map((t) => [t, 0])) as Record<IdentifierType, number>;
  for (const t of IDENTIFIER_TYPES) counts[t] = Number(stored?.[t] ?? 0);
  return counts;
}

export function toControllerResource(row: DataControllerRow): DataControllerResource {
  const counts = identifierCounts(row.identifierCounts);
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    privacyContact: { name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
    tone: row.tone,
    language: row.language,
    forwardingSlaWorkingDays: row.forwardingSlaWorkingDays,
    mayInformRequester: row.mayInformRequester,
    agreement: row.agreementTitle ? { title: row.agreementTitle, version: row.agreementVersion, date: row.agreementDate } : null,
    responsePromiseDays: row.responsePromiseDays,
    active: row.active,
    isSelf: row.isSelf,
    identifierCounts: counts,
    identifierTotal: Object.values(counts).reduce((a, b) => a + b, 0),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
