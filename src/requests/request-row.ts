/** A request as stored, and its public resource (what the API returns). */
import { computeDeadlines, daysLeft, urgencyOf, type Deadlines, type DaysLeft, type Urgency } from '../deadlines/deadlines.js';
import type { Country } from '../deadlines/countries.js';
import type { Right, Scope } from './request.types.js';
import type { Language } from '../vocabulary/language.js';

export interface RequestRow {
  id: string;
  reference: string;
  channel: string;
  externalRef: string | null;
  apiClient: string | null;
  receivedAt: Date;
  requesterName: string | null;
  requesterEmail: string | null;
  requesterPhone: string | null;
  requesterCustomerRef: string | null;
  requesterAddress: string | null;
  /** The requester's own country (ISO 3166-1 alpha-2), given or derived at intake; null when unknown. */
  requesterCountry: string | null;
  /** The language the requester's letters are written in (nl, fr, en). */
  requesterLanguage: Language;
  message: string | null;
  rights: Right[];
  scope: Scope | null;
  state: string;
  snapshot: unknown;
  machineVersion: number;
  version: number;
  country: Country;
  pausedDays: number;
  pausedSince: Date | null;
  extended: boolean;
  flagUrgent: boolean;
  flagUnmatched: boolean;
  flagAwaitingRequester: boolean;
  flagDeadlineNear: boolean;
  flagOverdue: boolean;
  /** A mail about this request could not be delivered (replies outbox): an agent must act. */
  flagMailFailed: boolean;
  dueAt: string | null;
  assigneeId: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** SELECT list giving a RequestRow (dates as `YYYY-MM-DD` text). */
export const REQUEST_COLUMNS = `
  id, reference, channel, external_ref AS "externalRef", api_client AS "apiClient", received_at AS "receivedAt",
  requester_name AS "requesterName", requester_email AS "requesterEmail", requester_phone AS "requesterPhone",
  requester_customer_ref AS "requesterCustomerRef", requester_address AS "requesterAddress", requester_country AS "requesterCountry", requester_language AS "requesterLanguage", message,
  rights, scope, state, snapshot, machine_version AS "machineVersion", version, country,
  paused_days AS "pausedDays", paused_since AS "pausedSince", extended,
  flag_urgent AS "flagUrgent", flag_unmatched AS "flagUnmatched", flag_awaiting_requester AS "flagAwaitingRequester",
  flag_deadline_near AS "flagDeadlineNear", flag_overdue AS "flagOverdue", flag_mail_failed AS "flagMailFailed",
  to_char(due_at, 'YYYY-MM-DD') AS "dueAt", assignee_id AS "assigneeId", closed_at AS "closedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface RequestDeadlines extends Deadlines {
  /** The legal date in force: extendedRespondBy after an extension, else respondBy. */
  dueDate: string;
  paused: boolean;
  extended: boolean;
  /** From today to the earliest open date; absent once closed. */
  daysLeft?: DaysLeft;
  urgency?: Urgency;
}

export interface Forwarding {
  id: string;
  controllerId: string;
  controllerName: string;
  state: string;
  decision: string | null;
  instruction: string | null;
  instructionDetails?: string | null;
  note?: string | null;
  /** overdue: past the controller's respondBy without a decision; sentInError: sent to the wrong controller (art 33(2)). */
  flags?: { reminded: boolean; escalated: boolean; linkRevoked: boolean; overdue?: boolean; sentInError?: boolean };
  overdueAt?: string | null;
  sentInErrorAt?: string | null;
  reminderCount?: number;
  /** The controller's own dates (its calendar, counted from the processor's receipt). */
  respondBy?: string;
  forwardBy?: string;
  sentAt?: string | null;
  acknowledgedAt?: string | null;
  decidedAt?: string | null;
  linkExpiresAt?: string | null;
  createdAt?: string;
}

/** A processor task (a controller's instruction the processor carries out) in the request resource. */
export interface ProcessorTaskResource {
  id: string;
  controllerId: string;
  instruction: string;
  /** open | concern | done | cancelled */
  state: string;
  outcome: string | null;
  recipientsNotified: { name: string; notifiedAt: string }[];
  concern: {
    reason: string;
    raisedAt: string;
    resolution: 'confirmed' | 'withdrawn' | null;
    note: string | null;
    resolvedAt: string | null;
  } | null;
  /** Exports uploaded for an `export` instruction (metadata only). */
  exports: { id: string; filename: string; sizeBytes: number; sha256: string; expiresAt: string; firstDownloadedAt: string | null }[];
  createdAt: string;
  doneAt: string | null;
}

/** A controller the request was routed to, and how it was matched (identifier types, never values). */
export interface RoutedController {
  controllerId: string;
  /** null when the controller no longer exists or names were not looked up. */
  name: string | null;
  matchedBy: string[];
  isSelf: boolean;
}

/** The routing result in a stored snapshot (`context.controllers`), with names where known. */
export function routedControllers(snapshot: unknown, names?: ReadonlyMap<string, { name: string }>): RoutedController[] {
  const entries = (snapshot as { context?: { controllers?: unknown } } | null)?.context?.controllers;
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((c): c is { controllerId: string; matchedBy?: unknown; isSelf?: unknown } => typeof c?.controllerId === 'string')
    .map((c) => ({
      controllerId: c.controllerId,
      name: names?.get(c.controllerId)?.name ?? null,
      matchedBy: Array.isArray(c.matchedBy) ? c.matchedBy.map(String) : [],
      isSelf: c.isSelf === true,
    }));
}

export interface RequestResource {
  id: string;
  reference: string;
  channel: string;
  externalRef: string | null;
  receivedAt: string;
  state: string;
  scope: Scope | null;
  rights: Right[];
  requester: { name: string | null; email: string | null; phone: string | null; customerRef: string | null; address: string | null; country: string | null; language: Language };
  message: string | null;
  /** misdirected: back in triage because its only open forwarding went to the wrong controller (art 33(2)). */
  flags: { urgent: boolean; unmatched: boolean; awaitingRequester: boolean; deadlineNear: boolean; overdue: boolean; mailFailed: boolean; misdirected: boolean };
  deadlines: RequestDeadlines;
  allowedEvents: string[];
  /** The controllers the request was routed to (automatically or by an agent) and how each was matched. */
  controllers: RoutedController[];
  forwardings: Forwarding[];
  /** The processor's work on controllers' instructions (empty until a controller instructs). */
  processorTasks: ProcessorTaskResource[];
  assigneeId: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ClockInputs {
  receivedAt: Date;
  country: Country;
  pausedDays: number;
  extended: boolean;
  closed: boolean;
  extraNonWorkingDays: readonly string[];
  promiseDays?: number;
}

/** The request's own clock (the processor's, DESIGN "Whose clock") and its earliest open date. */
export function requestDeadlines(input: ClockInputs, today?: string): RequestDeadlines {
  const d = computeDeadlines({
    receivedAt: input.receivedAt,
    country: input.country,
    pausedDays: input.pausedDays,
    promiseDays: input.promiseDays,
    extraNonWorkingDays: input.extraNonWorkingDays,
  });
  const dueDate = input.extended ? d.extendedRespondBy : d.respondBy;
  const effective = d.promiseRespondBy && d.promiseRespondBy < dueDate ? d.promiseRespondBy : dueDate;
  const result: RequestDeadlines = { ...d, effectiveRespondBy: effective, dueDate, paused: false, extended: input.extended };
  if (today && !input.closed) {
    result.daysLeft = daysLeft(today, effective, input.country, input.extraNonWorkingDays);
    result.urgency = urgencyOf(today, effective, input.country, input.extraNonWorkingDays);
  }
  return result;
}

/** The clock of a stored request; days left and urgency counted from `today` while it is open. */
export function rowDeadlines(row: RequestRow, extraNonWorkingDays: string[], today?: string): RequestDeadlines {
  return requestDeadlines(
    { receivedAt: row.receivedAt, country: row.country, pausedDays: row.pausedDays, extended: row.extended, closed: row.closedAt !== null, extraNonWorkingDays },
    today,
  );
}

/** The requester's details as the API and the dossier show them. */
export function requesterOf(row: RequestRow): RequestResource['requester'] {
  return {
    name: row.requesterName,
    email: row.requesterEmail,
    phone: row.requesterPhone,
    customerRef: row.requesterCustomerRef,
    address: row.requesterAddress,
    country: row.requesterCountry,
    language: row.requesterLanguage,
  };
}

export function toResource(
  row: RequestRow,
  deadlines: RequestDeadlines,
  allowedEvents: string[],
  forwardings: Forwarding[] = [],
  controllers: RoutedController[] = routedControllers(row.snapshot),
  processorTasks: ProcessorTaskResource[] = [],
): RequestResource {
  return {
    id: row.id,
    reference: row.reference,
    channel: row.channel,
    externalRef: row.externalRef,
    receivedAt: row.receivedAt.toISOString(),
    state: row.state,
    scope: row.scope,
    rights: row.rights,
    requester: requesterOf(row),
    message: row.message,
    flags: {
      urgent: row.flagUrgent,
      unmatched: row.flagUnmatched,
      awaitingRequester: row.flagAwaitingRequester,
      deadlineNear: row.flagDeadlineNear,
      overdue: row.flagOverdue,
      mailFailed: row.flagMailFailed,
      // From the snapshot (no column): set by FORWARDING_MISDIRECTED, cleared when the request leaves triage.
      misdirected: (row.snapshot as { context?: { flags?: { misdirected?: unknown } } } | null)?.context?.flags?.misdirected === true,
    },
    deadlines: { ...deadlines, paused: row.pausedSince !== null },
    allowedEvents,
    controllers,
    forwardings,
    processorTasks,
    assigneeId: row.assigneeId,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
