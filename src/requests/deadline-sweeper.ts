/**
 * Sends the time events. Every minute (pg-boss cron, one node at a time) it finds open requests
 * whose earliest open date (`due_at`) has become urgent or has passed, and sends DEADLINE_NEAR or
 * OVERDUE through the WorkflowRunner, like any other event. A sweep instead of one timer per
 * request: pauses, extensions and state changes move `due_at`, and the sweep simply follows it.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { COUNTRY_CODES, type Country } from '../deadlines/countries.js';
import { localDate, urgentUntil } from '../deadlines/deadlines.js';
import { JobsService } from '../jobs/jobs.service.js';
import { WorkflowRunner } from './workflow-runner.js';

export const DEADLINE_SWEEP_JOB = 'deadline-sweep';
const BATCH = 500;

export interface SweepCandidate {
  id: string;
  version: number;
  dueAt: string;
  flagDeadlineNear: boolean;
  flagOverdue: boolean;
}

/** The time event a request needs today, if any (pure). An overdue request skips the warning. */
export function timeEventFor(c: Pick<SweepCandidate, 'dueAt' | 'flagDeadlineNear' | 'flagOverdue'>, today: string, urgentLimit: string): 'OVERDUE' | 'DEADLINE_NEAR' | undefined {
  if (c.dueAt < today) return c.flagOverdue ? undefined : 'OVERDUE';
  if (c.dueAt <= urgentLimit && !c.flagDeadlineNear && !c.flagOverdue) return 'DEADLINE_NEAR';
  return undefined;
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
      const limit = urgentUntil(today, country, this.config.extraNonWorkingDays);
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows: SweepCandidate[] = await this.db.query(
          `SELECT id, version, to_char(due_at, 'YYYY-MM-DD') AS "dueAt",
                  flag_deadline_near AS "flagDeadlineNear", flag_overdue AS "flagOverdue"
             FROM requests
            WHERE closed_at IS NULL AND country = $1 AND due_at <= $2 AND id > $3
              AND ((due_at < $4 AND NOT flag_overdue) OR (NOT flag_deadline_near AND NOT flag_overdue))
            ORDER BY id LIMIT ${BATCH}`,
          [country, limit, after, today],
        );
        for (const row of rows) {
          const type = timeEventFor(row, today, limit);
          if (!type) continue;
          try {
            await this.runner.apply(row.id, { type }, { actor: 'system', expectedVersion: row.version });
            if (type === 'OVERDUE') result.overdue++;
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
