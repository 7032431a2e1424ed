/**
 * The queue of the workspace: open requests in urgency order (earliest open date first, so
 * overdue ones lead) or another column, 50 a page, with filters, search (queue-search.ts), built-in
 * and personal views, and counts per state and per view.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { appendRequestWebhook } from '../webhooks/webhook-events.js';
import { appendAuditEvents } from '../audit/audit.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { ASSIGN_REQUEST_SQL } from '../requests/request-sql.js';
import { REQUEST_COLUMNS, rowDeadlines, toResource, type Forwarding, type RequestResource, type RequestRow } from '../requests/request-row.js';
import { Clock } from '../common/clock.js';
import { localDate } from '../deadlines/deadlines.js';
import { REQUEST_ROUTER, type ControllerSummary, type RequestRouter } from '../requests/request-router.js';
import { STATE_PATHS } from '../requests/request.types.js';
import {
  CONTROLLER_WAIT_WORKING_DAYS,
  orderBy,
  searchCondition,
  searchPlan,
  UNSEEN_MAIL,
  viewCondition,
  workingDaysBefore,
  type SortDirection,
  type SortKey,
  type ViewKey,
} from './queue-search.js';
import { RequestsService } from '../requests/requests.service.js';
import { UUID } from '../common/validation.js';

export const PAGE_SIZE = 50;
const STATE_COUNTS_TTL_MS = 5_000;
/** A personal view's count stops here ("1000+"): counting a broad search exactly costs too much. */
export const VIEW_COUNT_CAP = 1000;
/** A search's total stops here ("meer dan 1000"); refine the search to see the rest. */
export const SEARCH_COUNT_CAP = 1000;

/** Both "waiting for the requester" states (in triage and in house) under one filter. */
export const AWAITING_REQUESTER = 'awaitingRequester';

export interface QueueFilter {
  /** A state path, a parent ('triage', 'inHouse', 'closed' …) or 'awaitingRequester'. */
  state?: string;
  controllerId?: string;
  /** An agent id or 'none' (unassigned). */
  assignee?: string;
  /** Name, phone, e-mail, (part of a) reference or external reference. */
  q?: string;
  /** A built-in view that is not a plain filter. */
  view?: ViewKey;
  sort?: { key: SortKey; direction: SortDirection };
  page: number;
}

export interface QueueRow {
  row: RequestRow;
  resource: RequestResource;
  undeliverable: boolean;
  /** A mail attached to it that no agent has seen yet. */
  newMail: boolean;
  controllers: { id: string; name: string }[];
}

export interface QueuePage {
  rows: QueueRow[];
  total: number;
  page: number;
  pages: number;
  stateCounts: { state: string; count: number }[];
  openTotal: number;
  /** The total is a lower bound (a search counted up to SEARCH_COUNT_CAP). */
  totalCapped: boolean;
}

const PARENTS = ['triage', 'forwarded', 'inHouse', 'closed'];

export function isStateFilter(value: string): boolean {
  return value === AWAITING_REQUESTER || PARENTS.includes(value) || (STATE_PATHS as readonly string[]).includes(value);
}

/** The state paths a state filter stands for. */
export function statesOf(filter: string): string[] {
  if (filter === AWAITING_REQUESTER) return STATE_PATHS.filter((s) => s.endsWith('.awaitingRequester'));
  return filter.includes('.') ? [filter] : STATE_PATHS.filter((s) => s.startsWith(filter + '.'));
}

@Injectable()
export class QueueService {
  private counts?: { at: number; items: { state: string; count: number }[] };
  private readonly viewCounts = new Map<string, { at: number; count: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly requests: RequestsService,
    private readonly moduleRef: ModuleRef,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** The routing module's router, when it is part of the application. */
  router(): RequestRouter | undefined {
    try {
      return this.moduleRef.get<RequestRouter>(REQUEST_ROUTER, { strict: false });
    } catch {
      return undefined;
    }
  }

  async controllerNames(ids: readonly string[]): Promise<Map<string, ControllerSummary>> {
    const router = this.router();
    if (!router || !ids.length) return new Map();
    try {
      return await router.controllers(ids);
    } catch {
      return new Map();
    }
  }

  /** Today in the processor's country, and the day before which a forwarding has waited too long. */
  viewDates(): { today: string; waitCutoff: string; zone: string } {
    const country = this.config.processor.country;
    const today = localDate(this.clock.now(), country);
    return {
      today,
      waitCutoff: workingDaysBefore(today, CONTROLLER_WAIT_WORKING_DAYS, country, this.config.extraNonWorkingDays),
      zone: country === 'BE' ? 'Europe/Brussels' : 'Europe/Amsterdam',
    };
  }

  /** WHERE (without the word) and its parameters for a filter; `open` whether only open requests count. */
  where(filter: Omit<QueueFilter, 'page' | 'sort'>, params: unknown[]): { sql: string; onlyOpen: boolean; stateFilter?: string[] } {
    const where: string[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const plan = filter.q ? searchPlan(filter.q, this.config.processor.country === 'BE' ? 'BE' : 'NL') : undefined;
    const closedWanted = filter.state === 'closed' || filter.state?.startsWith('closed.');
    // The queue shows open requests; a search or the "closed" filter also finds closed ones.
    const onlyOpen = !plan && !closedWanted;
    if (onlyOpen) where.push('closed_at IS NULL');
    let stateFilter: string[] | undefined;
    if (filter.state && isStateFilter(filter.state)) {
      // A parent ('triage') as the list of its states, so the (state, due_at) index serves it.
      const states = statesOf(filter.state);
      stateFilter = states;
      where.push(states.length === 1 ? `state = ${p(states[0])}` : `state = ANY(${p(states)}::text[])`);
    }
    if (filter.controllerId && UUID.test(filter.controllerId)) {
      where.push(`snapshot->'context'->'controllers' @> ${p(JSON.stringify([{ controllerId: filter.controllerId }]))}::jsonb`);
    }
    if (filter.assignee === 'none') where.push('assignee_id IS NULL');
    else if (filter.assignee && UUID.test(filter.assignee)) where.push(`assignee_id = ${p(filter.assignee)}`);
    if (filter.view) {
      if (!onlyOpen) where.push('closed_at IS NULL');
      where.push(viewCondition(filter.view, this.viewDates(), p));
    }
    if (plan) where.push(searchCondition(plan, p));
    return { sql: where.join(' AND '), onlyOpen: onlyOpen && !filter.view, stateFilter };
  }

  async page(filter: QueueFilter): Promise<QueuePage> {
    const params: unknown[] = [];
    const { sql, onlyOpen, stateFilter } = this.where(filter, params);
    const whereSql = sql ? `WHERE ${sql}` : '';
    const plain = onlyOpen && !filter.controllerId && !filter.assignee && !filter.q && !filter.view;
    const page = Math.max(1, Math.min(filter.page, 10_000));
    const countParams = [...params];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const order = orderBy(filter.sort ?? { key: 'termijn', direction: 'op' }, p);
    // The page and the counts in parallel (two pool connections on a real PostgreSQL).
    const [rows, stateCounts] = await Promise.all([
      this.db.query(
        `SELECT ${REQUEST_COLUMNS},
                EXISTS (SELECT 1 FROM messages m WHERE m.request_id = requests.id AND m.status = 'failed') AS undeliverable,
                EXISTS (SELECT 1 FROM inbox_mails i WHERE i.request_id = requests.id AND ${UNSEEN_MAIL}) AS "newMail"
           FROM requests ${whereSql}
          ORDER BY ${order}
          LIMIT ${p(PAGE_SIZE + 1)} OFFSET ${p((page - 1) * PAGE_SIZE)}`,
        params,
      ) as Promise<(RequestRow & { undeliverable: boolean; newMail: boolean })[]>,
      this.stateCounts(),
    ]);
    // One row beyond the page says whether a next page exists: the live rows decide the paging, the
    // counts (kept a few seconds per node) only the totals shown.
    const hasMore = rows.length > PAGE_SIZE;
    if (hasMore) rows.length = PAGE_SIZE;
    const openTotal = stateCounts.reduce((n, s) => n + s.count, 0);
    let total: number;
    if (plain && !stateFilter) total = openTotal;
    else if (plain && stateFilter) {
      // Only a state filter: the total is in the counts per state.
      total = stateCounts.filter((c) => stateFilter.includes(c.state)).reduce((n, c) => n + c.count, 0);
    }
    else if (rows.length < PAGE_SIZE && page === 1) total = rows.length;
    else if (filter.q) {
      // A broad search (a common surname) can match many thousands of rows: counted up to a cap.
      countParams.push(SEARCH_COUNT_CAP + 1);
      const counted: { n: number }[] = await this.db.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM requests ${whereSql} LIMIT $${countParams.length}) capped`,
        countParams,
      );
      total = counted[0].n;
    } else {
      const counted: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM requests ${whereSql}`, countParams);
      total = counted[0].n;
    }

    const shown = filter.q ? Math.min(total, SEARCH_COUNT_CAP) : total;
    const ids = [...new Set(rows.flatMap((r) => controllerIdsOf(r)))];
    const [names, forwardings] = await Promise.all([this.controllerNames(ids), this.requests.forwardingsOf(rows)]);
    return {
      rows: rows.map(({ undeliverable, newMail, ...row }) => ({
        row,
        resource: this.listResource(row, forwardings.get(row.id)),
        undeliverable,
        newMail,
        controllers: controllerIdsOf(row).map((id) => ({ id, name: names.get(id)?.name ?? 'onbekende verwerkingsverantwoordelijke' })),
      })),
      total: shown,
      totalCapped: shown < total,
      page,
      pages: hasMore ? Math.max(page + 1, Math.ceil(shown / PAGE_SIZE)) : page,
      stateCounts,
      openTotal,
    };
  }

  /**
   * How many requests a view holds, up to VIEW_COUNT_CAP, kept for a few seconds per node like the
   * counts per state (`key` names the view and, for personal filters, the agent).
   */
  async viewCount(key: string, filter: Omit<QueueFilter, 'page' | 'sort'>): Promise<number> {
    const now = Date.now();
    const cached = this.viewCounts.get(key);
    if (cached && now - cached.at < STATE_COUNTS_TTL_MS) return cached.count;
    const params: unknown[] = [];
    const { sql } = this.where(filter, params);
    params.push(VIEW_COUNT_CAP + 1);
    const [{ n }]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM requests ${sql ? `WHERE ${sql}` : ''} LIMIT $${params.length}) capped`,
      params,
    );
    if (this.viewCounts.size > 5_000) this.viewCounts.clear();
    this.viewCounts.set(key, { at: now, count: n });
    return n;
  }

  /**
   * Open requests per state. Counting 100,000 open rows costs ~20 ms even as an index-only scan,
   * so each node keeps the counts for a few seconds (the rows of the page are always live).
   */
  async stateCounts(): Promise<{ state: string; count: number }[]> {
    const now = Date.now();
    if (this.counts && now - this.counts.at < STATE_COUNTS_TTL_MS) return this.counts.items;
    const items: { state: string; count: number }[] = await this.db.query(
      `SELECT state, count(*)::int AS count FROM requests WHERE closed_at IS NULL GROUP BY state`,
    );
    items.sort((a, b) => STATE_PATHS.indexOf(a.state as never) - STATE_PATHS.indexOf(b.state as never));
    this.counts = { at: now, items };
    return items;
  }

  /** Forget the cached counts (after a change made on this node). */
  invalidateCounts(): void {
    this.counts = undefined;
    this.viewCounts.clear();
  }

  /** What the queue shows of a row: clock, flags, controllers; no allowed events (the detail page has those). */
  private listResource(row: RequestRow, forwardings: Forwarding[] = []): RequestResource {
    const deadlines = rowDeadlines(row, this.config.extraNonWorkingDays, localDate(this.clock.now(), row.country));
    return toResource(row, deadlines, [], forwardings);
  }

  /** Controllers for the filter and the assignment form (by name; empty without the controller registry). */
  async controllerOptions(activeOnly: boolean): Promise<{ id: string; name: string }[]> {
    let registry: DataControllersService;
    try {
      registry = this.moduleRef.get(DataControllersService, { strict: false });
    } catch {
      return [];
    }
    const { items } = await registry.list({ limit: 200, ...(activeOnly ? { active: true } : {}) });
    return items.map((c) => ({ id: c.id, name: c.name }));
  }

  /** Takes a request (or gives it back): the assignee is not part of the workflow, but it is audited. */
  async assign(requestId: string, agentId: string | null, actor: string, at: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        ASSIGN_REQUEST_SQL,
        [requestId, agentId],
      );
      if (count > 0) {
        await appendAuditEvents(tx, [{ requestId, actor, type: 'AGENT_ASSIGNED', at, data: { assigned: agentId !== null } }]);
        await appendRequestWebhook(tx, requestId, 'request.assigned', { assigned: agentId !== null });
      }
      return count > 0;
    });
  }

  get extraNonWorkingDays(): readonly string[] {
    return this.config.extraNonWorkingDays;
  }
}

export function controllerIdsOf(row: RequestRow): string[] {
  const snapshot = row.snapshot as { context?: { controllers?: { controllerId?: unknown }[] } } | null;
  const list = snapshot?.context?.controllers;
  return Array.isArray(list) ? list.map((c) => c.controllerId).filter((id): id is string => typeof id === 'string') : [];
}
