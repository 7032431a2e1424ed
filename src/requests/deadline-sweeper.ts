/**
 * Sends the time events. Every minute (pg-boss cron, one node at a time) it finds open requests
 * whose earliest open date (`due_at`: `forwardBy` in triage, else the answer date in force) is
 * near or has passed, and sends DEADLINE_NEAR or OVERDUE through the WorkflowRunner, like any
 * other event. A sweep instead of one timer per request: pauses, extensions and state changes move
 * `due_at`, and the sweep simply follows it.
 *
 * DEADLINE_NEAR names the date (`respondBy` or `forwardBy`) and comes once per date, when at most
 * DEADLINE_NEAR_WORKING_DAYS working days are left. A date that was that near already on the day
 * the request came in gets none: the forwarding date of a new request (one working day by
 * default) is always that near, and used to bring a `request.deadline_near` seconds after every
 * request filed.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { COUNTRY_CODES, type Country } from '../deadlines/countries.js';
import { addWorkingDays, daysLeft, localDate } from '../deadlines/deadlines.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { NearDeadline, RequestEventInput } from './request.types.js';
import { WorkflowRunner } from './workflow-runner.js';

export const DEADLINE_SWEEP_JOB = 'deadline-sweep';
const BATCH = 500;

export interface SweepCandidate {
  id: string;
  version: number;
  /** The earliest open date (YYYY-MM-DD) and which date it is. */
  dueAt: string;
  deadline: NearDeadline;
  receivedDate: string;
  /** The date the last warning named (`deadline:date`), if any. */
  warned: string | null;
  flagOverdue: boolean;
}

export interface NearPolicy {
  country: Country;
  /** DEADLINE_NEAR_WORKING_DAYS. */
  workingDays: number;
  extraNonWorkingDays?: readonly string[];
}

/**
 * The time event a request needs today, if any (pure). An overdue request skips the warning; a
 * date is warned of once, when at most `workingDays` working days are left, unless it was that
 * near already on the day the request came in.
 */
export function timeEventFor(c: Omit<SweepCandidate, 'id' | 'version'>, today: string, policy: NearPolicy): RequestEventInput | undefined {
  if (c.dueAt < today) return c.flagOverdue ? undefined : { type: 'OVERDUE' };
  if (c.flagOverdue || c.warned === `${c.deadline}:${c.dueAt}`) return undefined;
  const left = (from: string) => daysLeft(from, c.dueAt, policy.country, policy.extraNonWorkingDays).workingDays;
  if (left(today) > policy.workingDays || left(c.receivedDate) <= policy.workingDays) return undefined;
  return { type: 'DEADLINE_NEAR', deadline: c.deadline, date: c.dueAt };
}

export interface SweepResult {
  deadlineNear: number;
  overdue: number;
  /** Changed by someone else meanwhile; the next sweep looks again. */
  skipped: number;
}

@Injectable()
export class DeadlineSweeper implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.define({ name: DEADLINE_SWEEP_JOB, cron: '* * * * *', runAtStart: true, retryLimit: 0, handler: async () => void (await this.sweep()) });
  }

  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { deadlineNear: 0, overdue: 0, skipped: 0 };
    const now = this.clock.now();
    for (const country of COUNTRY_CODES as readonly Country[]) {
      const today = localDate(now, country);
      const policy: NearPolicy = { country, workingDays: this.config.deadlineNearWorkingDays, extraNonWorkingDays: this.config.extraNonWorkingDays };
      // Past every date with at most that many working days left (timeEventFor decides exactly).
      const limit = addWorkingDays(today, policy.workingDays + 1, country, policy.extraNonWorkingDays);
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows: SweepCandidate[] = await this.db.query(
          `SELECT id, version, to_char(due_at, 'YYYY-MM-DD') AS "dueAt",
                  CASE WHEN state LIKE 'triage%' AND due_at = forward_by THEN 'forwardBy' ELSE 'respondBy' END AS "deadline",
                  to_char(received_date, 'YYYY-MM-DD') AS "receivedDate",
                  (snapshot #>> '{context,deadlineWarned,deadline}') || ':' || (snapshot #>> '{context,deadlineWarned,date}') AS "warned",
                  flag_overdue AS "flagOverdue"
             FROM requests
            WHERE closed_at IS NULL AND country = $1 AND due_at <= $2 AND id > $3 AND NOT flag_overdue
              AND (due_at < $4 OR (snapshot #>> '{context,deadlineWarned,date}') IS DISTINCT FROM to_char(due_at, 'YYYY-MM-DD'))
            ORDER BY id LIMIT ${BATCH}`,
          [country, limit, after, today],
        );
        for (const row of rows) {
          const event = timeEventFor(row, today, policy);
          if (!event) continue;
          try {
            await this.runner.apply(row.id, event, { actor: 'system', expectedVersion: row.version });
            if (event.type === 'OVERDUE') result.overdue++;
            else result.deadlineNear++;
          } catch (err) {
            // A concurrent change or a state that no longer takes the event: the next sweep decides again.
            if (!(err instanceof ProblemException) || (err.status !== 409 && err.status !== 422)) throw err;
            result.skipped++;
          }
        }
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].id;
      }
    }
    if (result.deadlineNear || result.overdue || result.skipped) this.logger.info({ ...result }, 'deadline sweep');
    return result;
  }
}
