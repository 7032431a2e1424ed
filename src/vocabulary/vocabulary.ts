/**
 * The one Dutch vocabulary of the product: the code words of the workflow (rights, scopes,
 * controller decisions, instructions, channels, the states of requests, forwardings and processor
 * tasks, identity-verification methods and documents, the letters) and every Dutch word a person
 * reads for them, in the variants the faces need:
 *
 * - a short label for chips, tables, the timeline, the register and the dossier (lowercase; the
 *   faces capitalise with {@link capitalise} where a label opens a line),
 * - a form option where a person chooses (with a short explanation where plain Dutch needs one),
 * - a sentence form for letters and the timeline ("via het webformulier"), with u/je tone tokens.
 *
 * Also the fixed texts letters are made of: supervisory authorities, the rights in plain Dutch
 * (for requesters and for controllers) and the tone switch.
 *
 * Pure data and functions: imports nothing from `src/` but the calendar's Country type, and no
 * Nest, TypeORM or I/O, so every module and every face may import it. A face keeps no copy.
 */
import type { Country } from '../deadlines/countries.js';
import { COUNTRY_LAW, countryLaw, retentionForBoth, retentionText, type SupervisoryAuthority } from './country-law.js';
import { listText, type Language } from './language.js';
import { FOREIGN_DECISIONS, FOREIGN_INSTRUCTIONS, FOREIGN_RIGHTS, foreignRightAsked } from './translations.js';

/** "wissen" -> "Wissen". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const TONES = ['u', 'je'] as const;
export type Tone = (typeof TONES)[number];

export function isTone(value: unknown): value is Tone {
  return value === 'u' || value === 'je';
}

/** Supervisory authorities (art 77 AVG), from the one per-country law table. */
export type { SupervisoryAuthority } from './country-law.js';

export const SUPERVISORY_AUTHORITIES: Readonly<Record<Country, SupervisoryAuthority>> = {
  NL: COUNTRY_LAW.NL.authority,
  BE: COUNTRY_LAW.BE.authority,
};

export function supervisoryAuthority(country: Country, lang: Language = 'nl'): SupervisoryAuthority {
  const authority = (SUPERVISORY_AUTHORITIES as Partial<Record<string, SupervisoryAuthority>>)[country];
  if (!authority) throw new RangeError(`No supervisory authority for country ${String(country)}.`);
  return lang === 'nl' ? authority : countryLaw(country, lang).authority;
}

/**
 * Replaces tone tokens in a text: `{u}` u/je, `{U}` U/Je, `{jou}` u/jou (after a preposition), `{uw}` uw/je, `{Uw}` Uw/Je,
 * `{heeft}` hebt/hebt (the house style writes "u hebt"), `{kunt}` kunt/kunt, `{wilt}` wilt/wilt (the last two are the same in both
 * tones but keep sentences readable), `{bent}` bent/bent.
 */
export function applyTone(text: string, tone: Tone): string {
  const je = tone === 'je';
  return text.replace(/\{(u|U|jou|uw|Uw|heeft|kunt|wilt|bent)\}/g, (_m, token: string) => {
    switch (token) {
      case 'u':
        return je ? 'je' : 'u';
      case 'U':
        return je ? 'Je' : 'U';
      case 'uw':
        return je ? 'je' : 'uw';
      case 'Uw':
        return je ? 'Je' : 'Uw';
      case 'jou':
        return je ? 'jou' : 'u';
      case 'heeft':
        return 'hebt';
      default:
        return token;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Rights (art 15–22, 7(3))
// ---------------------------------------------------------------------------------------------

export const RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'objection-direct-marketing',
  'automated-decision',
  'consent-withdrawal',
] as const;
export type Right = (typeof RIGHTS)[number];

export function isRight(value: unknown): value is Right {
  return typeof value === 'string' && (RIGHTS as readonly string[]).includes(value);
}

/** Dutch name (the AVG's own word) and article of each right, for letters and the agent UI. */
export const RIGHT_LABELS: Readonly<Record<Right, { name: string; article: string }>> = {
  access: { name: 'inzage', article: 'art. 15 AVG' },
  rectification: { name: 'rectificatie', article: 'art. 16 AVG' },
  erasure: { name: 'wissing', article: 'art. 17 AVG' },
  restriction: { name: 'beperking', article: 'art. 18 AVG' },
  portability: { name: 'overdraagbaarheid', article: 'art. 20 AVG' },
  objection: { name: 'bezwaar', article: 'art. 21 lid 1 AVG' },
  'objection-direct-marketing': { name: 'bezwaar tegen direct marketing', article: 'art. 21 lid 2 en 3 AVG' },
  'automated-decision': { name: 'geautomatiseerde besluitvorming', article: 'art. 22 AVG' },
  'consent-withdrawal': { name: 'intrekken toestemming', article: 'art. 7 lid 3 AVG' },
};

interface RightTexts {
  /** What the requester asked, for letters to the requester (tone tokens). */
  asked: string;
  /** What the right means, for a controller. */
  meaning: string;
  /** What the controller has to do (tone tokens). */
  todo: string;
}

export const RIGHT_TEXTS: Readonly<Record<Right, RightTexts>> = {
  access: {
    asked: 'weten welke persoonsgegevens over {jou} worden verwerkt, en een kopie daarvan ontvangen',
    meaning: 'De verzoeker wil weten of en welke persoonsgegevens over hem of haar worden verwerkt, en wil daarvan een kopie.',
    todo:
      'Bevestig of {u} gegevens over de verzoeker verwerkt en stuur een kopie (de eerste kosteloos, elektronisch als het verzoek elektronisch kwam). ' +
      'Vermeld daarbij de doeleinden, de soorten gegevens, de ontvangers, de bewaartermijn, de herkomst, of er geautomatiseerde besluitvorming is, ' +
      'de waarborgen bij doorgifte buiten de Europese Economische Ruimte, de rechten van de verzoeker en het recht om te klagen bij de toezichthouder.',
  },
  rectification: {
    asked: 'onjuiste gegevens over {jou} laten verbeteren of onvolledige gegevens laten aanvullen',
    meaning: 'De verzoeker wil dat onjuiste gegevens worden verbeterd of onvolledige gegevens worden aangevuld.',
    todo:
      'Verbeter of vul de gegevens zonder onnodige vertraging aan, zo nodig met een aanvullende verklaring, en meld de wijziging aan iedereen aan wie de gegevens zijn verstrekt (art. 19 AVG). ' +
      'In onze software {kunt} {u} dit meestal zelf doen; {u} {kunt} ons ook de instructie geven het te doen.',
  },
  erasure: {
    asked: 'gegevens over {jou} laten verwijderen',
    meaning: 'De verzoeker wil dat de persoonsgegevens over hem of haar worden gewist.',
    todo:
      'Beoordeel of een grond voor wissing geldt (art. 17 lid 1 AVG) en of een uitzondering geldt (art. 17 lid 3 AVG), zoals een wettelijke bewaarplicht: ' +
      '{retention}. ' +
      'Laat de verzoeker weten welke gegevens {u} bewaart, waarom en tot wanneer, hoe lang kopieën in back-ups blijven bestaan, en meld de wissing aan iedere ontvanger (art. 19 AVG). ' +
      '{U} {kunt} ons de instructie geven de gegevens te wissen.',
  },
  restriction: {
    asked: 'het gebruik van {uw} gegevens tijdelijk laten stoppen, behalve het bewaren ervan',
    meaning: 'De verzoeker wil dat het gebruik van de gegevens tijdelijk stopt, bijvoorbeeld terwijl de juistheid wordt gecontroleerd.',
    todo:
      'Markeer de gegevens en gebruik ze alleen nog om ze te bewaren en voor de doelen van art. 18 lid 2 AVG (rechtsvorderingen, de rechten van anderen, een zwaarwegend algemeen belang). ' +
      'Laat het de verzoeker weten voordat de beperking wordt opgeheven (art. 18 lid 3 AVG) en meld de beperking aan iedere ontvanger (art. 19 AVG).',
  },
  portability: {
    asked: 'de gegevens die {u} zelf {heeft} verstrekt ontvangen in een gangbaar bestand dat een computer kan lezen',
    meaning: 'De verzoeker wil de gegevens die hij of zij zelf heeft verstrekt in een gestructureerd, gangbaar en machineleesbaar formaat.',
    todo:
      'Lever de gegevens die de verzoeker zelf heeft verstrekt en die op toestemming of een overeenkomst berusten en geautomatiseerd worden verwerkt, als CSV- of JSON-bestand; ' +
      'op verzoek rechtstreeks aan een andere organisatie, als dat technisch mogelijk is (art. 20 lid 2 AVG). {U} {kunt} ons de instructie geven een export te maken; die sturen wij naar {jou}, niet naar de verzoeker.',
  },
  objection: {
    asked: 'bezwaar maken tegen het gebruik van {uw} gegevens op grond van een gerechtvaardigd of algemeen belang',
    meaning: 'De verzoeker maakt bezwaar tegen een verwerking die berust op een taak van algemeen belang of een gerechtvaardigd belang.',
    todo:
      'Stop de verwerking, tenzij {u} dwingende gerechtvaardigde gronden {kunt} aantonen die zwaarder wegen dan de belangen van de verzoeker, ' +
      'of de gegevens nodig zijn voor een rechtsvordering. Leg de afweging vast.',
  },
  'objection-direct-marketing': {
    asked: 'geen reclame of aanbiedingen meer ontvangen en {uw} gegevens daarvoor niet meer laten gebruiken',
    meaning: 'De verzoeker wil dat zijn of haar gegevens niet meer voor direct marketing worden gebruikt.',
    todo: 'Stop direct marketing aan de verzoeker meteen en zonder uitzondering. Een identiteitscontrole is niet nodig; het adres laten overeenkomen is genoeg.',
  },
  'automated-decision': {
    asked: 'een besluit dat zonder menselijke tussenkomst over {jou} is genomen, door een mens laten beoordelen',
    meaning: 'De verzoeker wil dat een besluit dat zonder menselijke tussenkomst is genomen, door een mens wordt bekeken.',
    todo:
      'Laat een medewerker het besluit opnieuw beoordelen, geef de verzoeker de gelegenheid een standpunt toe te lichten en het besluit aan te vechten, ' +
      'en leg uit hoe het besluit tot stand kwam.',
  },
  'consent-withdrawal': {
    asked: 'de toestemming die {u} eerder gaf intrekken, zodat het gebruik van {uw} gegevens op grond daarvan stopt',
    meaning: 'De verzoeker trekt een eerder gegeven toestemming in.',
    todo: 'Stop meteen met de verwerking die op deze toestemming berust. Intrekken moet even gemakkelijk zijn als toestemming geven.',
  },
};

/** "inzage (art. 15 AVG)"; in French "accès (art. 15 du RGPD)", in English "access (Art. 15 GDPR)". */
export function rightWithArticle(right: Right, lang: Language = 'nl'): string {
  const label = lang === 'nl' ? RIGHT_LABELS[right] : FOREIGN_RIGHTS[lang][right];
  if (!label) throw new RangeError(`Unknown right: ${String(right)}.`);
  return `${label.name} (${label.article})`;
}

/** For the requester: "inzage: weten welke persoonsgegevens over u … (art. 15 AVG)". */
export function rightAsked(right: Right, tone: Tone, lang: Language = 'nl'): string {
  const label = RIGHT_LABELS[right];
  const texts = RIGHT_TEXTS[right];
  if (!label || !texts) throw new RangeError(`Unknown right: ${String(right)}.`);
  if (lang !== 'nl') return foreignRightAsked(lang, right);
  return `${label.name}: ${applyTone(texts.asked, tone)} (${label.article})`;
}

/**
 * For a controller: what the right means and what to do. The legal retention duties it names
 * come from the controller's country's law table (both countries when the country is not given).
 */
export function rightForController(
  right: Right,
  tone: Tone,
  country?: Country,
  lang: Language = 'nl',
): { name: string; article: string; meaning: string; todo: string } {
  const label = lang === 'nl' ? RIGHT_LABELS[right] : FOREIGN_RIGHTS[lang][right];
  const texts = lang === 'nl' ? RIGHT_TEXTS[right] : FOREIGN_RIGHTS[lang][right];
  if (!label || !texts) throw new RangeError(`Unknown right: ${String(right)}.`);
  const todo = texts.todo.replace('{retention}', country ? retentionText(country, lang) : retentionForBoth(lang));
  return { name: label.name, article: label.article, meaning: texts.meaning, todo: applyTone(todo, tone) };
}

/** A right as the agent UI and the dossier show it: "inzage (art. 15 AVG)"; an unknown value as it is. */
export function rightText(value: string): string {
  const label = RIGHT_LABELS[value as Right];
  return label ? `${label.name} (${label.article})` : value;
}

/** Only the name, "inzage", for lists (timeline, register); an unknown value as it is. */
export function rightName(value: string): string {
  return RIGHT_LABELS[value as Right]?.name ?? value;
}

// ---------------------------------------------------------------------------------------------
// Scope: whose request it is (the triage decision)
// ---------------------------------------------------------------------------------------------

/** Whose request it is: a controller's (route it), the processor's own (in-house), or nobody's here. */
export const SCOPES = ['controller', 'in-house', 'not-ours'] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_TEXTS: Readonly<Record<Scope, { label: string; option: string }>> = {
  controller: { label: 'voor een verwerkingsverantwoordelijke', option: 'Voor een verwerkingsverantwoordelijke (doorsturen)' },
  'in-house': { label: 'wij handelen het zelf af', option: 'Wij zijn zelf verwerkingsverantwoordelijke (zelf afhandelen)' },
  'not-ours': { label: 'niet voor ons', option: 'Niet voor ons' },
};

/** "wij handelen het zelf af" (timeline, register); an unknown value as it is. */
export function scopeLabel(value: string): string {
  return SCOPE_TEXTS[value as Scope]?.label ?? value;
}

/** "Wij zijn zelf verwerkingsverantwoordelijke (zelf afhandelen)" (the agent's form, the dossier). */
export function scopeOption(value: string): string {
  return SCOPE_TEXTS[value as Scope]?.option ?? value;
}

// ---------------------------------------------------------------------------------------------
// A controller's decision and instruction (art 28(3)(a))
// ---------------------------------------------------------------------------------------------

/** A controller's decision on a forwarded request; the same strings in API, forms and database. */
export const CONTROLLER_DECISIONS = ['takes-over', 'instruct', 'not-ours'] as const;
export type ControllerDecision = (typeof CONTROLLER_DECISIONS)[number];

/** What a controller can instruct the processor to do (art 28(3)(a)). */
export const INSTRUCTIONS = ['erase', 'rectify', 'restrict', 'export', 'stop-processing'] as const;
export type Instruction = (typeof INSTRUCTIONS)[number];

/**
 * `label`: the decision as the processor's staff read it (timeline, agent UI, register, dossier);
 * `controller`: in the controller's own words, on the controller's page.
 */
export const DECISION_TEXTS: Readonly<Record<ControllerDecision, { label: string; controller: string }>> = {
  'takes-over': { label: 'handelt het zelf af', controller: 'Wij handelen het verzoek zelf af' },
  instruct: { label: 'geeft een instructie', controller: 'Wij geven de verwerker een instructie' },
  'not-ours': { label: 'betrokkene is niet van hen', controller: 'Deze persoon is niet bij ons bekend' },
};

/**
 * `label`: the instruction everywhere it is named (agent UI, processor tasks, timeline, register,
 * dossier, letters: "de instructie: gegevens rectificeren"), in the AVG's words (art 16
 * rectificatie, 17 wissing, 18 beperking van de verwerking);
 * `option`: where the controller chooses, with a plain explanation where one is needed (tone tokens).
 */
export const INSTRUCTION_TEXTS: Readonly<Record<Instruction, { label: string; option: string }>> = {
  erase: { label: 'gegevens wissen', option: 'Gegevens wissen' },
  rectify: { label: 'gegevens rectificeren', option: 'Gegevens rectificeren (onjuiste gegevens verbeteren, onvolledige gegevens aanvullen)' },
  restrict: { label: 'verwerking beperken', option: 'Verwerking beperken' },
  export: { label: 'gegevens exporteren', option: 'Gegevens exporteren (de export komt naar {jou}, niet naar de verzoeker)' },
  'stop-processing': { label: 'verwerking stoppen', option: 'Verwerking stoppen' },
};

/** "handelt het zelf af"; an unknown value as it is. */
export function decisionLabel(value: string): string {
  return DECISION_TEXTS[value as ControllerDecision]?.label ?? value;
}

/** "Wij handelen het verzoek zelf af" (the controller's page, in its language); an unknown value as it is. */
export function decisionForController(value: string, lang: Language = 'nl'): string {
  if (lang !== 'nl') return FOREIGN_DECISIONS[lang][value as ControllerDecision] ?? value;
  return DECISION_TEXTS[value as ControllerDecision]?.controller ?? value;
}

/** "gegevens rectificeren" (in a language: "rectifier les données"); an unknown value as it is. */
export function instructionLabel(value: string, lang: Language = 'nl'): string {
  if (lang !== 'nl') return FOREIGN_INSTRUCTIONS[lang][value as Instruction]?.label ?? value;
  return INSTRUCTION_TEXTS[value as Instruction]?.label ?? value;
}

/** The controller's choice, "Gegevens exporteren (de export komt naar u, …)"; an unknown value as it is. */
export function instructionOption(value: string, tone: Tone, lang: Language = 'nl'): string {
  if (lang !== 'nl') return FOREIGN_INSTRUCTIONS[lang][value as Instruction]?.option ?? value;
  const texts = INSTRUCTION_TEXTS[value as Instruction];
  return texts ? applyTone(texts.option, tone) : value;
}

/** Every instruction in one sentence: "gegevens wissen, gegevens rectificeren, … of verwerking stoppen". */
export function instructionList(lang: Language = 'nl'): string {
  const labels = INSTRUCTIONS.map((i) => instructionLabel(i, lang));
  return lang === 'nl' ? `${labels.slice(0, -1).join(', ')} of ${labels[labels.length - 1]}` : listText(labels, lang, 'or');
}

/** A decision with its instruction: "geeft een instructie (gegevens wissen)", "handelt het zelf af". */
export function decisionText(d: { decision?: unknown; instruction?: unknown }): string {
  const decision = decisionLabel(String(d.decision ?? ''));
  return d.instruction ? `${decision} (${instructionLabel(String(d.instruction))})` : decision;
}

// ---------------------------------------------------------------------------------------------
// Channels: how a request reached the processor
// ---------------------------------------------------------------------------------------------

export const CHANNELS = ['helpdesk', 'email', 'webform', 'letter', 'phone', 'agent'] as const;
export type Channel = (typeof CHANNELS)[number];

/** `label` for tables and the register, `option` for the intake form, `via` after "ontvangen via". */
export const CHANNEL_TEXTS: Readonly<Record<Channel, { label: string; option: string; via: string }>> = {
  helpdesk: { label: 'helpdesk', option: 'Helpdesk', via: 'de helpdesk' },
  email: { label: 'e-mail', option: 'E-mail', via: 'e-mail' },
  webform: { label: 'webformulier', option: 'Webformulier', via: 'het webformulier' },
  letter: { label: 'brief', option: 'Brief', via: 'een brief' },
  phone: { label: 'telefoon', option: 'Telefoon', via: 'de telefoon' },
  agent: { label: 'medewerker', option: 'Medewerker (anders)', via: 'een medewerker' },
};

/** "webformulier"; an unknown value as it is. */
export function channelLabel(value: string): string {
  return CHANNEL_TEXTS[value as Channel]?.label ?? value;
}

/** "via het webformulier". */
export function channelVia(value: string): string {
  return `via ${CHANNEL_TEXTS[value as Channel]?.via ?? value}`;
}

// ---------------------------------------------------------------------------------------------
// States of a request, a forwarding and a processor task
// ---------------------------------------------------------------------------------------------

/**
 * Every state a request can rest in, as the dotted leaf path `statePath()` returns (and the
 * runner stores in `requests.state`). `received` is transient: a snapshot never rests there.
 */
export const STATE_PATHS = [
  'triage.open',
  'triage.awaitingRequester',
  'forwarded.awaitingControllers',
  'forwarded.instructed',
  'inHouse.verifying',
  'inHouse.processing',
  'inHouse.answering',
  'inHouse.awaitingRequester',
  'closed.completed',
  'closed.handedOver',
  'closed.refused',
  'closed.notOurs',
  'closed.withdrawn',
  'closed.duplicate',
  'closed.discarded',
] as const;
export type StatePath = (typeof STATE_PATHS)[number];

/** Dutch labels for every state path, leaves and their parents (for grouping in the queue). */
export const STATE_LABELS: Readonly<Record<StatePath | 'received' | 'triage' | 'forwarded' | 'inHouse' | 'closed', string>> = {
  received: 'Ontvangen',
  triage: 'Beoordelen',
  'triage.open': 'Te beoordelen',
  'triage.awaitingRequester': 'Wacht op informatie van de verzoeker',
  forwarded: 'Doorgestuurd',
  'forwarded.awaitingControllers': 'Wacht op besluit van de verwerkingsverantwoordelijke',
  'forwarded.instructed': 'Instructie van de verwerkingsverantwoordelijke uitvoeren',
  inHouse: 'Zelf afhandelen',
  'inHouse.verifying': 'Identiteit controleren',
  'inHouse.processing': 'In behandeling',
  'inHouse.answering': 'Antwoord opstellen',
  'inHouse.awaitingRequester': 'Wacht op informatie van de verzoeker',
  closed: 'Afgesloten',
  'closed.completed': 'Afgehandeld',
  'closed.handedOver': 'Overgedragen aan de verwerkingsverantwoordelijke',
  'closed.refused': 'Geweigerd',
  'closed.notOurs': 'Niet voor ons',
  'closed.withdrawn': 'Ingetrokken',
  'closed.duplicate': 'Dubbel verzoek',
  'closed.discarded': 'Geen verzoek (e-mail verwijderd)',
};

/** "Identiteit controleren"; an unknown value as it is. */
export function stateLabel(value: string): string {
  return STATE_LABELS[value as keyof typeof STATE_LABELS] ?? value;
}

export const FORWARDING_STATES = ['queued', 'sent', 'acknowledged', 'decided', 'done', 'bounced'] as const;
export type ForwardingState = (typeof FORWARDING_STATES)[number];

/** Dutch labels of a forwarding's states, for the agent UI and the dossier. */
export const FORWARDING_STATE_LABELS: Readonly<Record<ForwardingState, string>> = {
  queued: 'Klaar om te versturen',
  sent: 'Verstuurd',
  acknowledged: 'Ontvangst bevestigd',
  decided: 'Besluit ontvangen, instructie in uitvoering',
  done: 'Afgerond',
  bounced: 'Onbestelbaar: contactgegevens controleren',
};

/** "Verstuurd"; an unknown value as it is. */
export function forwardingStateLabel(value: string): string {
  return FORWARDING_STATE_LABELS[value as ForwardingState] ?? value;
}

export const TASK_STATES = ['open', 'concern', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_STATE_LABELS: Readonly<Record<TaskState, string>> = {
  open: 'Uit te voeren',
  concern: 'Bezwaar voorgelegd aan de verwerkingsverantwoordelijke',
  done: 'Uitgevoerd',
  cancelled: 'Vervallen (niet uitgevoerd)',
};

/**
 * A task's state in Dutch. A cancelled task was either withdrawn by the controller (its answer to
 * a concern) or lapsed: the request was refused, withdrawn or a duplicate, or the instruction came
 * from a controller the request went to in error.
 */
export function taskStateLabel(task: { state: string; concernResolution?: string | null }): string {
  if (task.state === 'cancelled' && task.concernResolution === 'withdrawn') return 'Ingetrokken door de verwerkingsverantwoordelijke';
  return TASK_STATE_LABELS[task.state as TaskState] ?? task.state;
}

/** Why a task lapsed (the `cause` of its PROCESSOR_TASK_CANCELLED audit event), in Dutch. */
export const TASK_LAPSE_CAUSES: Readonly<Record<string, string>> = {
  'request-refused': 'het verzoek is geweigerd',
  'request-withdrawn': 'de verzoeker heeft het verzoek ingetrokken',
  'request-duplicate': 'het verzoek is een dubbel verzoek',
  'request-misdirected': 'het verzoek was ten onrechte naar deze verwerkingsverantwoordelijke doorgestuurd',
};

// ---------------------------------------------------------------------------------------------
// Identity verification: methods and identity documents
// ---------------------------------------------------------------------------------------------

/** Every method, least intrusive first: the order the API and the UI offer them in. */
export const VERIFICATION_METHODS = [
  'known-contact-match',
  'email-confirmation',
  'account-login',
  'callback',
  'in-person',
  'representative-authority',
  'id-document',
] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** Dutch names and a line of help per method (agent UI, timeline). */
export const METHOD_LABELS: Readonly<Record<VerificationMethod, { name: string; help: string }>> = {
  'known-contact-match': {
    name: 'Bekend contactadres',
    help: 'Slaagt vanzelf als het verzoek per e-mail of telefoon binnenkwam vanaf een adres of nummer dat al bij ons bekend is. Een nummer dat de verzoeker alleen intypt telt niet.',
  },
  'email-confirmation': { name: 'Bevestiging per e-mail', help: 'De verzoeker krijgt een link en bevestigt met een klik op de knop.' },
  'account-login': { name: 'Inloggen op het account', help: 'De verzoeker logt in op het eigen account of stuurt het verzoek van daaruit.' },
  callback: { name: 'Terugbellen', help: 'Bel terug op een nummer dat al bij ons bekend is (niet op een nummer uit het verzoek).' },
  'in-person': { name: 'Persoonlijk', help: 'De verzoeker komt langs; bekijk het document, maak geen kopie.' },
  'representative-authority': {
    name: 'Bevoegdheid vertegenwoordiger',
    help: 'Voor een advocaat, ouder, voogd, bewindvoerder of curator: bewijs van bevoegdheid. Controleer het, noteer dat, en vernietig een kopie meteen.',
  },
  'id-document': {
    name: 'Kopie identiteitsbewijs',
    help: 'Alleen bij redelijke twijfel en als niets minder ingrijpends werkt. Leg de reden vast; de verzoeker krijgt aanwijzingen om af te schermen.',
  },
};

/** Identity documents a requester may send a copy of (art 12(6)). */
export const DOCUMENT_TYPES = ['passport', 'dutch-identity-card', 'driving-licence', 'residence-document', 'belgian-eid'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Their Dutch names (the identification letter, the agent UI, the timeline, the dossier). */
export const DOCUMENT_TYPE_LABELS: Readonly<Record<DocumentType, string>> = {
  passport: 'paspoort',
  'dutch-identity-card': 'Nederlandse identiteitskaart',
  'driving-licence': 'rijbewijs',
  'residence-document': 'verblijfsdocument',
  'belgian-eid': 'Belgische elektronische identiteitskaart (eID)',
};

// ---------------------------------------------------------------------------------------------
// Letters: the Dutch name of each mail template
// ---------------------------------------------------------------------------------------------

/** The Dutch name of each letter of the mail catalogue (src/replies/catalogue.ts), as the agent UI and the timeline show it. */
export const LETTER_TITLES = {
  acknowledgement: 'Ontvangstbevestiging',
  'forwarded-notice': 'Verzoek doorgestuurd',
  'clarification-request': 'Vraag om verduidelijking',
  'identification-request': 'Vraag om identificatie',
  'email-confirmation': 'Bevestiging via e-mail',
  'extension-notice': 'Verlenging van de termijn',
  refusal: 'Weigering (geheel of gedeeltelijk)',
  completion: 'Afronding per recht',
  'not-ours': 'Niet de juiste organisatie',
  forwarding: 'Doorsturen aan de verwerkingsverantwoordelijke',
  'controller-reminder': 'Herinnering aan de verwerkingsverantwoordelijke',
  'controller-escalation': 'Escalatie aan de verwerkingsverantwoordelijke',
  'agent-digest': 'Dagoverzicht voor een medewerker',
  'processor-escalation': 'Escalatie aan het eigen privacyteam',
  'instruction-concern': 'Bezwaar tegen een instructie (art. 28 lid 3 AVG)',
  'instruction-completed': 'Bevestiging: instructie uitgevoerd (of ingetrokken)',
  'instruction-completed-notice': 'Opdracht van de verwerkingsverantwoordelijke uitgevoerd',
  'processor-incident': 'Mogelijk datalek: ten onrechte doorgestuurd',
  'breach-notice': 'Melding datalek aan de verwerkingsverantwoordelijke (art. 33 lid 2 AVG)',
  'deletion-request': 'Verzoek tot verwijdering aan de verkeerde ontvanger',
  'draft-access': 'Concept: antwoord op inzageverzoek',
  'draft-refusal': 'Concept: weigering',
} as const satisfies Record<string, string>;
export type LetterTemplate = keyof typeof LETTER_TITLES;

/** "Ontvangstbevestiging"; undefined for a template the catalogue does not know. */
export function letterTitle(template: string): string | undefined {
  return Object.hasOwn(LETTER_TITLES, template) ? LETTER_TITLES[template as LetterTemplate] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Who did something (timeline, dossier)
// ---------------------------------------------------------------------------------------------

/** The actor of an audit event in Dutch: an agent's name, "Koppeling zendesk", "Systeem" … */
export function actorText(actor: string, agentNames: ReadonlyMap<string, string>): string {
  if (actor === 'system') return 'Systeem';
  if (actor.startsWith('agent:')) return agentNames.get(actor.slice(6)) ?? actor.slice(6);
  if (actor.startsWith('api:')) return `Koppeling ${actor.slice(4)}`;
  if (actor.startsWith('controller:')) return 'Verwerkingsverantwoordelijke';
  if (actor === 'demo') return 'Demogegevens';
  return actor;
}
