/** Turning requests into what the queue and detail templates show (Dutch labels, colours). */
import { formatDutchDate } from '../deadlines/dutch.js';
import { languageLabel } from '../vocabulary/language.js';
import { catalogueEntry } from '../replies/catalogue.js';
import { daysLeft, urgencyOf } from '../deadlines/deadlines.js';
import type { RequestResource, RequestRow } from '../requests/request-row.js';
import { INSTRUCTIONS, REFUSAL_GROUND_LABELS, REFUSAL_GROUNDS, RIGHTS } from '../requests/request.types.js';
import type { TimelineEntry } from '../requests/timeline.js';
import {
  actorText,
  capitalise,
  CHANNEL_TEXTS,
  channelLabel,
  CONTROLLER_DECISIONS,
  decisionLabel,
  decisionText,
  forwardingStateLabel,
  instructionLabel,
  rightText,
  SCOPE_TEXTS,
  SCOPES,
  stateLabel,
  type Channel,
} from '../vocabulary/vocabulary.js';
import { EVENT_LABELS } from './forms.js';

// The labels come from the one vocabulary; the agent UI's pages import them from here.
export { actorText, rightText, stateLabel };

export const URGENCY_CLASS = { ok: 'ok', soon: 'soon', urgent: 'urgent', overdue: 'overdue' } as const;

/** "nog 12 dagen", "vandaag", "3 dagen te laat" (+ working days when it matters). */
export function daysLeftText(calendarDays: number, workingDays: number): string {
  if (calendarDays < 0) return `${-calendarDays} ${calendarDays === -1 ? 'dag' : 'dagen'} te laat`;
  if (calendarDays === 0) return 'vandaag';
  const base = `nog ${calendarDays} ${calendarDays === 1 ? 'dag' : 'dagen'}`;
  return workingDays <= 5 ? `${base} (${workingDays} ${workingDays === 1 ? 'werkdag' : 'werkdagen'})` : base;
}

export function clock(row: RequestRow, resource: RequestResource, today: string, extra: readonly string[]) {
  const dueAt = row.dueAt;
  if (!dueAt || resource.closedAt) return null;
  const left = daysLeft(today, dueAt, row.country, extra);
  const urgency = urgencyOf(today, dueAt, row.country, extra);
  const isForward = row.state.startsWith('triage') && dueAt === resource.deadlines.forwardBy && dueAt !== resource.deadlines.effectiveRespondBy;
  return {
    due: dueAt,
    dueText: formatDutchDate(dueAt, { weekday: false }),
    kind: isForward ? 'doorsturen' : 'antwoorden',
    text: daysLeftText(left.calendarDays, left.workingDays),
    urgency,
    urgencyLabel: { ok: 'ruim op tijd', soon: 'binnen een week', urgent: 'dringend', overdue: 'te laat' }[urgency],
  };
}

export interface FlagView {
  label: string;
  kind: 'danger' | 'warning' | 'info';
  /** A short symbol for the dense queue (the label is its text alternative). */
  icon: string;
}

/**
 * The flags of a request for the queue and its page. `newMail`: a mail attached to it that no
 * agent has seen yet (the queue reads it with the page). An open request without rights came from
 * the mailbox and waits for an agent to establish them ("Rechten vaststellen").
 */
export function flagsOf(resource: RequestResource, undeliverable: boolean, inbox: { newMail?: boolean } = {}): FlagView[] {
  const f = resource.flags as RequestResource['flags'] & Record<string, unknown>;
  const out: FlagView[] = [];
  if (f.urgent) out.push({ label: 'Bezwaar/intrekking: direct stoppen', kind: 'danger', icon: '!' });
  if (inbox.newMail) out.push({ label: 'Nieuwe mail', kind: 'warning', icon: '✦' });
  if (resource.rights.length === 0 && !resource.state.startsWith('closed')) out.push({ label: 'Rechten vaststellen', kind: 'warning', icon: '§' });
  if (undeliverable || f.undeliverable === true) out.push({ label: 'E-mail onbestelbaar', kind: 'danger', icon: '✉' });
  if (f.escalated === true) out.push({ label: 'Geëscaleerd', kind: 'danger', icon: '▲' });
  if (f.awaitingRequester) out.push({ label: 'Wacht op verzoeker', kind: 'info', icon: '…' });
  if (f.unmatched) out.push({ label: 'Geen verwerkingsverantwoordelijke gevonden', kind: 'warning', icon: '?' });
  if (f.misdirected === true) out.push({ label: 'Verkeerd doorgestuurd: opnieuw beoordelen', kind: 'danger', icon: '↩' });
  const forwardings = Array.isArray(resource.forwardings) ? resource.forwardings : [];
  if (forwardings.some((fw) => fw.flags?.overdue === true && !fw.decision)) out.push({ label: 'Termijn verwerkingsverantwoordelijke verstreken', kind: 'danger', icon: '◷' });
  if (resource.deadlines.extended) out.push({ label: 'Verlengd', kind: 'info', icon: '+' });
  if (resource.deadlines.paused) out.push({ label: 'Termijn opgeschort', kind: 'info', icon: '‖' });
  return out;
}

/** Short codes of the rights for the dense queue; the full name is the hover text and the text for screen readers. */
export const RIGHT_CODES: Readonly<Record<string, string>> = {
  access: 'INZ',
  rectification: 'REC',
  erasure: 'WIS',
  restriction: 'BEP',
  portability: 'OVD',
  objection: 'BZW',
  'objection-direct-marketing': 'DM',
  'automated-decision': 'AUT',
  'consent-withdrawal': 'TRK',
};

export function rightCode(value: string): { code: string; name: string } {
  return { code: RIGHT_CODES[value] ?? value, name: rightText(value) };
}

const SHORT_MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "7 dec" (this year) or "7 dec 2025", for one-line rows. */
export function compactDate(isoDate: string, today: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const base = `${d} ${SHORT_MONTHS[m - 1]}`;
  return String(y) === today.slice(0, 4) ? base : `${base} ${y}`;
}

/** Forwardings as far as the resource has them (the forwarding module adds them). */
export function forwardingsOf(resource: RequestResource) {
  const list = Array.isArray(resource.forwardings) ? resource.forwardings : [];
  return list.map((f) => ({
    id: f.id,
    controllerName: f.controllerName ?? f.controllerId,
    state: forwardingStateLabel(f.state),
    decision: f.decision ? decisionText(f) : '',
    // A new link makes sense until the controller has decided; revoking while one is live.
    canRenewLink: f.state !== 'done' && f.state !== 'decided' && f.flags?.sentInError !== true,
    overdue: f.flags?.overdue === true && !f.decision,
    sentInError: f.flags?.sentInError === true,
    // Art 33(2): any forwarding not reported yet, in any state of the request (IncidentsService
    // decides whether the request moves; the incident is recorded either way).
    canReportSentInError: f.flags?.sentInError !== true,
  }));
}

/** Letters of the outbox by template name, in Dutch. */
/** The Dutch title of a mail template, from the letters catalogue. */
export function templateText(template: string): string {
  return catalogueEntry(template)?.title ?? template;
}

/** Oldest first, by time and then by the order of recording. */
export function timelineOf(entries: TimelineEntry[], agentNames: Map<string, string>) {
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Number(a.id) - Number(b.id));
  return sorted.map((e) => ({
    at: e.at,
    actor: actorText(e.actor, agentNames),
    description: e.description,
  }));
}

export const SCOPE_OPTIONS = SCOPES.map((value) => ({ value, label: SCOPE_TEXTS[value].option }));

export const DECISION_OPTIONS = CONTROLLER_DECISIONS.map((value) => ({ value, label: capitalise(decisionLabel(value)) }));

/** An instruction by its stored value ("gegevens rectificeren"); an unknown value as it is. */
export const INSTRUCTION_LABELS: Readonly<Record<string, string>> = Object.fromEntries(INSTRUCTIONS.map((value) => [value, instructionLabel(value)]));

export const INSTRUCTION_OPTIONS = INSTRUCTIONS.map((value) => ({ value, label: instructionLabel(value) }));

/** The requester's own country on the intake form; empty: derived from a +31/+32 phone number or the address. */
export const REQUESTER_COUNTRY_OPTIONS: readonly { value: string; label: string }[] = [
  { value: '', label: 'Onbekend (afleiden uit telefoonnummer of adres)' },
  { value: 'NL', label: 'Nederland' },
  { value: 'BE', label: 'België' },
  { value: 'other', label: 'Ander land (landcode hieronder)' },
];

export const GROUND_OPTIONS = REFUSAL_GROUNDS.map((value) => ({
  value,
  label: `${REFUSAL_GROUND_LABELS[value].name} (${REFUSAL_GROUND_LABELS[value].article})`,
}));

export const RIGHT_OPTIONS = RIGHTS.map((value) => ({ value, label: rightText(value) }));

/** The intake form lists the channels an agent registers by hand first. */
const FORM_CHANNEL_ORDER: readonly Channel[] = ['phone', 'letter', 'email', 'webform', 'helpdesk', 'agent'];
export const CHANNEL_OPTIONS = FORM_CHANNEL_ORDER.map((value) => ({ value, label: CHANNEL_TEXTS[value].option }));

/** "Webformulier" (the detail page, the dashboard). */
export function channelText(channel: string): string {
  return capitalise(channelLabel(channel));
}

export function eventLabel(type: string): string {
  return EVENT_LABELS[type] ?? type;
}

export function requesterOf(row: RequestRow) {
  return {
    name: row.requesterName ?? '',
    email: row.requesterEmail ?? '',
    phone: row.requesterPhone ?? '',
    customerRef: row.requesterCustomerRef ?? '',
    address: row.requesterAddress ?? '',
    country: row.requesterCountry === 'NL' ? 'Nederland' : row.requesterCountry === 'BE' ? 'België' : (row.requesterCountry ?? ''),
    language: languageLabel(row.requesterLanguage),
  };
}

/**
 * The legal date in the request page's header, in every state: the date the answer is due by law
 * (respondBy in force: extended, paused or promised as it stands), with the days left while open.
 */
export function legalDateOf(resource: RequestResource, country: RequestRow['country'], today: string, extra: readonly string[]) {
  const d = resource.deadlines;
  const date = d.effectiveRespondBy;
  const notes: string[] = [];
  if (d.extended) notes.push('verlengd');
  if (d.paused) notes.push('termijn opgeschort: de datum schuift op');
  if (resource.closedAt) {
    notes.push('verzoek afgesloten');
    return { date, left: '', urgency: 'ok', note: notes.join('; ') };
  }
  const left = daysLeft(today, date, country, extra);
  return { date, left: daysLeftText(left.calendarDays, left.workingDays), urgency: urgencyOf(today, date, country, extra), note: notes.join('; ') };
}
