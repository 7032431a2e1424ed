/**
 * The breach notice to the controller whose data it is (art 33(2)), with the contents of art 33(3):
 * what happened, when, which data (categories, never the content), to whom, the measures taken and
 * a contact (the processor's privacy address, added by the outbox's letter context). Pure.
 */
import type { Country } from '../deadlines/countries.js';
import type { Language } from '../vocabulary/language.js';
import { localDate } from '../deadlines/deadlines.js';
import { localDateTime } from '../deadlines/time.js';

export const BREACH_NOTICE_TEMPLATE = 'breach-notice';

/** What the request held that the wrong recipient received (in the mail or behind its link). */
export interface DisclosedFields {
  name: boolean;
  email: boolean;
  phone: boolean;
  address: boolean;
  customerRef: boolean;
  message: boolean;
}

/** The categories in plain Dutch, in a fixed order; the rights asked are always part of a forwarding. */
export function breachDataCategories(f: DisclosedFields): string[] {
  return [
    ...(f.name ? ['naam'] : []),
    ...(f.email ? ['e-mailadres'] : []),
    ...(f.phone ? ['telefoonnummer'] : []),
    ...(f.address ? ['adres'] : []),
    ...(f.customerRef ? ['klantnummer'] : []),
    ...(f.message ? ['de tekst van het verzoek'] : []),
    'welke rechten de betrokkene inroept',
  ];
}

export interface BreachFacts {
  wrongRecipientName: string;
  /** When the forwarding mail left (its creation when it never left). */
  forwardedAt: Date;
  /** When the processor became aware (the report). */
  reportedAt: Date;
  linkRevokedAt: Date;
  exposure: { linkOpened: boolean; detailsViewed: boolean; documentsDownloaded: boolean };
  disclosed: DisclosedFields;
  deletionRequestedAt: Date | null;
  deletionConfirmedAt: Date | null;
}

export interface NotifiedController {
  name: string;
  country: Country;
  contactName: string | null;
  tone: 'u' | 'je';
  /** The language of the notice (the controller's). */
  language?: Language;
}

/** The outbox data of the breach notice (the reference and the processor come from the outbox). */
export function breachNoticeData(incidentId: string, facts: BreachFacts, controller: NotifiedController): Record<string, unknown> {
  const c = controller.country;
  const time = (d: Date) => localDateTime(d, c).slice(11, 16);
  return {
    tone: controller.tone,
    ...(controller.language ? { lang: controller.language } : {}),
    incidentId,
    controller: { name: controller.name, country: c, contactName: controller.contactName },
    wrongRecipient: { name: facts.wrongRecipientName },
    forwardedOn: localDate(facts.forwardedAt, c),
    forwardedTime: time(facts.forwardedAt),
    reportedOn: localDate(facts.reportedAt, c),
    reportedTime: time(facts.reportedAt),
    dataCategories: breachDataCategories(facts.disclosed),
    exposure: facts.exposure,
    linkRevokedOn: localDate(facts.linkRevokedAt, c),
    deletionRequestedOn: facts.deletionRequestedAt ? localDate(facts.deletionRequestedAt, c) : null,
    deletionConfirmedOn: facts.deletionConfirmedAt ? localDate(facts.deletionConfirmedAt, c) : null,
  };
}
