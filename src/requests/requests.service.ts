/** Reading requests: the resource, the list in urgency order, the timeline. */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditEventsOf } from '../audit/audit.js';
import { Clock } from '../common/clock.js';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { localDateTime } from '../deadlines/time.js';
import { REQUEST_COLUMNS, rowDeadlines, routedControllers, toResource, type RequestResource, type RequestRow } from './request-row.js';
import { REQUEST_ROUTER, type ControllerSummary, type RequestRouter } from './request-router.js';
import { FORWARDING_PLANNER, type ForwardingPlanner } from './forwarding-port.js';
import type { Forwarding, ProcessorTaskResource } from './request-row.js';
import { sendableEvents } from './senders.js';
import { allowedEvents, requestMachine } from './request.machine.js';
import { toTimeline, type TimelineEntry } from './timeline.js';
import { UUID } from '../common/validation.js';
import { ALL_REQUESTS, visibleWhere, type RequestVisibility } from './request-visibility.js';


/** Where a read goes: the pool, or the transaction of a command that is being answered. */
type Queryable = Pick<EntityManager, 'query'>;

export interface ListQuery {
  state?: string;
  controllerId?: string;
  dueBefore?: string;
  /** An externalRef is the caller's own ticket id: with `apiClient`, the request that client filed under it. */
  externalRef?: string;
  /** The calling API client's id. */
  apiClient?: string;
  reference?: string;
  limit: number;
  cursor?: string;
  /** Whose requests are listed (an API client's own unless it holds `requests:all`); default every request (agents). */
  visibility?: RequestVisibility;
}

function encodeCursor(dueAt: string | null, id: string): string {
  return Buffer.from(JSON.stringify([dueAt ?? '9999-12-31', id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && /^\d{4}-\d{2}-\d{2}$/.test(value[0]) && UUID.test(value[1])) return [value[0], value[1]];
  } catch {
    /* fall through */
  }
  throw new ValidationProblem([{ pointer: '/query/cursor', detail: 'Not a cursor this API gave out.' }]);
}

@Injectable()
export class RequestsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Optional() @Inject(REQUEST_ROUTER) private readonly router?: RequestRouter,
    @Optional() @Inject(FORWARDING_PLANNER) private readonly forwarding?: ForwardingPlanner,
  ) {}

  /** The request, if `visibility` lets the caller see it; else (or unknown) a 404. */
  async row(id: string, visibility: RequestVisibility = ALL_REQUESTS): Promise<RequestRow> {
    if (!UUID.test(id)) throw new NotFoundProblem('request');
    const params: unknown[] = [id];
    const visible = visibleWhere(visibility, params);
    const rows: RequestRow[] = await this.db.query(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1 AND ${visible}`, params);
    if (!rows[0]) throw new NotFoundProblem('request');
    return rows[0];
  }

  /** The resource; controller names only when given (see {@link present}). */
  resource(
    row: RequestRow,
    names?: ReadonlyMap<string, ControllerSummary>,
    forwardings: Forwarding[] = [],
    processorTasks: ProcessorTaskResource[] = [],
  ): RequestResource {
    const snapshot = requestMachine.resolveState(row.snapshot as never);
    const now = this.clock.now();
    const deadlines = rowDeadlines(row, this.config.extraNonWorkingDays, localDate(now, row.country));
    return toResource(
      row,
      deadlines,
      sendableEvents('api-client', allowedEvents(snapshot, localDateTime(now, row.country))),
      forwardings,
      routedControllers(row.snapshot, names),
      processorTasks,
    );
  }

  /** The names of the controllers the rows were routed to, in one lookup. */
  async controllerNames(rows: readonly RequestRow[], db?: Queryable): Promise<Map<string, ControllerSummary>> {
    const ids = [...new Set(rows.flatMap((r) => routedControllers(r.snapshot).map((c) => c.controllerId)))];
    return ids.length && this.router ? this.router.controllers(ids, db) : new Map();
  }

  /** An agent may assign a request only to controllers that exist and are active: else 422 naming the others. */
  async assertAssignable(controllerIds: readonly string[]): Promise<void> {
    if (!this.router) return;
    const found = await this.router.controllers(controllerIds.map((id) => id.toLowerCase()));
    const refused = controllerIds.filter((id) => !found.get(id.toLowerCase())?.active);
    if (refused.length) {
      throw new ProblemException(
        422,
        'unknown-controller',
        'Unknown or inactive controller',
        `No active controller with id ${refused.join(', ')}.`,
        { controllerIds: refused },
      );
    }
  }

  /** The resource with the names of its controllers; `db`: read in a command's transaction (see RequestCommands). */
  async present(row: RequestRow, db?: Queryable): Promise<RequestResource> {
    const forwardings = await this.forwardingsOf([row], db);
    const tasks = await this.processorTasksOf([row], db);
    return this.resource(row, await this.controllerNames([row], db), forwardings.get(row.id), tasks.get(row.id));
  }

  /** The forwardings of routed requests (one query; none for requests that were never routed). */
  async forwardingsOf(rows: readonly RequestRow[], db?: Queryable): Promise<Map<string, Forwarding[]>> {
    const routed = rows.filter((r) => routedControllers(r.snapshot).length > 0).map((r) => r.id);
    return routed.length && this.forwarding ? this.forwarding.forwardingsOf(routed, db) : new Map();
  }

  /** The processor tasks of routed requests (none for requests that were never routed). */
  async processorTasksOf(rows: readonly RequestRow[], db?: Queryable): Promise<Map<string, ProcessorTaskResource[]>> {
    const routed = rows.filter((r) => routedControllers(r.snapshot).length > 0).map((r) => r.id);
    return routed.length && this.forwarding?.processorTasksOf ? this.forwarding.processorTasksOf(routed, db) : new Map();
  }

  async get(id: string, visibility: RequestVisibility = ALL_REQUESTS): Promise<RequestResource> {
    return this.present(await this.row(id, visibility));
  }

  /** Open requests first by earliest open date (overdue first), closed ones last; keyset pagination. */
  async list(query: ListQuery): Promise<{ items: RequestResource[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.visibility && !query.visibility.all) where.push(visibleWhere(query.visibility, params));
    if (query.state) {
      params.push(query.state);
      where.push(`(state = $${params.length} OR state LIKE $${params.length} || '.%')`);
    }
    if (query.controllerId) add(`snapshot->'context'->'controllers' @> ?::jsonb`, JSON.stringify([{ controllerId: query.controllerId }]));
    if (query.dueBefore) add(`due_at < ?::date`, query.dueBefore);
    if (query.externalRef) {
      add(`external_ref = ?`, query.externalRef);
      if (query.apiClient) add(`api_client = ?`, query.apiClient);
    }
    if (query.reference) add(`reference = ?`, query.reference.toUpperCase());
    if (query.cursor) {
      const [due, id] = decodeCursor(query.cursor);
      params.push(due, id);
      where.push(`(coalesce(due_at, '9999-12-31'::date), id) > ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: RequestRow[] = await this.db.query(
      `SELECT ${REQUEST_COLUMNS} FROM requests
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY coalesce(due_at, '9999-12-31'::date), id
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const names = await this.controllerNames(page);
    const forwardings = await this.forwardingsOf(page);
    const tasks = await this.processorTasksOf(page);
    return {
      items: page.map((r) => this.resource(r, names, forwardings.get(r.id), tasks.get(r.id))),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.dueAt, last.id) : null,
    };
  }

  async timeline(id: string, visibility: RequestVisibility = ALL_REQUESTS): Promise<TimelineEntry[]> {
    const row = await this.row(id, visibility);
    return toTimeline(await auditEventsOf(this.db, row.id));
  }
}
