/**
 * From HTML forms to what the services expect, and from the API's field errors (JSON pointers)
 * back to Dutch messages beside the fields. Pure functions.
 */
import { localDateTime } from '../deadlines/time.js';
import type { FieldError } from '../common/problem.js';
import type { Country } from '../deadlines/countries.js';
import { RIGHTS } from '../requests/request.types.js';

export type FormBody = Record<string, string | string[] | undefined>;

export function str(body: FormBody, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
}

export function list(body: FormBody, name: string): string[] {
  const v = body[name];
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' && v !== '' ? [v] : [];
}

/** Minutes the zone is ahead of UTC at an instant. */
function zoneOffsetMinutes(instant: number, country: Country): number {
  const local = localDateTime(new Date(instant), country);
  return Math.round((Date.parse(local + 'Z') - instant) / 60_000);
}

/**
 * A local date and time of the processor's calendar ("2026-04-20", "09:30") as an ISO date-time
 * with offset; an impossible date stays as typed, so the API's validation names the field.
 */
export function localToIso(date: string, time: string, country: Country): string | undefined {
  const d = date.trim();
  const t = time.trim() || '12:00';
  if (!d) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  const n = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (!m || !n) return `${d}T${t}`;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(n[1]), Number(n[2]));
  const check = new Date(guess);
  if (Number.isNaN(guess) || check.getUTCDate() !== Number(m[3]) || Number(n[1]) > 23 || Number(n[2]) > 59) return `${d}T${t}`;
  let instant = guess - zoneOffsetMinutes(guess, country) * 60_000;
  instant = guess - zoneOffsetMinutes(instant, country) * 60_000;
  return new Date(instant).toISOString();
}

/** The intake body of the "new request" form. */
export function intakeBodyOf(body: FormBody, country: Country): Record<string, unknown> {
  return {
    channel: str(body, 'channel'),
    receivedAt: localToIso(str(body, 'receivedDate'), str(body, 'receivedTime'), country),
    externalRef: str(body, 'externalRef'),
    requester: {
      name: str(body, 'name'),
      email: str(body, 'email'),
      phone: str(body, 'phone'),
      customerRef: str(body, 'customerRef'),
      address: str(body, 'address'),
      // "Ander land" takes the code typed next to it; empty: derived from the phone number or the address.
      country: str(body, 'country') === 'other' ? str(body, 'countryOther') : str(body, 'country'),
      // Empty: the processor's language (PROCESSOR_LANGUAGE).
      ...(str(body, 'language') ? { language: str(body, 'language') } : {}),
    },
    rights: list(body, 'rights'),
    message: str(body, 'message'),
  };
}

/** The form field a pointer of the intake schema belongs to. */
export function intakeFieldOf(pointer: string): string {
  if (pointer.startsWith('/rights')) return 'rights';
  if (pointer === '/receivedAt') return 'receivedDate';
  const m = /^\/requester\/(\w+)/.exec(pointer);
  if (m) return m[1];
  return pointer.replace(/^\//, '').split('/')[0] || 'form';
}

/** Dutch text for a field error of the intake (the API's messages are English). */
export function dutchIntakeError(e: FieldError): string {
  const d = e.detail;
  switch (intakeFieldOf(e.pointer)) {
    case 'channel':
      return 'Kies hoe het verzoek binnenkwam.';
    case 'receivedDate':
      return /future/i.test(d) ? 'De ontvangstdatum ligt in de toekomst.' : 'Geef een geldige datum en tijd van ontvangst.';
    case 'externalRef':
      return 'Het externe kenmerk mag hoogstens 200 tekens lang zijn.';
    case 'name':
      return /too_big|at most|<=/i.test(d) ? 'De naam mag hoogstens 200 tekens lang zijn.' : 'Vul de naam van de verzoeker in.';
    case 'email':
      return /way to reach/i.test(d)
        ? 'Geef minstens één manier om de verzoeker te bereiken: e-mail, telefoon of adres.'
        : 'Dit is geen geldig e-mailadres (bijvoorbeeld naam@voorbeeld.nl).';
    case 'phone':
      return 'Een telefoonnummer bevat alleen cijfers, spaties en + - ( ) . / (6 tot 40 tekens).';
    case 'customerRef':
      return 'Het klantnummer mag hoogstens 100 tekens lang zijn.';
    case 'address':
      return 'Het adres mag hoogstens 500 tekens lang zijn.';
    case 'country':
      return 'Geef een landcode van twee letters, bijvoorbeeld DE voor Duitsland.';
    case 'language':
      return 'Kies Nederlands, Frans of Engels.';
    case 'rights':
      return /once/i.test(d) ? 'Kies elk recht maar één keer.' : 'Kies minstens één recht dat de verzoeker uitoefent.';
    case 'message':
      return /20,000/.test(d) ? 'Het bericht mag hoogstens 20.000 tekens lang zijn.' : 'Schrijf op wat de verzoeker vraagt.';
    default:
      return 'Dit veld is niet geldig.';
  }
}

/** Field → Dutch message (the first error per field). */
export function fieldErrors(errors: FieldError[], fieldOf: (p: string) => string, text: (e: FieldError) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = fieldOf(e.pointer);
    out[field] ??= text(e);
  }
  return out;
}

// ---- events ------------------------------------------------------------------------------------

export const EVENT_LABELS: Record<string, string> = {
  CLASSIFY: 'Beoordelen: wie handelt het af?',
  ASSIGN_CONTROLLER: 'Verwerkingsverantwoordelijke toewijzen',
  FORWARDING_SETTLED: 'Besluit van de verwerkingsverantwoordelijke vastleggen',
  INSTRUCTION_DONE: 'Instructie uitgevoerd',
  REQUEST_INFO: 'Informatie opvragen bij de verzoeker',
  INFO_RECEIVED: 'Gevraagde informatie ontvangen',
  VERIFIED: 'Identiteit vastgesteld',
  PREPARE_ANSWER: 'Antwoord gaan opstellen',
  COMPLETE: 'Afronden: verzoek afgehandeld',
  EXTEND: 'Termijn verlengen (art. 12 lid 3 AVG)',
  REFUSE: 'Weigeren (art. 12 lid 4 en 5 AVG)',
  WITHDRAW: 'Ingetrokken door de verzoeker',
  MARK_DUPLICATE: 'Markeren als dubbel verzoek',
  NOTE: 'Notitie toevoegen',
  FORWARDING_MISDIRECTED: 'Doorsturing gemeld als verkeerd verstuurd; incident vastgelegd',
  CONFIRM_RIGHTS: 'Rechten bevestigen',
  DISCARD: 'Geen verzoek: e-mail verwijderen',
};

/** Steps that need nothing but a click. */
export const SIMPLE_EVENTS: readonly string[] = ['INFO_RECEIVED', 'VERIFIED', 'PREPARE_ANSWER', 'COMPLETE', 'WITHDRAW', 'DISCARD'];

export const EVENT_HELP: Record<string, string> = {
  CLASSIFY: 'Bepaal wiens verzoek dit is. Pas zo nodig de rechten aan die de verzoeker uitoefent.',
  ASSIGN_CONTROLLER: 'Kies de verwerkingsverantwoordelijke(n) naar wie het verzoek moet worden doorgestuurd.',
  FORWARDING_SETTLED: 'Leg vast wat de verwerkingsverantwoordelijke heeft besloten.',
  INSTRUCTION_DONE: 'De instructie van de verwerkingsverantwoordelijke is uitgevoerd (en ontvangers zijn geïnformeerd, art. 19 AVG).',
  REQUEST_INFO: 'Vraag de verzoeker om aanvullende informatie. Alleen een vraag om de identiteit vast te stellen schort de termijn op.',
  INFO_RECEIVED: 'De verzoeker heeft de gevraagde informatie gestuurd; het werk gaat verder.',
  VERIFIED: 'De identiteit van de verzoeker is vastgesteld (zonder kopie van een identiteitsbewijs te bewaren).',
  PREPARE_ANSWER: 'Het verzoek is uitgevoerd; het antwoord aan de verzoeker wordt opgesteld.',
  COMPLETE: 'Het antwoord is verstuurd en het verzoek is afgehandeld.',
  EXTEND: 'Verleng de termijn met twee maanden. Kan één keer, binnen de eerste maand; de verzoeker krijgt bericht met de reden.',
  REFUSE: 'Weiger het verzoek (of een deel). De verzoeker krijgt de grond en hoort dat hij een klacht kan indienen en naar de rechter kan.',
  WITHDRAW: 'De verzoeker heeft het verzoek ingetrokken.',
  MARK_DUPLICATE: 'Dit verzoek is hetzelfde als een eerder verzoek; het wordt gesloten.',
  NOTE: 'Een interne notitie; de verzoeker ziet die niet.',
  CONFIRM_RIGHTS: 'Bevestig de rechten die de verzoeker uitoefent (voorgesteld op grond van de e-mail); pas ze zo nodig aan.',
  DISCARD: 'De e-mail is geen verzoek (spam, een nieuwsbrief): het verzoek sluit en de e-mail, de bijlagen en de gegevens van de afzender worden meteen verwijderd. Alleen het aantal wordt bijgehouden.',
};

const yes = (v: string) => v === 'ja' || v === 'on' || v === 'true';

/** The event an event form describes, before validation. */
export function eventOf(body: FormBody): { type: string } & Record<string, unknown> {
  const type = str(body, 'type');
  switch (type) {
    case 'CLASSIFY': {
      const rights = list(body, 'rights');
      return { type, scope: str(body, 'scope'), ...(rights.length ? { rights } : {}) };
    }
    case 'CONFIRM_RIGHTS':
      return { type, rights: list(body, 'rights') };
    case 'ASSIGN_CONTROLLER': {
      const ids = list(body, 'controllerIds').flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
      return { type, controllerIds: ids };
    }
    case 'FORWARDING_SETTLED': {
      const decision = str(body, 'decision');
      return {
        type,
        controllerId: str(body, 'controllerId'),
        decision,
        ...(decision === 'instruct' ? { instruction: str(body, 'instruction') } : {}),
      };
    }
    case 'INSTRUCTION_DONE':
      return { type, controllerId: str(body, 'controllerId') };
    case 'REQUEST_INFO':
      return { type, reason: str(body, 'reason'), forIdentification: yes(str(body, 'forIdentification')) };
    case 'EXTEND':
      return { type, reason: str(body, 'reason') };
    case 'REFUSE':
      return { type, ground: str(body, 'ground'), reason: str(body, 'reason'), partial: yes(str(body, 'partial')) };
    case 'MARK_DUPLICATE':
      return { type, of: str(body, 'of').trim().toUpperCase() };
    case 'NOTE':
      return { type, text: str(body, 'text') };
    case 'COMPLETE': {
      // The in-house completion: art 19 recipients ticked, the outcome of an art 22 review.
      const recipients = list(body, 'recipientsNotified');
      const outcome = str(body, 'decisionReviewOutcome');
      return { type, ...(recipients.length ? { recipientsNotified: recipients } : {}), ...(outcome.trim() ? { decisionReviewOutcome: outcome } : {}) };
    }
    default:
      return { type };
  }
}

/** Dutch text for a field error of an event form. */
export function dutchEventError(e: FieldError): string {
  const field = e.pointer.replace(/^\//, '').split('/')[0];
  switch (field) {
    case 'type':
      return 'Deze stap bestaat niet.';
    case 'scope':
      return 'Kies wie het verzoek afhandelt.';
    case 'rights':
      return 'Kies minstens één recht (elk recht één keer).';
    case 'controllerIds':
    case 'controllerId':
      return 'Kies een (bestaande) verwerkingsverantwoordelijke.';
    case 'decision':
      return 'Kies het besluit van de verwerkingsverantwoordelijke.';
    case 'instruction':
      return 'Kies welke instructie de verwerkingsverantwoordelijke gaf.';
    case 'reason':
      return 'Geef een reden.';
    case 'ground':
      return 'Kies een weigeringsgrond.';
    case 'of':
      return 'Geef het kenmerk van het eerdere verzoek, bijvoorbeeld AVG-2026-000123.';
    case 'text':
      return 'Schrijf een notitie (hoogstens 10.000 tekens).';
    case 'recipientsNotified':
      return 'Kies alleen ontvangers uit het privacyfeitenbestand, elk één keer.';
    case 'decisionReviewOutcome':
      return 'Beschrijf de uitkomst van de nieuwe beoordeling van het geautomatiseerde besluit (art. 22 lid 3 AVG); die staat in de brief.';
    default:
      return 'Dit veld is niet geldig.';
  }
}

/** Why the workflow refused an event, in Dutch. */
export function refusalReason(type: string, allowed: boolean, stateLabel: string): string {
  const label = EVENT_LABELS[type] ?? type;
  if (!allowed) return `"${label}" is niet mogelijk in de huidige status (${stateLabel}).`;
  const why: Record<string, string> = {
    EXTEND:
      'Verlengen kan één keer, alleen binnen de eerste maand na ontvangst, en met een reden van minstens 10 tekens die bij dit verzoek hoort (art. 12 lid 3 AVG).',
    REFUSE:
      'Een weigering vraagt een grond en een motivering. Bij "kennelijk ongegrond" of "buitensporig" moet u dat kunnen aantonen: schrijf minstens 20 tekens (art. 12 lid 5 AVG).',
    REQUEST_INFO:
      'Bij bezwaar tegen direct marketing vraagt u niet om identificatie: dat bezwaar wordt meteen gehonoreerd (art. 21 lid 3 AVG). Geef ook een reden.',
    MARK_DUPLICATE: 'Geef het kenmerk van het eerdere verzoek, bijvoorbeeld AVG-2026-000123.',
    FORWARDING_SETTLED:
      'Van deze verwerkingsverantwoordelijke is al een besluit vastgelegd of hij hoort niet bij dit verzoek; bij "instructie" kiest u ook welke instructie.',
    INSTRUCTION_DONE: 'Er staat geen instructie van deze verwerkingsverantwoordelijke open.',
    ASSIGN_CONTROLLER: 'Kies minstens één verwerkingsverantwoordelijke, elk één keer.',
    CLASSIFY: 'Kies wie het verzoek afhandelt en, als u de rechten aanpast, minstens één recht.',
    CONFIRM_RIGHTS: 'De rechten van dit verzoek zijn al bevestigd; pas ze zo nodig aan bij "Beoordelen".',
    DISCARD:
      'Alleen een e-mail waarvan de rechten nog niet zijn bevestigd en waarover nog niemand iets is gestuurd (behalve de ontvangstbevestiging) kan als "geen verzoek" worden verwijderd.',
  };
  return `"${label}" is nu niet mogelijk. ${why[type] ?? `De huidige status (${stateLabel}) laat deze stap niet toe.`}`;
}

export const ALL_RIGHTS = RIGHTS;
