/**
 * Shared vocabulary of the request workflow: rights, scopes, refusal grounds, the events the
 * request machine accepts and its context. Code is English; every label a person reads is Dutch.
 *
 * Pure data and types: no Nest, no TypeORM, no I/O.
 */
import type { WebhookEvent } from '../webhooks/webhook-events.js';

// The code words of the workflow live in the one vocabulary module, with their Dutch labels.
import { applyTone, RIGHT_LABELS, type ControllerDecision, type Instruction, type Right, type Scope, type Tone } from '../vocabulary/vocabulary.js';
import { listText, type Language } from '../vocabulary/language.js';
import { FOREIGN_NOT_APPLICABLE_ARTICLES, FOREIGN_REFUSAL_GROUNDS, FOREIGN_RIGHTS } from '../vocabulary/translations.js';
export {
  CONTROLLER_DECISIONS,
  INSTRUCTIONS,
  isRight,
  RIGHTS,
  SCOPES,
  STATE_PATHS,
  type ControllerDecision,
  type Instruction,
  type Right,
  type Scope,
  type StatePath,
} from '../vocabulary/vocabulary.js';

// ---------------------------------------------------------------------------------------------
// Rights (art 15–22, 7(3))
// ---------------------------------------------------------------------------------------------

/**
 * Rights that must be honoured at once: direct marketing stops immediately (art 21(3)) and a
 * withdrawal of consent stops the processing based on it (art 7(3)). Such a request is `urgent`.
 */
export const URGENT_RIGHTS: readonly Right[] = ['objection-direct-marketing', 'consent-withdrawal'];

// ---------------------------------------------------------------------------------------------
// Refusal grounds (art 12(5), partial refusals under 15(4), 17(3), 21(1), and art 11(2)/12(2))
// ---------------------------------------------------------------------------------------------

export const REFUSAL_GROUNDS = [
  'manifestly-unfounded',
  'excessive',
  'identity-not-established',
  'legal-retention-duty',
  'legal-claims',
  'freedom-of-expression',
  'public-interest',
  'rights-of-others',
  'compelling-legitimate-grounds',
  'right-not-applicable',
] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

/**
 * Dutch name of each refusal ground (tone tokens `{u}`, `{uw}`) and the article it rests on. The
 * letter uses {@link refusalGroundText} (tone applied, one article per right for
 * `right-not-applicable`); the staff's faces use {@link REFUSAL_GROUND_LABELS}.
 */
export const REFUSAL_GROUND_TEXTS: Readonly<Record<RefusalGround, { name: string; article: string }>> = {
  'manifestly-unfounded': { name: 'Het verzoek is kennelijk ongegrond', article: 'art. 12 lid 5 AVG' },
  excessive: { name: 'Het verzoek is buitensporig, met name door herhaling', article: 'art. 12 lid 5 AVG' },
  'identity-not-established': {
    name: 'Wij kunnen niet vaststellen dat {u} de betrokkene {bent}',
    article: 'art. 11 lid 2 en art. 12 lid 2 AVG',
  },
  'legal-retention-duty': { name: 'Wij zijn wettelijk verplicht de gegevens te bewaren', article: 'art. 17 lid 3 onder b AVG' },
  'legal-claims': {
    name: 'De gegevens zijn nodig voor het instellen, uitoefenen of onderbouwen van een rechtsvordering',
    article: 'art. 17 lid 3 onder e AVG',
  },
  'freedom-of-expression': {
    name: 'De verwerking is nodig voor de vrijheid van meningsuiting en informatie',
    article: 'art. 17 lid 3 onder a AVG',
  },
  'public-interest': {
    name: 'De verwerking is nodig voor een algemeen belang (volksgezondheid, archivering, onderzoek of statistiek)',
    article: 'art. 17 lid 3 onder c en d AVG',
  },
  'rights-of-others': { name: 'Het verstrekken zou de rechten en vrijheden van anderen schaden', article: 'art. 15 lid 4 AVG' },
  'compelling-legitimate-grounds': {
    name: 'Er zijn dwingende gerechtvaardigde gronden die zwaarder wegen dan {uw} belangen',
    article: 'art. 21 lid 1 AVG',
  },
  'right-not-applicable': {
    name: 'Dit recht geldt niet voor deze verwerking',
    article: 'art. 20 lid 1, art. 21 lid 1 of art. 22 lid 2 AVG',
  },
};

/** The grounds in the u-form, for the staff's faces (agent UI, timeline, register, dossier). */
export const REFUSAL_GROUND_LABELS: Readonly<Record<RefusalGround, { name: string; article: string }>> = Object.fromEntries(
  REFUSAL_GROUNDS.map((g) => [g, { name: applyTone(REFUSAL_GROUND_TEXTS[g].name, 'u'), article: REFUSAL_GROUND_TEXTS[g].article }]),
) as Record<RefusalGround, { name: string; article: string }>;

/**
 * Where a right does not apply to a processing: the condition in the AVG that is not met
 * (portability: consent or contract and automated means; objection: a task in the public
 * interest or a legitimate interest; …). Rights that always apply have none.
 */
const NOT_APPLICABLE_ARTICLES: Partial<Record<Right, string>> = {
  erasure: 'art. 17 lid 1 AVG',
  restriction: 'art. 18 lid 1 AVG',
  portability: 'art. 20 lid 1 AVG',
  objection: 'art. 21 lid 1 AVG',
  'automated-decision': 'art. 22 lid 2 AVG',
  'consent-withdrawal': 'art. 7 lid 3 AVG',
};

/**
 * A refusal ground as the refusal letter states it, in the letter's tone. For
 * `right-not-applicable` it names the rights and cites one article per right asked (not the
 * three candidates at once): "Het recht op overdraagbaarheid geldt niet voor deze verwerking"
 * (art. 20 lid 1 AVG).
 */
export function refusalGroundText(ground: RefusalGround, tone: Tone, rights: readonly Right[] = [], lang: Language = 'nl'): { name: string; article: string } {
  const texts = lang === 'nl' ? REFUSAL_GROUND_TEXTS[ground] : FOREIGN_REFUSAL_GROUNDS[lang][ground];
  if (!texts) throw new RangeError(`Unknown refusal ground: ${String(ground)}.`);
  if (ground !== 'right-not-applicable' || rights.length === 0) return { name: applyTone(texts.name, tone), article: texts.article };
  if (lang !== 'nl') {
    const articles = FOREIGN_NOT_APPLICABLE_ARTICLES[lang];
    const concerned = rights.filter((r) => articles[r]);
    const cited = concerned.length ? concerned : [...rights];
    const names = cited.map((r) => FOREIGN_RIGHTS[lang][r].right);
    const cites = cited.map((r) => articles[r] ?? FOREIGN_RIGHTS[lang][r].article.replace(/ (du RGPD|GDPR)$/, ''));
    const subject = listText(names, lang);
    const verb = lang === 'fr' ? (names.length === 1 ? "ne s'applique pas" : "ne s'appliquent pas") : names.length === 1 ? 'does not apply' : 'do not apply';
    const to = lang === 'fr' ? 'à ce traitement' : 'to this processing';
    const suffix = lang === 'fr' ? ', du RGPD' : ' GDPR';
    return { name: `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${verb} ${to}`, article: `${listText(cites, lang)}${suffix}` };
  }
  const concerned = rights.filter((r) => NOT_APPLICABLE_ARTICLES[r]);
  const cited = concerned.length ? concerned : [...rights];
  const names = cited.map((r) => RIGHT_LABELS[r].name);
  const articles = cited.map((r) => (NOT_APPLICABLE_ARTICLES[r] ?? RIGHT_LABELS[r].article).replace(/ AVG$/, ''));
  const name =
    names.length === 1
      ? `Het recht op ${names[0]} geldt niet voor deze verwerking`
      : `De rechten op ${dutchAnd(names)} gelden niet voor deze verwerking`;
  return { name, article: `${dutchAnd(articles)} AVG` };
}

function dutchAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/**
 * Grounds for which the organisation carries the burden of proof (art 12(5)): the recorded
 * reason must be a real argument, at least {@link BURDEN_OF_PROOF_MIN_REASON} characters.
 */
export const BURDEN_OF_PROOF_GROUNDS: readonly RefusalGround[] = ['manifestly-unfounded', 'excessive'];
export const BURDEN_OF_PROOF_MIN_REASON = 20;

/** An extension needs reasons specific to the case (art 12(3)): at least this many characters. */
export const EXTENSION_MIN_REASON = 10;

/** A request reference, e.g. AVG-2026-000123 (the sequence may outgrow six digits). */
export const REQUEST_REFERENCE_PATTERN = /^AVG-\d{4}-\d{6,}$/;

export function isRefusalGround(value: unknown): value is RefusalGround {
  return typeof value === 'string' && (REFUSAL_GROUNDS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

export const CLOSED_OUTCOMES = ['completed', 'handedOver', 'refused', 'notOurs', 'withdrawn', 'duplicate', 'discarded'] as const;
export type ClosedOutcome = (typeof CLOSED_OUTCOMES)[number];

/** The inHouse steps a wait for the requester returns to. */
export const IN_HOUSE_STEPS = ['verifying', 'processing', 'answering'] as const;
export type InHouseStep = (typeof IN_HOUSE_STEPS)[number];

// ---------------------------------------------------------------------------------------------
// Events. The runner adds `at` (ISO local date-time of the request's calendar) to EVERY event.
// ---------------------------------------------------------------------------------------------

export interface MatchedController {
  controllerId: string;
  /** How the match was made, e.g. ['email', 'customer-number']; ['agent'] for a manual assignment. */
  matchedBy: string[];
  /** The processor itself is this controller (its own customers or staff). */
  isSelf?: boolean;
}

interface Timed {
  /** ISO date-time, local to the request's legal calendar; its first 10 characters are the local date. */
  at: string;
}

export type RequestEvent =
  // triage
  | ({ type: 'ROUTE_MATCHED'; controllers: MatchedController[] } & Timed)
  | ({ type: 'ROUTE_NONE' } & Timed)
  | ({ type: 'ASSIGN_CONTROLLER'; controllerIds: string[] } & Timed)
  | ({ type: 'CLASSIFY'; scope: Scope; rights?: Right[] } & Timed)
  // a request from the mailbox: the agent confirms (or changes) the rights the classifier suggested
  | ({ type: 'CONFIRM_RIGHTS'; rights: Right[] } & Timed)
  // a mail from the mailbox that is no request (spam, a newsletter): closed and purged at once
  | ({ type: 'DISCARD' } & Timed)
  // forwarded
  | ({ type: 'FORWARDING_SETTLED'; controllerId: string; decision: ControllerDecision; instruction?: Instruction } & Timed)
  // outcome: what the processor did (free text); recipientsNotified: art 19 recipients told of it;
  // withdrawn: the controller withdrew the instruction after a concern (nothing was done).
  | ({ type: 'INSTRUCTION_DONE'; controllerId: string; outcome?: string; recipientsNotified?: string[]; withdrawn?: boolean } & Timed)
  // inHouse
  // an agent: this forwarding went to the wrong controller (art 33(2)); `reason` is the agent's short description
  | ({ type: 'FORWARDING_MISDIRECTED'; controllerId: string; forwardingId: string; reason: string } & Timed)
  | ({ type: 'VERIFIED' } & Timed)
  | ({ type: 'PREPARE_ANSWER' } & Timed)
  | ({ type: 'COMPLETE'; recipientsNotified?: string[]; decisionReviewOutcome?: string } & Timed)
  // waiting for the requester (triage and inHouse)
  | ({ type: 'REQUEST_INFO'; reason: string; forIdentification: boolean } & Timed)
  | ({ type: 'INFO_RECEIVED' } & Timed)
  // any open state (EXTEND: triage and inHouse only)
  | ({ type: 'EXTEND'; reason: string } & Timed)
  | ({ type: 'REFUSE'; ground: RefusalGround; reason: string; partial?: boolean } & Timed)
  | ({ type: 'WITHDRAW' } & Timed)
  | ({ type: 'MARK_DUPLICATE'; of: string } & Timed)
  | ({ type: 'NOTE'; text?: string } & Timed)
  // any open state: the requester's language (the letters and pages from now on); no state change
  | ({ type: 'SET_LANGUAGE'; language: Language } & Timed)
  // From the deadline sweep: which date is near (the sweep names it; once per date).
  | ({ type: 'DEADLINE_NEAR'; deadline?: NearDeadline; date?: string } & Timed)
  | ({ type: 'OVERDUE' } & Timed);

export type RequestEventType = RequestEvent['type'];
export type RequestEventOf<T extends RequestEventType> = Extract<RequestEvent, { type: T }>;
/** An event as a caller sends it, before the runner stamps `at` on it. */
export type RequestEventInput = RequestEvent extends infer E ? (E extends RequestEvent ? Omit<E, 'at'> : never) : never;

/** Every event type, in a stable order (the order `allowedEvents` lists them in). */
export const REQUEST_EVENT_TYPES = [
  'ROUTE_MATCHED',
  'ROUTE_NONE',
  'ASSIGN_CONTROLLER',
  'CLASSIFY',
  'FORWARDING_SETTLED',
  'INSTRUCTION_DONE',
  'FORWARDING_MISDIRECTED',
  'VERIFIED',
  'PREPARE_ANSWER',
  'COMPLETE',
  'REQUEST_INFO',
  'INFO_RECEIVED',
  'EXTEND',
  'REFUSE',
  'WITHDRAW',
  'MARK_DUPLICATE',
  'NOTE',
  'DEADLINE_NEAR',
  'OVERDUE',
  'CONFIRM_RIGHTS',
  'DISCARD',
  'SET_LANGUAGE',
] as const satisfies readonly RequestEventType[];

// ---------------------------------------------------------------------------------------------
// Machine input and context
// ---------------------------------------------------------------------------------------------

export interface RequestMachineInput {
  /** Rights named in the request; may be empty until triage classifies it. */
  rights: Right[];
  /** Whether we can write to the requester (acknowledgement, questions, answer). */
  hasRequesterEmail: boolean;
  /** The first, unextended and unpaused legal date `YYYY-MM-DD`, computed by the runner. */
  respondBy: string;
  /** ISO date-time of receipt. */
  receivedAt: string;
  /** Taken in from the mailbox: `rights` are empty until an agent confirms the suggested ones (CONFIRM_RIGHTS). */
  rightsToConfirm?: boolean;
}

export interface RequestFlags {
  /** No controller matched (or all said "not ours"): an agent must route it. */
  unmatched: boolean;
  /** Direct-marketing objection or consent withdrawal: stop at once. */
  urgent: boolean;
  awaitingRequester: boolean;
  deadlineNear: boolean;
  overdue: boolean;
  /** Every controller it was forwarded to said the person is not theirs. */
  notOursByControllers: boolean;
  /** Back in triage because its (only open) forwarding was sent to the wrong controller (absent in older snapshots). */
  misdirected?: boolean;
}

export interface ControllerEntry {
  controllerId: string;
  matchedBy: string[];
  isSelf?: boolean;
  decision?: ControllerDecision;
  instruction?: Instruction;
  decidedAt?: string;
  /** When the processor finished carrying out this controller's instruction. */
  instructionDoneAt?: string;
  /** Forwarded to this controller in error (art 33(2)): its forwarding was called off; the request no longer waits for it. */
  misdirected?: boolean;
}

export interface PendingInstruction {
  controllerId: string;
  instruction: Instruction;
}

/** A wait for the requester. Only waits for identification pause the clock. */
export interface ClockPause {
  from: string;
  to?: string;
  reason: string;
}

export interface InfoRequest {
  reason: string;
  forIdentification: boolean;
  at: string;
  /** The inHouse step to return to when the information arrives (absent in triage). */
  returnTo?: InHouseStep;
}

/** The dates a `request.deadline_near` can name: the forwarding date in triage, else the answer date in force. */
export type NearDeadline = 'respondBy' | 'forwardBy';

export interface RequestContext {
  rights: Right[];
  scope?: Scope;
  hasRequesterEmail: boolean;
  receivedAt: string;
  /** The first, unextended and unpaused legal date `YYYY-MM-DD` (input `respondBy`). */
  firstRespondBy: string;
  flags: RequestFlags;
  controllers: ControllerEntry[];
  /** Instructions of controllers still to be carried out by the processor. */
  pendingInstructions: PendingInstruction[];
  /** Identification waits only; the runner adds their days to the deadline. */
  pauses: ClockPause[];
  /** The latest request for information (identification or clarification). */
  infoRequest?: InfoRequest;
  extended: { reason: string; at: string } | null;
  refusal: { ground: RefusalGround; reason: string; partial?: boolean } | null;
  duplicateOf?: string;
  closedAt?: string;
  /** From the mailbox, rights not yet confirmed by an agent (absent: filed with its rights). */
  rightsToConfirm?: boolean;
  /** The date the last DEADLINE_NEAR warned of (one warning per date). */
  deadlineWarned?: { deadline: NearDeadline; date: string };
}

// ---------------------------------------------------------------------------------------------
// Side effects: the named actions the runner carries out, with their params
// ---------------------------------------------------------------------------------------------

export interface RequestActionParams {
  recordReceipt: { receivedAt: string; rights: Right[] };
  sendAcknowledgement: undefined;
  startRouting: undefined;
  flagUnmatched: { reason: 'no-match' | 'not-ours-by-controllers' };
  createForwardings: { controllers: MatchedController[] };
  createProcessorTask: PendingInstruction;
  reportInstructionDone: PendingInstruction & { outcome?: string; recipientsNotified?: string[]; withdrawn?: boolean };
  cancelForwardings: { outcome: 'refused' | 'withdrawn' | 'duplicate'; controllerIds: string[] };
  reportMisdirection: { controllerId: string; forwardingId: string; description: string };
  sendNotOursLetter: undefined;
  sendInfoRequest: { reason: string; forIdentification: boolean };
  pauseClock: { from: string; reason: string };
  resumeClock: { from: string; to: string };
  markExtended: { reason: string; at: string };
  sendExtensionNotice: { reason: string };
  sendRefusal: { ground: RefusalGround; reason: string; partial: boolean };
  sendCompletion: { recipient: 'requester' } | { recipient: 'controllers'; controllerIds: string[] };
  recordNote: { text?: string };
  /** The requester's language column (the requests module's own write in the transition's statement), with REQUESTER_LANGUAGE_CHANGED. */
  changeRequesterLanguage: { language: Language };
  /** `data`: fields of this event type besides the request's ids, reference, state and dates. */
  notifyWebhook: { event: WebhookEvent; data?: Record<string, string> };
  /** A discarded mail: the request's personal data, its mails and attachments purged at once (as retention does). */
  purgePersonalData: undefined;
}
export type RequestActionType = keyof RequestActionParams;
export type RequestAction = { [K in RequestActionType]: { type: K; params: RequestActionParams[K] } }[RequestActionType];
