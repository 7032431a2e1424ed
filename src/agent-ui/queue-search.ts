/**
 * The queue's search, sort and built-in views as pure functions: what an agent typed becomes one
 * SQL condition over the trigram indexes of migration 1790000021100 (name without accents, part of
 * an e-mail address, a phone number in any notation, part of a reference or external reference).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { phoneReadings, type Country } from '../data-controllers/identifiers.js';
import { isWorkingDay } from '../deadlines/deadlines.js';
import { REQUEST_REFERENCE_PATTERN, STATE_PATHS } from '../requests/request.types.js';

/** Shorter text than this is matched exactly (a trigram index needs three characters). */
export const MIN_PARTIAL_LENGTH = 3;

export type SearchPlan =
  | { kind: 'reference'; reference: string }
  | { kind: 'email'; fragment: string }
  | { kind: 'phone'; nationalNumbers: string[]; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'exact'; text: string };

const PHONE_LIKE = /^\+?[0-9 ()./-]+$/;

/** What the search box holds, as the kind of search it is. */
export function searchPlan(raw: string, defaultCountry: Country = 'NL'): SearchPlan | undefined {
  const q = raw.trim().replace(/\s+/g, ' ');
  if (!q) return undefined;
  if (REQUEST_REFERENCE_PATTERN.test(q.toUpperCase())) return { kind: 'reference', reference: q.toUpperCase() };
  if (q.includes('@')) return { kind: 'email', fragment: q.toLowerCase().replace(/\s/g, '') };
  if (PHONE_LIKE.test(q) && q.replace(/\D/g, '').length >= 8) {
    const nationalNumbers = [...new Set(phoneReadings(q, defaultCountry).map((e164) => parsePhoneNumberFromString(e164)?.nationalNumber).filter((n): n is string => Boolean(n)))];
    if (nationalNumbers.length) return { kind: 'phone', nationalNumbers, text: q };
  }
  if (q.length < MIN_PARTIAL_LENGTH) return { kind: 'exact', text: q };
  return { kind: 'text', text: q };
}

/** A LIKE pattern that finds `text` anywhere (its own %, _ and \ taken literally). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** The condition for the plan; `p` adds a parameter and returns its placeholder. */
export function searchCondition(plan: SearchPlan, p: (value: unknown) => string): string {
  switch (plan.kind) {
    case 'reference':
      return `reference = ${p(plan.reference)}`;
    case 'email':
      return `(requester_email IS NOT NULL AND lower(requester_email) LIKE ${p(containsPattern(plan.fragment))})`;
    case 'phone': {
      // The stored number in any notation: its digits end with the national number (+31 6…, 06…, 0031 6…).
      const phones = plan.nationalNumbers.map((n) => `regexp_replace(requester_phone, '[^0-9]', '', 'g') LIKE ${p('%' + n)}`);
      return `((requester_phone IS NOT NULL AND (${phones.join(' OR ')})) OR ${textCondition(plan.text, p)})`;
    }
    case 'text':
      return textCondition(plan.text, p);
    case 'exact':
      return `(external_ref = ${p(plan.text)} OR reference = ${p(plan.text.toUpperCase())})`;
  }
}

function textCondition(text: string, p: (value: unknown) => string): string {
  const pattern = containsPattern(text);
  return `((requester_name IS NOT NULL AND search_fold(requester_name) LIKE search_fold(${p(pattern)}))
          OR reference LIKE ${p(pattern.toUpperCase())}
          OR (external_ref IS NOT NULL AND lower(external_ref) LIKE ${p(pattern.toLowerCase())}))`;
}

// ---- sorting ------------------------------------------------------------------------------------

export const SORT_KEYS = ['termijn', 'ontvangen', 'status', 'verantwoordelijke', 'medewerker'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'op' | 'af';

export const SORT_LABELS: Record<SortKey, string> = {
  termijn: 'Termijn',
  ontvangen: 'Ontvangen',
  status: 'Status',
  verantwoordelijke: 'Verwerkingsverantwoordelijke',
  medewerker: 'Medewerker',
};

/** Newest first for the date received; everything else ascending unless asked otherwise. */
export function defaultDirection(key: SortKey): SortDirection {
  return key === 'ontvangen' ? 'af' : 'op';
}

export function parseSort(key: string, direction: string): { key: SortKey; direction: SortDirection } {
  const k = (SORT_KEYS as readonly string[]).includes(key) ? (key as SortKey) : 'termijn';
  const d = direction === 'op' || direction === 'af' ? direction : defaultDirection(k);
  return { key: k, direction: d };
}

/** ORDER BY for a sort; ties by the deadline, then the id, so pages never overlap. */
export function orderBy(sort: { key: SortKey; direction: SortDirection }, p: (value: unknown) => string): string {
  const dir = sort.direction === 'af' ? 'DESC' : 'ASC';
  switch (sort.key) {
    case 'termijn':
      return `due_at ${dir} NULLS LAST, id ${dir}`;
    case 'ontvangen':
      return `received_at ${dir}, id ${dir}`;
    case 'status':
      return `array_position(${p([...STATE_PATHS])}::text[], state) ${dir}, due_at NULLS LAST, id`;
    case 'verantwoordelijke':
      // The first controller's name (the one the request was routed to first).
      return `(SELECT lower(dc.name) FROM data_controllers dc
                WHERE dc.id::text = requests.snapshot->'context'->'controllers'->0->>'controllerId') ${dir} NULLS LAST, due_at NULLS LAST, id`;
    case 'medewerker':
      return `(SELECT lower(a.display_name) FROM agents a WHERE a.id = requests.assignee_id) ${dir} NULLS LAST, due_at NULLS LAST, id`;
  }
}

// ---- views --------------------------------------------------------------------------------------

/**
 * Built-in views that are not a plain filter: overdue, waiting on a controller for too long, a
 * mail attached that no agent has seen yet, and rights still to be established (a request from
 * the mailbox whose suggested rights no agent has confirmed: it has none until then).
 */
export const VIEW_KEYS = ['te-laat', 'wacht-op-vv', 'nieuwe-mail', 'rechten-vaststellen'] as const;
export type ViewKey = (typeof VIEW_KEYS)[number];

export const CONTROLLER_WAIT_WORKING_DAYS = 5;

/**
 * The day `n` working days before `today` (ISO dates): a forwarding sent before it has waited
 * longer than `n` working days for the controller.
 */
export function workingDaysBefore(today: string, n: number, country: Country, extra: readonly string[] = []): string {
  let day = new Date(`${today}T12:00:00Z`);
  for (let counted = 0; counted < n; ) {
    day = new Date(day.getTime() - 86_400_000);
    if (isWorkingDay(day.toISOString().slice(0, 10), country, extra)) counted++;
  }
  return day.toISOString().slice(0, 10);
}

/** A mail attached to a request (a reply) that no agent has marked seen: "Nieuwe mail". */
export const UNSEEN_MAIL = `i.kind = 'reply' AND i.handled_at IS NULL`;
/** An open request without rights: from the mailbox, its suggested rights not yet confirmed ("Rechten vaststellen"). */
export const RIGHTS_TO_ESTABLISH = `rights = '{}'::text[]`;

export function viewCondition(view: ViewKey, args: { today: string; waitCutoff: string; zone: string }, p: (value: unknown) => string): string {
  if (view === 'te-laat') return `due_at < ${p(args.today)}::date`;
  // Both served by partial indexes (inbox_mails_unseen_idx, requests_rights_to_confirm_idx).
  if (view === 'nieuwe-mail') return `id IN (SELECT i.request_id FROM inbox_mails i WHERE ${UNSEEN_MAIL})`;
  if (view === 'rechten-vaststellen') return RIGHTS_TO_ESTABLISH;
  return `state = 'forwarded.awaitingControllers' AND EXISTS (
            SELECT 1 FROM forwardings f
             WHERE f.request_id = requests.id AND f.decided_at IS NULL AND f.state IN ('sent', 'acknowledged')
               AND f.sent_at < (${p(args.waitCutoff)}::date)::timestamp AT TIME ZONE ${p(args.zone)})`;
}
