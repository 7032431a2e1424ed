/**
 * The agents' daily digest, pure: which of an agent's assigned open requests need attention
 * (overdue, due within 7 days, escalated forwarding, undeliverable mail), grouped under Dutch
 * headings, and the data of the `agent-digest` mail. A mail is less protected than the workspace:
 * a line holds the reference, the rights, the days left and a link into /ui, never the
 * requester's name or contact details (the rows given here do not even carry them).
 */
import type { Country } from '../deadlines/countries.js';
import { daysLeft, SOON_CALENDAR_DAYS } from '../deadlines/deadlines.js';
import { daysLeftText } from '../replies/renderer.js';
import { rightWithArticle } from '../vocabulary/vocabulary.js';
import type { Right } from '../requests/request.types.js';

/** An assigned open request as the digest sees it. */
export interface DigestRow {
  id: string;
  reference: string;
  rights: Right[];
  country: Country;
  /** The earliest open date (`due_at`, YYYY-MM-DD), as the queue sorts by. */
  dueAt: string | null;
  assigneeId: string;
  /** A forwarding of the request is escalated (the controller did not acknowledge it). */
  escalated: boolean;
  /** A mail could not be delivered: a bounced forwarding or a failed outbox message. */
  undeliverable: boolean;
}

export const DIGEST_HEADINGS = ['overdue', 'dueSoon', 'escalated', 'undeliverable'] as const;
export type DigestHeading = (typeof DIGEST_HEADINGS)[number];

export const DIGEST_HEADING_TITLES: Readonly<Record<DigestHeading, string>> = {
  overdue: 'Termijn verstreken',
  dueSoon: `Termijn verstrijkt binnen ${SOON_CALENDAR_DAYS} dagen`,
  escalated: 'Geëscaleerd: de verwerkingsverantwoordelijke reageert niet',
  undeliverable: 'E-mail kon niet worden bezorgd',
};

export interface DigestLine {
  requestId: string;
  reference: string;
  rights: Right[];
  /** Calendar days to the earliest open date (negative: overdue); null without a date. */
  daysLeft: number | null;
}

export interface AgentDigest {
  agentId: string;
  sections: { heading: DigestHeading; lines: DigestLine[] }[];
  /** Distinct requests in the digest. */
  requests: number;
}

/** The headings a request belongs under today (a request may need more than one kind of action). */
export function headingsFor(row: DigestRow, today: string, extraNonWorkingDays: readonly string[] = []): { headings: DigestHeading[]; daysLeft: number | null } {
  const headings: DigestHeading[] = [];
  const left = row.dueAt ? daysLeft(today, row.dueAt, row.country, extraNonWorkingDays).calendarDays : null;
  if (left !== null && left < 0) headings.push('overdue');
  else if (left !== null && left <= SOON_CALENDAR_DAYS) headings.push('dueSoon');
  if (row.escalated) headings.push('escalated');
  if (row.undeliverable) headings.push('undeliverable');
  return { headings, daysLeft: left };
}

/**
 * Each agent's digest from the assigned open requests; agents with nothing to report are absent.
 * `todayOf` gives the local date in a request's legal calendar.
 */
export function selectDigests(rows: readonly DigestRow[], todayOf: (country: Country) => string, extraNonWorkingDays: readonly string[] = []): Map<string, AgentDigest> {
  const byAgent = new Map<string, Map<DigestHeading, DigestLine[]>>();
  for (const row of rows) {
    const { headings, daysLeft: left } = headingsFor(row, todayOf(row.country), extraNonWorkingDays);
    if (!headings.length) continue;
    const sections = byAgent.get(row.assigneeId) ?? new Map<DigestHeading, DigestLine[]>();
    byAgent.set(row.assigneeId, sections);
    for (const heading of headings) {
      const lines = sections.get(heading) ?? [];
      lines.push({ requestId: row.id, reference: row.reference, rights: row.rights, daysLeft: left });
      sections.set(heading, lines);
    }
  }
  const result = new Map<string, AgentDigest>();
  for (const [agentId, sections] of byAgent) {
    const ordered = DIGEST_HEADINGS.filter((h) => sections.has(h)).map((heading) => ({
      heading,
      // Most pressing first, then by reference.
      lines: sections.get(heading)!.sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.reference.localeCompare(b.reference)),
    }));
    const requests = new Set(ordered.flatMap((s) => s.lines.map((l) => l.requestId))).size;
    result.set(agentId, { agentId, sections: ordered, requests });
  }
  return result;
}

/** The data of the `agent-digest` mail template. */
export function digestMailData(digest: AgentDigest, o: { publicBaseUrl: string; date: string; agentName: string }) {
  const base = o.publicBaseUrl.replace(/\/+$/, '');
  return {
    agentName: o.agentName,
    digestDate: o.date,
    requestCount: digest.requests,
    /** The most pressing request (first heading, fewest days left), named in the subject. */
    firstReference: digest.sections[0]?.lines[0]?.reference ?? '',
    queueUrl: `${base}/ui?medewerker=mij`,
    sections: digest.sections.map((s) => ({
      title: DIGEST_HEADING_TITLES[s.heading],
      lines: s.lines.map((l) => ({
        reference: l.reference,
        rights: l.rights.map((r) => rightWithArticle(r)).join(', '),
        remaining: l.daysLeft === null ? 'geen termijn' : daysLeftText(l.daysLeft),
        url: `${base}/ui/requests/${l.requestId}`,
      })),
    })),
  };
}
