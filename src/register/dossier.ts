/**
 * The dossier of one request (for a complaint at the AP or GBA, or a court): everything the
 * system knows about the request, its clocks, its forwardings and decisions, its verification and
 * every letter, as Dutch sections. Pure: data in, sections out; the PDF renderer
 * (dossier-pdf.ts) only lays them out.
 */
import { localDateTime } from '../deadlines/time.js';
import type { Country } from '../deadlines/countries.js';
import { formatDutchDate } from '../deadlines/dutch.js';
import type { ForwardingRow } from '../forwarding/forwarding-row.js';
import { catalogueEntry } from '../replies/catalogue.js';
import { DOCUMENT_TYPE_LABELS } from '../replies/id-guidance.js';
import type { RequestDeadlines } from '../requests/request-row.js';
import { REFUSAL_GROUND_LABELS, type RefusalGround, type Right, type Scope } from '../requests/request.types.js';
import { METHOD_LABELS, STATUS_LABELS } from '../verification/verification.rules.js';
import type { VerificationStepResource } from '../verification/verification.service.js';
import { deadlineOutcome } from './register.service.js';
import {
  actorText,
  capitalise,
  channelVia,
  decisionText,
  forwardingStateLabel,
  instructionLabel,
  rightText,
  scopeOption,
  stateLabel,
  taskStateLabel,
} from '../vocabulary/vocabulary.js';

// ---- input ---------------------------------------------------------------------------------

/** A forwarding as the dossier shows it (the stored row, without the link and machine bookkeeping). */
export type DossierForwarding = Pick<
  ForwardingRow,
  | 'controllerName' | 'state' | 'matchedBy' | 'sentAt' | 'acknowledgedAt' | 'decidedAt' | 'decision' | 'instruction' | 'instructionDetails'
  | 'note' | 'decidedBy' | 'reminderCount' | 'escalated' | 'respondBy' | 'forwardBy' | 'cancelledAt'
> & { contactEmail: string | null };

export type DossierVerificationStep = Pick<
  VerificationStepResource,
  'method' | 'status' | 'reason' | 'performedBy' | 'requestedAt' | 'decidedAt' | 'decidedBy' | 'documentType' | 'note' | 'warnings' | 'record'
>;

export interface DossierMessage {
  template: string;
  /** The controller a forwarding mail went to (null: not a forwarding mail). */
  controllerName: string | null;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  subject: string | null;
  text: string | null;
}

export interface DossierInput {
  generatedAt: Date;
  /** Who asked for the dossier, as people read it ("Mila Medewerker", "Koppeling zendesk"). */
  generatedBy: string;
  processorName: string;
  request: {
    reference: string;
    externalRef: string | null;
    channel: string;
    receivedAt: Date;
    country: Country;
    rights: Right[];
    scope: Scope | null;
    state: string;
    closedAt: Date | null;
    purgedAt: Date | null;
    legalHold: { reason: string; at: Date } | null;
    requester: { name: string | null; email: string | null; phone: string | null; customerRef: string | null; address: string | null };
    message: string | null;
    /** The workflow context of the snapshot (pauses, extension, refusal, duplicate). */
    context: {
      pauses?: { from: string; to?: string; reason?: string }[];
      extended?: { reason?: string; at?: string } | null;
      refusal?: { ground?: RefusalGround; reason?: string; partial?: boolean } | null;
      duplicateOf?: string;
    };
  };
  deadlines: RequestDeadlines;
  /** Today in the request's calendar (for the outcome of an open request). */
  today: string;
  /** Audit trail entries with Dutch descriptions, oldest first. */
  timeline: { at: string; actor: string; description: string }[];
  /** `username` → display name, for actors. */
  agentNames: Map<string, string>;
  forwardings: DossierForwarding[];
  /** Rows of `processor_tasks`, as the database gives them (columns may grow: read defensively). */
  tasks: Record<string, unknown>[];
  verification: DossierVerificationStep[];
  messages: DossierMessage[];
  notes: { author: string; text: string; at: Date }[];
}

// ---- output --------------------------------------------------------------------------------

export interface Fact {
  label: string;
  value: string;
}

export type DossierBlock =
  | { kind: 'facts'; title?: string; facts: Fact[] }
  | { kind: 'paragraph'; text: string }
  /** Text recorded verbatim (an instruction, a reason, a letter body): shown set off and unaltered. */
  | { kind: 'verbatim'; label: string; text: string }
  | { kind: 'table'; title?: string; columns: { header: string; width: number }[]; rows: string[][] };

export interface DossierSection {
  heading: string;
  blocks: DossierBlock[];
}

export interface Dossier {
  reference: string;
  title: string;
  /** Lines under the title: for whom, when, by whom, confidentiality. */
  intro: string[];
  sections: DossierSection[];
}

// ---- helpers -------------------------------------------------------------------------------

/** "3 maart 2025 om 10:00" in the request's calendar. */
export function dutchDateTimeIn(at: Date | string, country: Country): string {
  const local = localDateTime(typeof at === 'string' ? new Date(at) : at, country);
  return `${formatDutchDate(local.slice(0, 10), { weekday: false })} om ${local.slice(11, 16)}`;
}

function dutchDay(date: string): string {
  return formatDutchDate(date.slice(0, 10), { weekday: false });
}

function days(n: number): string {
  return `${n} ${n === 1 ? 'dag' : 'dagen'}`;
}

const PURGED_NOTICE = 'verwijderd na afloop van de bewaartermijn';

/** Personal links (/c/<token>, /v/<token>) never appear in a dossier, even if a stored text still held one. */
export function withoutLinkTokens(text: string): string {
  return text.replace(/\/(c|v)\/[A-Za-z0-9_-]{16,}/g, '/$1/[verwijderd]');
}

const MESSAGE_STATUS: Record<string, string> = {
  queued: 'nog niet verstuurd (in de wachtrij)',
  sending: 'wordt verstuurd',
  sent: 'verstuurd',
  failed: 'niet bezorgd',
};

const OUTCOME_TEXT = {
  met: (d: number) => `gehaald (${d === 0 ? 'op de uiterste datum' : `${days(-d)} voor de uiterste datum`} afgesloten)`,
  missed: (d: number) => `niet gehaald (${days(d)} na de uiterste datum afgesloten)`,
  open: (d: number) => `loopt nog (${d === 0 ? 'vandaag is de uiterste datum' : `nog ${days(-d)}`})`,
  overdue: (d: number) => `verstreken (${days(d)} te laat, nog niet afgesloten)`,
} as const;

function recipientRole(m: DossierMessage, processorName: string): string {
  const audience = catalogueEntry(m.template)?.audience;
  if (audience === 'controller' || m.controllerName) return `Verwerkingsverantwoordelijke${m.controllerName ? ` (${m.controllerName})` : ''}`;
  if (audience === 'processor') return `Eigen privacyteam (${processorName})`;
  return 'Verzoeker';
}

function letterTitle(template: string): string {
  return catalogueEntry(template)?.title ?? template;
}

function str(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => str(v) ?? '').filter(Boolean).join(', ') || null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// ---- sections ------------------------------------------------------------------------------

function requestSection(input: DossierInput): DossierSection {
  const r = input.request;
  const facts: Fact[] = [
    { label: 'Kenmerk', value: r.reference },
    ...(r.externalRef ? [{ label: 'Extern kenmerk', value: r.externalRef }] : []),
    { label: 'Ontvangen', value: `${dutchDateTimeIn(r.receivedAt, r.country)} ${channelVia(r.channel)}` },
    { label: 'Rechten', value: r.rights.length ? r.rights.map(rightText).join('; ') : 'nog niet vastgesteld' },
    { label: 'Afhandeling', value: r.scope ? scopeOption(r.scope) : 'nog niet beoordeeld' },
    { label: 'Status', value: stateLabel(r.state) },
    ...(r.closedAt ? [{ label: 'Afgesloten', value: dutchDateTimeIn(r.closedAt, r.country) }] : []),
    ...(r.context.duplicateOf ? [{ label: 'Dubbel verzoek van', value: r.context.duplicateOf }] : []),
    { label: 'Kalender', value: r.country === 'BE' ? 'België (Europe/Brussels)' : 'Nederland (Europe/Amsterdam)' },
  ];
  if (r.legalHold) facts.push({ label: 'Bewaarplicht (legal hold)', value: `sinds ${dutchDateTimeIn(r.legalHold.at, r.country)}: ${r.legalHold.reason}` });
  if (r.purgedAt) facts.push({ label: 'Persoonsgegevens', value: `${PURGED_NOTICE} op ${dutchDateTimeIn(r.purgedAt, r.country)}` });
  return { heading: 'Het verzoek', blocks: [{ kind: 'facts', facts }] };
}

function requesterSection(input: DossierInput): DossierSection {
  const r = input.request;
  if (r.purgedAt) {
    return {
      heading: 'Verzoeker',
      blocks: [
        {
          kind: 'paragraph',
          text:
            `De naam, contactgegevens en het bericht van de verzoeker zijn op ${dutchDay(localDateTime(r.purgedAt, r.country))} ${PURGED_NOTICE} ` +
            '(art. 5 lid 1 onder e AVG). Kenmerk, data, rechten, besluiten en het logboek zijn bewaard.',
        },
      ],
    };
  }
  const q = r.requester;
  const facts: Fact[] = [
    { label: 'Naam', value: q.name ?? 'niet opgegeven' },
    ...(q.email ? [{ label: 'E-mail', value: q.email }] : []),
    ...(q.phone ? [{ label: 'Telefoon', value: q.phone }] : []),
    ...(q.customerRef ? [{ label: 'Klantnummer', value: q.customerRef }] : []),
    ...(q.address ? [{ label: 'Adres', value: q.address }] : []),
  ];
  const blocks: DossierBlock[] = [{ kind: 'facts', facts }];
  if (r.message) blocks.push({ kind: 'verbatim', label: 'Bericht van de verzoeker (letterlijk)', text: r.message });
  return { heading: 'Verzoeker', blocks };
}

function deadlineSection(input: DossierInput): DossierSection {
  const d = input.deadlines;
  const ctx = input.request.context;
  const rows: string[][] = [
    ['Ontvangen', dutchDay(d.receivedDate), 'De dag van ontvangst telt niet mee.'],
    ['Doorsturen uiterlijk', dutchDay(d.forwardBy), d.explanations.forwardBy.text],
    [d.extended ? 'Oorspronkelijke uiterste datum' : 'Uiterste datum antwoord', dutchDay(d.respondBy), d.explanations.respondBy.text],
  ];
  if (d.pausedDays > 0) rows.push(['Zonder opschorting', dutchDay(d.unpausedRespondBy), d.explanations.unpausedRespondBy.text]);
  rows.push([d.extended ? 'Uiterste datum na verlenging' : 'Bij verlenging', dutchDay(d.extendedRespondBy), d.explanations.extendedRespondBy.text]);
  if (d.promiseRespondBy && d.explanations.promiseRespondBy) rows.push(['Toegezegd', dutchDay(d.promiseRespondBy), d.explanations.promiseRespondBy.text]);
  const blocks: DossierBlock[] = [
    { kind: 'table', columns: [{ header: 'Termijn', width: 0.27 }, { header: 'Datum', width: 0.18 }, { header: 'Toelichting', width: 0.55 }], rows },
  ];
  const closedOn = input.request.closedAt ? localDateTime(input.request.closedAt, input.request.country).slice(0, 10) : null;
  const outcome = deadlineOutcome(d.dueDate, closedOn, input.today);
  const facts: Fact[] = [
    { label: 'Geldende uiterste datum', value: dutchDay(d.dueDate) },
    { label: 'Termijn', value: OUTCOME_TEXT[outcome.deadline](outcome.daysPastDeadline) },
  ];
  const pauses = Array.isArray(ctx.pauses) ? ctx.pauses : [];
  for (const p of pauses) {
    const period = p.to ? `van ${dutchDay(p.from)} tot ${dutchDay(p.to)}` : `sinds ${dutchDay(p.from)} (loopt nog)`;
    facts.push({ label: 'Opgeschort', value: `${period}, wachten op informatie om de identiteit vast te stellen` });
  }
  if (d.pausedDays > 0) facts.push({ label: 'Dagen opgeschort', value: `${days(d.pausedDays)} (opgeteld bij de termijn)` });
  if (ctx.extended) facts.push({ label: 'Verlengd', value: `op ${ctx.extended.at ? dutchDay(ctx.extended.at) : 'onbekende datum'} met twee maanden (art. 12 lid 3 AVG)` });
  if (ctx.refusal?.ground) {
    const g = REFUSAL_GROUND_LABELS[ctx.refusal.ground];
    facts.push({ label: ctx.refusal.partial ? 'Gedeeltelijk geweigerd' : 'Geweigerd', value: g ? `${g.name} (${g.article})` : ctx.refusal.ground });
  }
  blocks.push({ kind: 'facts', facts });
  for (const p of pauses) if (p.reason) blocks.push({ kind: 'verbatim', label: `Reden opschorting vanaf ${dutchDay(p.from)}`, text: p.reason });
  if (ctx.extended?.reason) blocks.push({ kind: 'verbatim', label: 'Reden van de verlenging', text: ctx.extended.reason });
  if (ctx.refusal?.reason) blocks.push({ kind: 'verbatim', label: 'Motivering van de weigering', text: ctx.refusal.reason });
  return { heading: 'Termijnen', blocks };
}

function timelineSection(input: DossierInput): DossierSection {
  const sorted = [...input.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (!sorted.length) return { heading: 'Tijdlijn', blocks: [{ kind: 'paragraph', text: 'Er zijn geen gebeurtenissen vastgelegd.' }] };
  return {
    heading: 'Tijdlijn',
    blocks: [
      {
        kind: 'table',
        columns: [{ header: 'Wanneer', width: 0.22 }, { header: 'Door', width: 0.2 }, { header: 'Wat', width: 0.58 }],
        rows: sorted.map((e) => [dutchDateTimeIn(e.at, input.request.country), actorText(e.actor, input.agentNames), e.description]),
      },
    ],
  };
}

const MATCHED_BY_LABELS: Record<string, string> = {
  email: 'e-mailadres',
  phone: 'telefoonnummer',
  iban: 'IBAN',
  'customer-ref': 'klantnummer',
  kvk: 'KvK-nummer',
  vat: 'btw-nummer',
  agent: 'keuze van een medewerker',
};

function forwardingSection(input: DossierInput): DossierSection {
  const c = input.request.country;
  if (!input.forwardings.length) {
    return { heading: 'Doorgestuurd aan verwerkingsverantwoordelijken', blocks: [{ kind: 'paragraph', text: 'Dit verzoek is niet doorgestuurd aan een verwerkingsverantwoordelijke.' }] };
  }
  const blocks: DossierBlock[] = [];
  for (const f of input.forwardings) {
    const facts: Fact[] = [
      { label: 'Status', value: forwardingStateLabel(f.state) },
      { label: 'Gekoppeld via', value: f.matchedBy.length ? f.matchedBy.map((m) => MATCHED_BY_LABELS[m] ?? m).join(', ') : 'onbekend' },
      ...(f.contactEmail ? [{ label: 'Contactadres', value: f.contactEmail }] : []),
      { label: 'Doorsturen uiterlijk', value: dutchDay(f.forwardBy) },
      { label: 'Doorgestuurd', value: f.sentAt ? dutchDateTimeIn(f.sentAt, c) : 'nog niet' },
      { label: 'Ontvangst bevestigd', value: f.acknowledgedAt ? dutchDateTimeIn(f.acknowledgedAt, c) : 'nog niet' },
      { label: 'Uiterste datum (hun kalender)', value: dutchDay(f.respondBy) },
      {
        label: 'Besluit',
        value: f.decision
          ? capitalise(decisionText(f))
          : 'nog geen besluit',
      },
      ...(f.decidedAt ? [{ label: 'Besluit ontvangen', value: `${dutchDateTimeIn(f.decidedAt, c)}${f.decidedBy ? ` van ${f.decidedBy}` : ''}` }] : []),
      { label: 'Herinneringen', value: f.reminderCount ? String(f.reminderCount) : 'geen' },
      ...(f.escalated ? [{ label: 'Geëscaleerd', value: 'ja' }] : []),
      ...(f.cancelledAt ? [{ label: 'Stopgezet', value: dutchDateTimeIn(f.cancelledAt, c) }] : []),
    ];
    blocks.push({ kind: 'facts', title: f.controllerName, facts });
    if (f.decision === 'instruct') {
      const what = f.instruction ? instructionLabel(f.instruction) : 'onbekend';
      blocks.push({
        kind: 'verbatim',
        label: 'Gedocumenteerde instructie (art. 28 lid 3 onder a AVG), letterlijk vastgelegd',
        text: `Instructie: ${what}${f.instructionDetails ? `\n${f.instructionDetails}` : input.request.purgedAt ? `\n(toelichting ${PURGED_NOTICE})` : ''}`,
      });
    }
    if (f.note) blocks.push({ kind: 'verbatim', label: `Opmerking van ${f.controllerName} (letterlijk)`, text: f.note });
  }
  return { heading: 'Doorgestuurd aan verwerkingsverantwoordelijken', blocks };
}


const CONCERN_RESOLUTION_LABELS: Record<string, string> = {
  confirmed: 'de verwerkingsverantwoordelijke heeft de instructie bevestigd',
  withdrawn: 'de verwerkingsverantwoordelijke heeft de instructie ingetrokken',
};

/** "Boekhouder B.V. (27 maart 2025 om 10:00)" per notified recipient; plain names as they are. */
function recipientsText(value: unknown, country: Country): string | null {
  if (!Array.isArray(value) || !value.length) return null;
  return value
    .map((r) => {
      if (typeof r === 'string') return r;
      const name = str((r as Record<string, unknown>)?.name) ?? 'onbekend';
      const at = str((r as Record<string, unknown>)?.notifiedAt);
      return at ? `${name} (${dutchDateTimeIn(at, country)})` : name;
    })
    .join('; ');
}

/**
 * One processor task as facts. The row comes as the table has it (snake_case columns, more may be
 * added later), so every field is read defensively and shown only when present.
 */
function taskBlocks(t: Record<string, unknown>, input: DossierInput): DossierBlock[] {
  const c = input.request.country;
  const who = (actor: unknown) => (str(actor) ? ` door ${actorText(str(actor)!, input.agentNames)}` : '');
  const when = (at: unknown) => (str(at) ? dutchDateTimeIn(str(at)!, c) : null);
  const instruction = str(t.instruction);
  const state = str(t.state) ?? '';
  const facts: Fact[] = [
    { label: 'Instructie', value: instruction ? instructionLabel(instruction) : 'onbekend' },
    ...(str(t.controller_name) ? [{ label: 'Van', value: str(t.controller_name)! }] : []),
    { label: 'Status', value: taskStateLabel({ state, concernResolution: str(t.concern_resolution) ?? null }) },
    ...(when(t.created_at) ? [{ label: 'Aangemaakt', value: when(t.created_at)! }] : []),
    ...(when(t.done_at) ? [{ label: 'Uitgevoerd', value: `${when(t.done_at)}${who(t.done_by)}` }] : []),
    ...(when(t.cancelled_at) ? [{ label: 'Vervallen', value: when(t.cancelled_at)! }] : []),
  ];
  const recipients = recipientsText(t.recipients_notified, c);
  if (recipients) facts.push({ label: 'Ontvangers ingelicht (art. 19 AVG)', value: recipients });
  if (when(t.concern_raised_at)) facts.push({ label: 'Bedenking gemeld', value: `${when(t.concern_raised_at)}${who(t.concern_raised_by)}` });
  const resolution = str(t.concern_resolution);
  if (resolution) {
    facts.push({
      label: 'Antwoord op bedenking',
      value: `${CONCERN_RESOLUTION_LABELS[resolution] ?? resolution}${when(t.concern_resolved_at) ? ` op ${when(t.concern_resolved_at)}` : ''}${who(t.concern_resolved_by)}`,
    });
  }
  const blocks: DossierBlock[] = [{ kind: 'facts', facts }];
  if (str(t.outcome)) blocks.push({ kind: 'verbatim', label: 'Uitkomst (letterlijk vastgelegd)', text: str(t.outcome)! });
  if (str(t.concern_reason)) blocks.push({ kind: 'verbatim', label: 'Bedenking bij de instructie (art. 28 lid 3 AVG, letterlijk)', text: str(t.concern_reason)! });
  if (str(t.concern_note)) blocks.push({ kind: 'verbatim', label: 'Toelichting bij het antwoord (letterlijk)', text: str(t.concern_note)! });
  return blocks;
}

function tasksSection(input: DossierInput): DossierSection | null {
  if (!input.tasks.length) return null;
  return { heading: 'Taken van de verwerker', blocks: input.tasks.flatMap((t) => taskBlocks(t, input)) };
}

function verificationSection(input: DossierInput): DossierSection {
  const c = input.request.country;
  if (!input.verification.length) {
    const text =
      input.request.scope === 'controller'
        ? 'Geen identiteitscontrole door de verwerker: een doorgestuurd verzoek controleert de verwerkingsverantwoordelijke zelf. Identiteitsbewijzen worden nooit doorgestuurd.'
        : 'Er is geen identiteitscontrole vastgelegd.';
    return { heading: 'Identiteitscontrole', blocks: [{ kind: 'paragraph', text }] };
  }
  const blocks: DossierBlock[] = [
    {
      kind: 'paragraph',
      text: 'Vastgelegd zijn alleen de manier, de uitkomst, wie en wanneer; nooit een document, een kopie of een documentnummer.',
    },
  ];
  for (const s of input.verification) {
    const facts: Fact[] = [
      { label: 'Status', value: STATUS_LABELS[s.status] ?? s.status },
      { label: 'Gestart', value: `${dutchDateTimeIn(s.requestedAt, c)} door ${actorText(s.performedBy, input.agentNames)}` },
      ...(s.decidedAt ? [{ label: 'Besloten', value: `${dutchDateTimeIn(s.decidedAt, c)}${s.decidedBy ? ` door ${actorText(s.decidedBy, input.agentNames)}` : ''}` }] : []),
      ...(s.documentType ? [{ label: 'Soort document', value: DOCUMENT_TYPE_LABELS[s.documentType] ?? s.documentType }] : []),
      ...(s.reason ? [{ label: 'Reden', value: s.reason }] : []),
      ...(s.note ? [{ label: 'Notitie', value: s.note }] : []),
      ...(s.record ? [{ label: 'Vastlegging', value: s.record }] : []),
      ...(s.warnings.includes('asked-late') ? [{ label: 'Let op', value: 'later gevraagd dan 5 werkdagen na ontvangst; de opschorting houdt misschien geen stand' }] : []),
    ];
    blocks.push({ kind: 'facts', title: METHOD_LABELS[s.method]?.name ?? s.method, facts });
  }
  return { heading: 'Identiteitscontrole', blocks };
}

function notesSection(input: DossierInput): DossierSection | null {
  if (!input.notes.length) return null;
  return {
    heading: 'Notities',
    blocks: input.notes.map((n) => ({
      kind: 'verbatim',
      label: `${dutchDateTimeIn(n.at, input.request.country)}, ${actorText(n.author, input.agentNames)}`,
      text: n.text,
    })),
  };
}

function messagesSection(input: DossierInput): DossierSection {
  const c = input.request.country;
  if (!input.messages.length) return { heading: 'Brieven en berichten', blocks: [{ kind: 'paragraph', text: 'Er zijn geen brieven of berichten verstuurd.' }] };
  const blocks: DossierBlock[] = [];
  input.messages.forEach((m, i) => {
    const facts: Fact[] = [
      { label: 'Ontvanger', value: recipientRole(m, input.processorName) },
      { label: m.sentAt ? 'Verstuurd' : 'Aangemaakt', value: dutchDateTimeIn(m.sentAt ?? m.createdAt, c) },
      { label: 'Status', value: MESSAGE_STATUS[m.status] ?? m.status },
    ];
    if (m.subject) facts.push({ label: 'Onderwerp', value: m.subject });
    blocks.push({ kind: 'facts', title: `${i + 1}. ${letterTitle(m.template)}`, facts });
    if (m.text && m.status === 'sent') blocks.push({ kind: 'verbatim', label: 'Tekst zoals verstuurd', text: withoutLinkTokens(m.text) });
    else if (input.request.purgedAt && !m.text) {
      blocks.push({
        kind: 'paragraph',
        text: `De tekst van dit bericht is ${PURGED_NOTICE} (art. 5 lid 1 onder e AVG); bewaard zijn het soort brief, de rol van de ontvanger en de datum.`,
      });
    } else if (m.status !== 'sent') blocks.push({ kind: 'paragraph', text: 'Dit bericht is (nog) niet verstuurd; de tekst wordt vastgelegd bij verzending.' });
    else blocks.push({ kind: 'paragraph', text: 'Van dit bericht is geen tekst bewaard.' });
  });
  return { heading: 'Brieven en berichten', blocks };
}

/** The dossier of a request as Dutch sections (pure). */
export function buildDossier(input: DossierInput): Dossier {
  const r = input.request;
  const sections = [
    requestSection(input),
    requesterSection(input),
    deadlineSection(input),
    forwardingSection(input),
    tasksSection(input),
    verificationSection(input),
    timelineSection(input),
    notesSection(input),
    messagesSection(input),
  ].filter((s): s is DossierSection => s !== null);
  return {
    reference: r.reference,
    title: `Dossier ${r.reference}`,
    intro: [
      `Volledig dossier van het verzoek van een betrokkene (AVG) met kenmerk ${r.reference}, bijgehouden door ${input.processorName} als verwerker.`,
      `Opgesteld op ${dutchDateTimeIn(input.generatedAt, r.country)} door ${input.generatedBy}.`,
      r.purgedAt
        ? 'De persoonsgegevens van de verzoeker zijn na de bewaartermijn verwijderd; dit dossier bevat alleen wat bewaard is.'
        : 'Vertrouwelijk: dit dossier bevat persoonsgegevens. Deel het alleen met wie het nodig heeft (bijvoorbeeld de AP, de GBA of de rechter).',
    ],
    sections,
  };
}

/** `dossier-AVG-2026-000123.pdf` */
export function dossierFileName(reference: string): string {
  return `dossier-${reference.replace(/[^A-Za-z0-9-]/g, '')}.pdf`;
}
