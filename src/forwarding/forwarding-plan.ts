/**
 * Pure pieces of forwarding: the personal link, the controller's clock, whether the requester may
 * be told where the request went, the mail data and the reminder schedule. No I/O, no clock.
 */
import { csrfFor, csrfMatches, isWellFormedToken, newTokenLink, redact, REDACTED_TOKEN, tokenOfLink, type TokenLink } from '../common/links.js';
import type { Language } from '../vocabulary/language.js';
import type { Country } from '../deadlines/countries.js';
import { addWorkingDays, computeDeadlines, daysLeft } from '../deadlines/deadlines.js';

// The link helpers live in common/links.ts (shared with the e-mail confirmation links of verification).
export { csrfFor, csrfMatches, isWellFormedToken, redact, REDACTED_TOKEN, tokenOfLink };
// Whether the requester may be told: a rule of the controller's agreement (shared with processor-task completion).
export { mayTellRequester } from '../data-controllers/requester-notice.js';

/** A link is valid this many days from when it was made. */
export const LINK_VALIDITY_DAYS = 60;
/** Acknowledge reminders: at most this many, this many working days apart, then escalation. */
export const MAX_ACK_REMINDERS = 3;
export const REMINDER_INTERVAL_WORKING_DAYS = 3;
/** The decision reminder goes out this many calendar days before the controller's respondBy. */
export const DECISION_REMINDER_DAYS = 7;

export type ControllerLink = TokenLink;

export function newLink(publicBaseUrl: string, now: Date): ControllerLink {
  return newTokenLink(publicBaseUrl, 'c', now, LINK_VALIDITY_DAYS * 86_400_000);
}

export interface ControllerTerms {
  country: Country;
  forwardingSlaWorkingDays: number;
}

/** The controller's clock in its own calendar, counted from the processor's receipt (DESIGN "Whose clock"). */
export function controllerClock(
  receivedAt: Date,
  controller: ControllerTerms,
  extraNonWorkingDays: readonly string[],
): { receivedDate: string; respondBy: string; forwardBy: string } {
  const d = computeDeadlines({
    receivedAt,
    country: controller.country,
    slaWorkingDays: controller.forwardingSlaWorkingDays,
    extraNonWorkingDays,
  });
  return { receivedDate: d.receivedDate, respondBy: d.respondBy, forwardBy: d.forwardBy };
}

/** Not acknowledged by forwardBy: the first reminder goes out on the next working day. */
export function firstReminderOn(forwardBy: string, country: Country, extraNonWorkingDays: readonly string[]): string {
  return addWorkingDays(forwardBy, 1, country, extraNonWorkingDays);
}

export type ReminderDecision =
  | { kind: 'acknowledge'; nextReminderOn: string }
  | { kind: 'escalate' }
  | { kind: 'decision' }
  | undefined;

export interface ReminderCandidate {
  state: string;
  reminderCount: number;
  nextReminderOn: string | null;
  escalated: boolean;
  decisionReminded: boolean;
  respondBy: string;
  country: Country;
}

/**
 * What an open forwarding needs today (pure). Not acknowledged and its reminder day has come: a
 * reminder (up to {@link MAX_ACK_REMINDERS}, every {@link REMINDER_INTERVAL_WORKING_DAYS} working
 * days), then escalation. No decision {@link DECISION_REMINDER_DAYS} days before respondBy: one reminder.
 */
export function reminderDue(c: ReminderCandidate, today: string, extraNonWorkingDays: readonly string[]): ReminderDecision {
  if (c.state === 'sent' && c.nextReminderOn !== null && c.nextReminderOn <= today) {
    if (c.reminderCount < MAX_ACK_REMINDERS) {
      return { kind: 'acknowledge', nextReminderOn: addWorkingDays(today, REMINDER_INTERVAL_WORKING_DAYS, c.country, extraNonWorkingDays) };
    }
    if (!c.escalated) return { kind: 'escalate' };
  }
  if ((c.state === 'sent' || c.state === 'acknowledged') && !c.decisionReminded) {
    if (daysLeft(today, c.respondBy, c.country, extraNonWorkingDays).calendarDays <= DECISION_REMINDER_DAYS) return { kind: 'decision' };
  }
  return undefined;
}

/** The controller facts a forwarding mail needs (merged last into the letter context). */
export function controllerMailData(
  controller: { name: string; country: Country; contactName: string | null; tone: 'u' | 'je'; language?: Language },
  clock: { respondBy: string },
  today: string,
  extraNonWorkingDays: readonly string[],
): Record<string, unknown> {
  return {
    tone: controller.tone,
    // The controller's language (its mails and page); the outbox renders in it.
    ...(controller.language ? { lang: controller.language } : {}),
    controller: { name: controller.name, country: controller.country, contactName: controller.contactName },
    respondBy: clock.respondBy,
    daysLeft: daysLeft(today, clock.respondBy, controller.country, extraNonWorkingDays).calendarDays,
  };
}
