/**
 * The accountability register (art 5(2), art 12): every request received in a period, with its
 * dates, controllers, decisions and whether the legal deadline was met. Read in keyset pages of
 * PAGE rows and written to the response page by page (respecting back-pressure), so a year of
 * requests exports in constant memory. No personal data: references, codes and dates only.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Clock } from '../common/clock.js';
import { DATE_YEARS_MESSAGE, IF_WELL_FORMED, inDateYears } from '../common/validation.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { Country } from '../deadlines/countries.js';
import { localDate } from '../deadlines/deadlines.js';
import { requestDeadlines } from '../requests/request-row.js';
import { channelLabel, decisionText, rightName, scopeLabel, stateLabel } from '../vocabulary/vocabulary.js';
import {
  REFUSAL_GROUND_LABELS,
  type ControllerEntry,
  type RefusalGround,
  type Right,
  type Scope,
} from '../requests/request.types.js';

export const REGISTER_PAGE = 1000;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date YYYY-MM-DD.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a calendar date.')
  .refine(inDateYears, { message: DATE_YEARS_MESSAGE, ...IF_WELL_FORMED });

export const registerQuerySchema = z
  .strictObject({
    from: isoDay.describe('First day of receipt (inclusive), YYYY-MM-DD, local date of the request\'s country'),
    to: isoDay.describe('Last day of receipt (inclusive), YYYY-MM-DD'),
    format: z.enum(['csv', 'json']).default('csv').describe('csv (default, RFC 4180 with a header row) or json (an array)'),
  })
  .refine((q) => q.from <= q.to, { message: '`to` must not be before `from`.', path: ['to'] });

export type RegisterQuery = z.output<typeof registerQuerySchema>;

export type DeadlineOutcome = 'met' | 'missed' | 'open' | 'overdue';

export interface RegisterEntry {
  reference: string;
  receivedAt: string;
  receivedOn: string;
  channel: string;
  rights: Right[];
  scope: Scope | null;
  state: string;
  controllers: { name: string | null; decision: string | null; instruction: string | null }[];
  forwardedOn: string | null;
  acknowledgedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  /** The legal date in force (extended when extended), in the processor's calendar. */
  dueDate: string;
  deadline: DeadlineOutcome;
  /** Calendar days from the due date to the closure (or, while open, to today): negative = before it. */
  daysPastDeadline: number;
  extended: boolean;
  extendedOn: string | null;
  refusalGround: RefusalGround | null;
  refusalPartial: boolean;
  personalDataPurged: boolean;
}

interface RegisterRow {
  id: string;
  cursorAt: string;
  reference: string;
  receivedAt: Date;
  receivedOn: string;
  channel: string;
  rights: Right[];
  scope: Scope | null;
  state: string;
  context: {
    controllers?: ControllerEntry[];
    extended?: { at?: string } | null;
    refusal?: { ground?: RefusalGround; partial?: boolean } | null;
  } | null;
  country: Country;
  pausedDays: number;
  extended: boolean;
  closedAt: Date | null;
  purgedAt: Date | null;
  forwardedAt: Date | null;
  acknowledgedAt: Date | null;
  decidedAt: Date | null;
}

function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Met or missed (closed), open or overdue (open), and by how many calendar days (pure). */
export function deadlineOutcome(dueDate: string, closedOn: string | null, today: string): { deadline: DeadlineOutcome; daysPastDeadline: number } {
  const end = closedOn ?? today;
  const days = dayNumber(end) - dayNumber(dueDate);
  if (closedOn) return { deadline: days <= 0 ? 'met' : 'missed', daysPastDeadline: days };
  return { deadline: days <= 0 ? 'open' : 'overdue', daysPastDeadline: days };
}

// ---- CSV (RFC 4180: comma-separated, CRLF, fields with a comma, quote or line break in quotes) ----

/**
 * OWASP CSV injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a CR is read as a
 * formula by spreadsheets; prefixed with `'` it is text. A plain number (`-3`) stays a number.
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

export function csvField(raw: string): string {
  const value = neutraliseCsvCell(raw);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

const OUTCOME_LABELS: Record<DeadlineOutcome, string> = { met: 'gehaald', missed: 'niet gehaald', open: 'loopt', overdue: 'verstreken' };

function controllerDecisionText(c: RegisterEntry['controllers'][number]): string {
  const who = c.name ?? 'onbekend';
  return c.decision ? `${who}: ${decisionText(c)}` : `${who}: geen besluit`;
}

export const CSV_HEADER = [
  'kenmerk',
  'ontvangen',
  'kanaal',
  'rechten',
  'soort',
  'status',
  'verwerkingsverantwoordelijken',
  'besluiten',
  'doorgestuurd',
  'ontvangst bevestigd',
  'besluit',
  'afgesloten',
  'uiterste datum',
  'termijn',
  'dagen na uiterste datum',
  'verlengd',
  'verlengd op',
  'weigeringsgrond',
  'gedeeltelijk geweigerd',
  'persoonsgegevens verwijderd',
];

/** One register entry as a CSV line with Dutch values (pure). */
export function csvRow(e: RegisterEntry): string {
  return csvLine([
    e.reference,
    e.receivedOn,
    channelLabel(e.channel),
    e.rights.map(rightName).join(', '),
    e.scope ? scopeLabel(e.scope) : '',
    stateLabel(e.state),
    e.controllers.map((c) => c.name ?? 'onbekend').join(', '),
    e.controllers.filter((c) => c.decision).map(controllerDecisionText).join(', '),
    e.forwardedOn ?? '',
    e.acknowledgedOn ?? '',
    e.decidedOn ?? '',
    e.closedOn ?? '',
    e.dueDate,
    OUTCOME_LABELS[e.deadline],
    String(e.daysPastDeadline),
    e.extended ? 'ja' : 'nee',
    e.extendedOn ?? '',
    e.refusalGround ? `${REFUSAL_GROUND_LABELS[e.refusalGround]?.name ?? e.refusalGround} (${REFUSAL_GROUND_LABELS[e.refusalGround]?.article ?? ''})` : '',
    e.refusalGround ? (e.refusalPartial ? 'ja' : 'nee') : '',
    e.personalDataPurged ? 'ja' : 'nee',
  ]);
}

/** Writes a chunk and waits for the stream to drain when its buffer is full (back-pressure). */
async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error('client went away');
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', closed);
      resolve();
    };
    const closed = () => {
      out.off('drain', done);
      reject(new Error('client went away'));
    };
    out.once('drain', done);
    out.once('close', closed);
  });
}

@Injectable()
export class RegisterService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** The entries of the period, page by page (keyset on received_at, id). */
  async *entries(from: string, to: string): AsyncGenerator<RegisterEntry[]> {
    // received_date is the local date in the request's country; the received_at bounds only let the index narrow it down.
    const lower = `${addDays(from, -1)}T00:00:00Z`;
    const upper = `${addDays(to, 2)}T00:00:00Z`;
    const names = new Map<string, string | null>();
    let after: [string, string] | undefined;
    for (;;) {
      const params: unknown[] = [from, to, lower, upper, REGISTER_PAGE];
      if (after) params.push(after[0], after[1]);
      const rows: RegisterRow[] = await this.db.query(
        `SELECT r.id, r.received_at::text AS "cursorAt", r.reference, r.received_at AS "receivedAt",
                to_char(r.received_date, 'YYYY-MM-DD') AS "receivedOn", r.channel, r.rights, r.scope, r.state,
                r.snapshot->'context' AS context, r.country, r.paused_days AS "pausedDays", r.extended,
                r.closed_at AS "closedAt", r.purged_at AS "purgedAt",
                f."forwardedAt", f."acknowledgedAt", f."decidedAt"
           FROM requests r
           LEFT JOIN LATERAL (
             SELECT min(sent_at) AS "forwardedAt", max(acknowledged_at) AS "acknowledgedAt", max(decided_at) AS "decidedAt"
               FROM forwardings WHERE request_id = r.id) f ON true
          WHERE r.received_at >= $3::timestamptz AND r.received_at < $4::timestamptz
            AND r.received_date BETWEEN $1::date AND $2::date
            AND r.state <> 'closed.discarded' -- a mail discarded as no request: not a request (only counted)
            ${after ? 'AND (r.received_at, r.id) > ($6::timestamptz, $7::uuid)' : ''}
          ORDER BY r.received_at, r.id
          LIMIT $5`,
        params,
      );
      if (!rows.length) return;
      const unknown = [...new Set(rows.flatMap((r) => (r.context?.controllers ?? []).map((c) => c.controllerId)))].filter((id) => !names.has(id));
      if (unknown.length) {
        const found: { id: string; name: string }[] = await this.db.query(`SELECT id, name FROM data_controllers WHERE id = ANY($1::uuid[])`, [unknown]);
        for (const id of unknown) names.set(id, found.find((f) => f.id === id)?.name ?? null);
      }
      yield rows.map((r) => this.entry(r, names));
      if (rows.length < REGISTER_PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.cursorAt, last.id];
    }
  }

  private entry(r: RegisterRow, names: ReadonlyMap<string, string | null>): RegisterEntry {
    const d = requestDeadlines({
      receivedAt: r.receivedAt,
      country: r.country,
      pausedDays: r.pausedDays,
      extended: r.extended,
      closed: r.closedAt !== null,
      extraNonWorkingDays: this.config.extraNonWorkingDays,
    });
    const local = (at: Date | string | null | undefined) => (at ? localDate(new Date(at), r.country) : null);
    const closedOn = local(r.closedAt);
    const outcome = deadlineOutcome(d.dueDate, closedOn, localDate(this.clock.now(), r.country));
    const refusal = r.context?.refusal ?? null;
    return {
      reference: r.reference,
      receivedAt: r.receivedAt.toISOString(),
      receivedOn: r.receivedOn,
      channel: r.channel,
      rights: r.rights,
      scope: r.scope,
      state: r.state,
      controllers: (r.context?.controllers ?? []).map((c) => ({
        name: names.get(c.controllerId) ?? null,
        decision: c.decision ?? null,
        instruction: c.instruction ?? null,
      })),
      forwardedOn: local(r.forwardedAt),
      acknowledgedOn: local(r.acknowledgedAt),
      decidedOn: local(r.decidedAt),
      closedOn,
      dueDate: d.dueDate,
      ...outcome,
      extended: r.extended,
      extendedOn: local(r.context?.extended?.at),
      refusalGround: refusal?.ground ?? null,
      refusalPartial: refusal?.partial === true,
      personalDataPurged: r.purgedAt !== null,
    };
  }

  /** Streams the register as CSV (header row first) or a JSON array; the caller has set the headers. */
  async stream(query: RegisterQuery, out: Writable): Promise<number> {
    let count = 0;
    if (query.format === 'csv') await write(out, csvLine(CSV_HEADER));
    else await write(out, '[');
    for await (const page of this.entries(query.from, query.to)) {
      let chunk = '';
      for (const e of page) {
        chunk += query.format === 'csv' ? csvRow(e) : `${count ? ',' : ''}\n${JSON.stringify(e)}`;
        count++;
      }
      await write(out, chunk);
    }
    if (query.format === 'json') await write(out, count ? '\n]\n' : ']\n');
    return count;
  }
}

/** `register-2026-01-01-2026-12-31.csv` */
export function registerFileName(query: RegisterQuery): string {
  return `register-${query.from}-${query.to}.${query.format}`;
}
