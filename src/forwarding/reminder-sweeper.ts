/**
 * No unanswered forwarding is forgotten. Every minute (pg-boss cron, like the deadline sweep) it
 * finds open forwardings whose reminder day has come: not acknowledged by forwardBy → a reminder
 * every 3 working days, at most 3, then escalation (flag, urgent mail to the controller and a mail
 * to the processor's privacy address); no decision 7 days before the controller's respondBy → one
 * reminder. The state lives in the row and each step is one guarded statement (transition, new
 * link, mail, audit), so a step happens exactly once across restarts and nodes.
 *
 * It also repairs what a crash may have left: sent mails still holding a link token (scrubbed),
 * forwardings whose mail went out but are still `queued`, decisions still pending (until the request
 * takes or refuses them).
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { describeError } from '../common/error-text.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { COUNTRY_CODES, type Country } from '../deadlines/countries.js';
import { localDate } from '../deadlines/deadlines.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { controllerMailData, DECISION_REMINDER_DAYS, newLink, reminderDue } from './forwarding-plan.js';
import { FORWARDING_COLUMNS, FORWARDING_FROM, type ForwardingRow } from './forwarding-row.js';
import { ForwardingService } from './forwarding.service.js';
import { ForwardingStore } from './forwarding.store.js';
import { isForwardingOverdue } from './overdue.js';

export const FORWARDING_REMINDER_JOB = 'forwarding-reminder-sweep';
const BATCH = 200;

export interface ReminderSweepResult {
  reminders: number;
  decisionReminders: number;
  escalations: number;
  /** Changed by someone else meanwhile; the next sweep looks again. */
  skipped: number;
  repaired: number;
  /** Forwardings newly flagged overdue (past the controller's respondBy without a decision). */
  overdue: number;
}

@Injectable()
export class ForwardingReminderSweeper implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly store: ForwardingStore,
    private readonly forwarding: ForwardingService,
    private readonly controllers: DataControllersService,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.define({ name: FORWARDING_REMINDER_JOB, cron: '* * * * *', runAtStart: true, retryLimit: 0, handler: async () => void (await this.sweep()) });
  }

  async sweep(): Promise<ReminderSweepResult> {
    const result: ReminderSweepResult = { reminders: 0, decisionReminders: 0, escalations: 0, skipped: 0, repaired: 0, overdue: 0 };
    result.repaired = await this.repair();
    result.overdue = await this.markOverdue();
    const extra = this.config.extraNonWorkingDays;
    const candidates = this.batches(
      `f.state IN ('sent', 'acknowledged') AND f.misdirected_at IS NULL
       AND ((f.state = 'sent' AND f.next_reminder_on <= $2::date)
            OR (f.decision_reminded_at IS NULL AND f.respond_by <= $2::date + ${DECISION_REMINDER_DAYS}))`,
    );
    for await (const { rows, today } of candidates) {
      for (const row of rows) {
        const due = reminderDue(
          {
            state: row.state,
            reminderCount: row.reminderCount,
            nextReminderOn: row.nextReminderOn,
            escalated: row.escalated,
            decisionReminded: row.decisionRemindedAt !== null,
            respondBy: row.respondBy,
            country: row.country,
          },
          today,
          extra,
        );
        if (!due) continue;
        const done = await this.remind(row, due, today);
        if (!done) result.skipped++;
        else if (due.kind === 'acknowledge') result.reminders++;
        else if (due.kind === 'decision') result.decisionReminders++;
        else result.escalations++;
      }
    }
    if (result.reminders || result.decisionReminders || result.escalations || result.skipped || result.repaired || result.overdue) {
      this.logger.info({ ...result }, 'forwarding reminder sweep');
    }
    return result;
  }

  private async remind(row: ForwardingRow, due: NonNullable<ReturnType<typeof reminderDue>>, today: string): Promise<boolean> {
    const controller = await this.controllers.row(row.controllerId);
    const now = this.clock.now();
    const extra = this.config.extraNonWorkingDays;
    const link = newLink(this.config.publicBaseUrl, now);
    const forwardedOn = localDate(row.sentAt ?? row.createdAt, row.country);
    const facts = controllerMailData(controller, { respondBy: row.respondBy }, today, extra);
    const data = { ...facts, forwardingId: row.id, forwardedOn, link: link.url };
    const mail = { link, recipient: controller.contactEmail, data };
    if (due.kind === 'escalate') {
      const processorMail = {
        recipient: this.config.processor.privacyEmail,
        template: 'processor-escalation',
        data: {
          tone: this.config.processorTone,
          controller: { name: controller.name, country: controller.country },
          forwardedOn,
          respondBy: row.respondBy,
          daysLeft: facts.daysLeft,
          reminderCount: row.reminderCount,
        },
      };
      // ESCALATE: the machine's sendEscalation (flag, new link, urgent mail, the processor's mail).
      const outcome = await this.store.run(row, { type: 'ESCALATE' }, { actor: 'system', mail: { ...mail, template: 'controller-escalation', extra: [processorMail] } });
      return outcome.status === 'written';
    }
    // REMIND: the machine's sendReminder (new link, reminder mail, the count or the decision reminder's day).
    const outcome = await this.store.run(
      row,
      { type: 'REMIND', kind: due.kind },
      { actor: 'system', mail: { ...mail, template: 'controller-reminder' }, ...(due.kind === 'acknowledge' ? { nextReminderOn: due.nextReminderOn } : {}) },
    );
    return outcome.status === 'written';
  }

  /**
   * Past the controller's respondBy (in its own calendar) without a decision: the forwarding's
   * machine takes OVERDUE (flag `overdue`), `overdue_at` is set and FORWARDING_OVERDUE audited, in
   * one statement guarded by the row's version and `overdue_at IS NULL`, so exactly once across
   * sweeps, restarts and nodes. Forwardings called off or sent in error are not overdue.
   */
  private async markOverdue(): Promise<number> {
    let marked = 0;
    const candidates = this.batches(
      `f.overdue_at IS NULL AND f.decided_at IS NULL AND f.cancelled_at IS NULL AND f.misdirected_at IS NULL
       AND f.state IN ('queued', 'sent', 'acknowledged', 'bounced') AND f.respond_by < $2::date`,
    );
    for await (const { rows, today } of candidates) {
      for (const row of rows) {
        if (!isForwardingOverdue(row, today)) continue;
        // OVERDUE: the machine's recordOverdue (overdue_at, FORWARDING_OVERDUE).
        if ((await this.store.run(row, { type: 'OVERDUE' }, { actor: 'system' })).status === 'written') marked++;
      }
    }
    return marked;
  }

  /**
   * Forwardings matching `where` (`$2` is today in the forwarding's own calendar), per country and
   * in id order, a batch at a time (keyset pagination: what a batch changes does not shift the next).
   */
  private async *batches(where: string): AsyncGenerator<{ rows: ForwardingRow[]; today: string }> {
    const now = this.clock.now();
    for (const country of COUNTRY_CODES as readonly Country[]) {
      const today = localDate(now, country);
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows: ForwardingRow[] = await this.db.query(
          `SELECT ${FORWARDING_COLUMNS} FROM ${FORWARDING_FROM}
            WHERE f.country = $1 AND f.id > $3 AND ${where}
            ORDER BY f.id LIMIT ${BATCH}`,
          [country, today, after],
        );
        yield { rows, today };
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].id;
      }
    }
  }

  /** Finishes what a crash interrupted (each step is idempotent). */
  private async repair(): Promise<number> {
    let repaired = 0;
    for (const m of await this.store.unscrubbed()) {
      await this.store.scrub(m.id, m.link);
      repaired++;
    }
    const queued: { id: string }[] = await this.db.query(
      `SELECT DISTINCT f.id FROM forwardings f JOIN messages m ON m.forwarding_id = f.id AND m.template = 'forwarding' AND m.status = 'sent'
        WHERE f.state = 'queued' AND f.sent_at IS NULL LIMIT ${BATCH}`,
    );
    for (const f of queued) {
      await this.store.markSent(f.id);
      repaired++;
    }
    // Every pending decision, until the request took it or refused it; one that fails does not hold up the others.
    const pending: { id: string }[] = await this.db.query(
      `SELECT id FROM forwardings WHERE settlement = 'pending' ORDER BY decided_at LIMIT ${BATCH}`,
    );
    for (const f of pending) {
      try {
        if (await this.forwarding.settle(f.id)) repaired++;
      } catch (err) {
        this.logger.error({ forwardingId: f.id, err: describeError(err) }, 'pending decision not settled; the next sweep tries again');
      }
    }
    return repaired;
  }
}
