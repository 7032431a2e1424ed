/**
 * Sends the agents' daily digest. A pg-boss cron job early on working days (06:30 in the
 * processor's time zone, Monday to Friday; public holidays and EXTRA_NON_WORKING_DAYS are skipped
 * by the handler) — one node runs each tick, and SCHEDULED_JOBS=false turns it off. For every
 * active agent with an e-mail address it selects their assigned open requests that need
 * attention (agent-digest.ts) and, when there is anything, writes the rendered mail to the outbox
 * and a row in `agent_digests` in ONE statement: the (agent, day) key makes a rerun or a second
 * node send nothing twice. The outbox worker delivers it like any other mail.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { isWorkingDay, localDate, SOON_CALENDAR_DAYS } from '../deadlines/deadlines.js';
import { JobsService } from '../jobs/jobs.service.js';
import { messageInsert } from '../replies/message-sql.js';
import { MailTemplates } from '../replies/renderer.js';
import { messageIdDomain } from '../requests/effects-sql.js';
import { digestMailData, selectDigests, type DigestRow } from './agent-digest.js';

export const AGENT_DIGEST_JOB = 'agent-digest';
/** 06:30 Monday to Friday, in the processor's time zone (JobsService schedules in it). */
export const AGENT_DIGEST_CRON = '30 6 * * 1-5';

export interface DigestRunResult {
  /** The processor's local date the run counted as "today". */
  date: string;
  /** Not a working day: nothing was looked at. */
  skipped: boolean;
  sent: number;
  /** Agents with an address and nothing to report. */
  empty: number;
  /** Agents whose digest of today already exists (a rerun, or another node). */
  already: number;
}

interface Recipient {
  id: string;
  displayName: string;
  email: string;
}

@Injectable()
export class AgentDigestService implements OnModuleInit {
  private readonly domain: string;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    private readonly templates: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.domain = messageIdDomain(config.publicBaseUrl);
  }

  onModuleInit(): void {
    this.jobs.define({ name: AGENT_DIGEST_JOB, cron: AGENT_DIGEST_CRON, retryLimit: 1, handler: async () => void (await this.run()) });
  }

  async run(): Promise<DigestRunResult> {
    const now = this.clock.now();
    const country = this.config.processor.country;
    const extra = this.config.extraNonWorkingDays;
    const date = localDate(now, country);
    const result: DigestRunResult = { date, skipped: false, sent: 0, empty: 0, already: 0 };
    if (!isWorkingDay(date, country, extra)) return { ...result, skipped: true };

    const recipients: (Recipient & { done: boolean })[] = await this.db.query(
      `SELECT a.id, a.display_name AS "displayName", a.email,
              EXISTS (SELECT 1 FROM agent_digests d WHERE d.agent_id = a.id AND d.digest_date = $1::date) AS done
         FROM agents a WHERE a.active AND a.email IS NOT NULL ORDER BY a.id`,
      [date],
    );
    result.already = recipients.filter((r) => r.done).length;
    const due = recipients.filter((r) => !r.done);
    if (!due.length) return result;

    const rows = await this.candidates(
      due.map((r) => r.id),
      addDays(date, SOON_CALENDAR_DAYS + 1),
    );
    const digests = selectDigests(rows, (c) => localDate(now, c), extra);
    for (const agent of due) {
      const digest = digests.get(agent.id);
      if (!digest) {
        result.empty++;
        continue;
      }
      const data = digestMailData(digest, { publicBaseUrl: this.config.publicBaseUrl, date, agentName: agent.displayName });
      const mail = this.templates.render('agent-digest', {
        ...data,
        tone: this.config.processorTone,
        reference: `Dagoverzicht ${date}`,
        processor: { name: this.config.processor.name, email: this.config.processor.privacyEmail, country },
      });
      if (await this.write(agent, date, digest.requests, mail, now)) result.sent++;
      else result.already++;
    }
    // Counts only: no names, addresses or references in the log.
    this.logger.info({ ...result }, 'agent digest');
    return result;
  }

  /** Open requests assigned to these agents that may need attention (the pure selection decides). */
  private async candidates(agentIds: string[], dueUntil: string): Promise<DigestRow[]> {
    return this.db.query(
      `SELECT r.id, r.reference, r.rights, r.country, to_char(r.due_at, 'YYYY-MM-DD') AS "dueAt", r.assignee_id AS "assigneeId",
              EXISTS (SELECT 1 FROM forwardings f WHERE f.request_id = r.id AND f.escalated AND f.state IN ('queued', 'sent') AND f.cancelled_at IS NULL) AS escalated,
              (r.flag_mail_failed
               OR EXISTS (SELECT 1 FROM forwardings f WHERE f.request_id = r.id AND f.state = 'bounced' AND f.cancelled_at IS NULL)
               OR EXISTS (SELECT 1 FROM messages m WHERE m.request_id = r.id AND m.status = 'failed')) AS undeliverable
         FROM requests r
        WHERE r.closed_at IS NULL AND r.assignee_id = ANY($1::uuid[])
          AND (r.due_at <= $2::date OR r.flag_mail_failed
               OR EXISTS (SELECT 1 FROM forwardings f WHERE f.request_id = r.id AND f.cancelled_at IS NULL AND (f.escalated OR f.state = 'bounced'))
               OR EXISTS (SELECT 1 FROM messages m WHERE m.request_id = r.id AND m.status = 'failed'))`,
      [agentIds, dueUntil],
    );
  }

  /** The digest's log row and its outbox message in one statement; false when today's digest exists already. */
  private async write(agent: Recipient, date: string, requestCount: number, mail: { subject: string; html: string; text: string }, now: Date): Promise<boolean> {
    const id = randomUUID();
    const rows: unknown[] = await this.db.query(
      `WITH d AS (
         INSERT INTO agent_digests (agent_id, digest_date, message_id, request_count, created_at) VALUES ($1, $2::date, $3, $4, $5)
         ON CONFLICT (agent_id, digest_date) DO NOTHING
         RETURNING agent_id),
       m AS (
         ${messageInsert('id, request_id, recipient, template, data, message_id, subject, html, text, created_at, next_attempt_at', `SELECT $3, NULL, $6, 'agent-digest', $7::jsonb, $8, $9, $10, $11, $5, $5 FROM d
         RETURNING id`)})
       SELECT id FROM m`,
      [
        agent.id,
        date,
        id,
        requestCount,
        now,
        agent.email,
        JSON.stringify({ agentId: agent.id, digestDate: date, requestCount }),
        `<${id}@${this.domain}>`,
        mail.subject,
        mail.html,
        mail.text,
      ],
    );
    return rows.length > 0;
  }
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
