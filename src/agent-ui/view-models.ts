/** Turning requests into what the queue and detail templates show (Dutch labels, colours). */
import { formatDutchDate } from '../deadlines/dutch.js';
import { catalogueEntry } from '../replies/catalogue.js';
import { daysLeft, urgencyOf } from '../deadlines/deadlines.js';
import type { RequestResource, RequestRow } from '../requests/request-row.js';
import {
  INSTRUCTIONS,
  REFUSAL_GROUND_LABELS,
  REFUSAL_GROUNDS,
  RIGHT_LABELS,
  RIGHTS,
  STATE_LABELS,
  type Right,
} from '../requests/request.types.js';
import { decisionText, type TimelineEntry } from '../requests/timeline.js';
import { FORWARDING_STATE_LABELS, type ForwardingState } from '../forwarding/forwarding.machine.js';
import { CHANNEL_LABELS, EVENT_LABELS } from './forms.js';

export function stateLabel(state: string): string {
  return STATE_LABELS[state as keyof typeof STATE_LABELS] ?? state;
}

export function rightText(r: string): string {
  const l = RIGHT_LABELS[r as Right];
  return l ? `${l.name} (${l.article})` : r;
}

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
}

export function flagsOf(resource: RequestResource, undeliverable: boolean): FlagView[] {
  const f = resource.flags as RequestResource['flags'] & Record<string, unknown>;
  const out: FlagView[] = [];
  if (f.urgent) out.push({ label: 'Bezwaar/intrekking: direct stoppen', kind: 'danger' });
  if (undeliverable || f.undeliverable === true) out.push({ label: 'E-mail onbestelbaar', kind: 'danger' });
  if (f.escalated === true) out.push({ label: 'Geëscaleerd', kind: 'danger' });
  if (f.awaitingRequester) out.push({ label: 'Wacht op verzoeker', kind: 'info' });
  if (f.unmatched) out.push({ label: 'Geen verwerkingsverantwoordelijke gevonden', kind: 'warning' });
  if (f.misdirected === true) out.push({ label: 'Verkeerd doorgestuurd: opnieuw beoordelen', kind: 'danger' });
  const forwardings = Array.isArray(resource.forwardings) ? resource.forwardings : [];
  if (forwardings.some((fw) => fw.flags?.overdue === true && !fw.decision)) out.push({ label: 'Termijn verwerkingsverantwoordelijke verstreken', kind: 'danger' });
  if (resource.deadlines.extended) out.push({ label: 'Verlengd', kind: 'info' });
  if (resource.deadlines.paused) out.push({ label: 'Termijn opgeschort', kind: 'info' });
  return out;
}

/** Forwardings as far as the resource has them (the forwarding module adds them). */
export function forwardingsOf(resource: RequestResource) {
  const list = Array.isArray(resource.forwardings) ? resource.forwardings : [];
  return list.map((f) => ({
    id: f.id,
    controllerName: f.controllerName ?? f.controllerId,
    state: FORWARDING_STATE_LABELS[f.state as ForwardingState] ?? f.state,
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

export function actorText(actor: string, agentNames: Map<string, string>): string {
  if (actor === 'system') return 'Systeem';
  if (actor.startsWith('agent:')) return agentNames.get(actor.slice(6)) ?? actor.slice(6);
  if (actor.startsWith('api:')) return `Koppeling ${actor.slice(4)}`;
  if (actor.startsWith('controller:')) return 'Verwerkingsverantwoordelijke';
  if (actor === 'demo') return 'Demogegevens';
  return actor;
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

export const SCOPE_OPTIONS = [
  { value: 'controller', label: 'Voor een verwerkingsverantwoordelijke (doorsturen)' },
  { value: 'in-house', label: 'Wij zijn zelf verwerkingsverantwoordelijke (zelf afhandelen)' },
  { value: 'not-ours', label: 'Niet voor ons' },
];

export const DECISION_OPTIONS = [
  { value: 'takes-over', label: 'Handelt het zelf af' },
  { value: 'instruct', label: 'Geeft ons een instructie' },
  { value: 'not-ours', label: 'Betrokkene is niet van hen' },
];

export const INSTRUCTION_LABELS: Record<string, string> = {
  erase: 'wissen',
  rectify: 'rectificeren',
  restrict: 'beperken',
  export: 'exporteren',
  'stop-processing': 'verwerking stoppen',
};

export const INSTRUCTION_OPTIONS = INSTRUCTIONS.map((value) => ({ value, label: INSTRUCTION_LABELS[value] }));

export const GROUND_OPTIONS = REFUSAL_GROUNDS.map((value) => ({
  value,
  label: `${REFUSAL_GROUND_LABELS[value].name} (${REFUSAL_GROUND_LABELS[value].article})`,
}));

export const RIGHT_OPTIONS = RIGHTS.map((value) => ({ value, label: rightText(value) }));

export const CHANNEL_OPTIONS = Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }));

export function channelText(channel: string): string {
  return CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS] ?? channel;
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
  };
}
