/**
 * Delivers the outbox: claims due messages (one statement), renders a message the first time it
 * is claimed and stores the rendering, records the attempt, sends it with its stable Message-ID,
 * then marks it (retrying that record a few times: the mail server has the mail by then). No
 * transaction is open while talking to the mail server. Polls every OUTBOX_POLL_MS once started
 * (after the migrations); stops on shutdown after the message in flight.
 */
import { Inject, Injectable, Optional, type BeforeApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../common/common.module.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { PollLoop } from '../jobs/poll-loop.js';
import { rowDeadlines } from '../requests/request-row.js';
import { WorkflowRunner } from '../requests/workflow-runner.js';
import { describeError } from '../common/error-text.js';
import { factsByLanguage, LetterDataError, letterContext } from './letter-context.js';
import {
  afterFailure,
  claimMessages,
  isPermanentSmtpError,
  markFailed,
  markRetry,
  markSent,
  markWithheld,
  MARK_SENT_RETRY_MS,
  recordAttempt,
  scrubSentLink,
  storeRendering,
  threadRootOf,
  type ClaimedMessage,
} from './outbox.js';
import { MailTemplates, TemplateRenderError, type RenderedMail } from './renderer.js';
import { OUTBOX_HOOKS, type OutboxHooks } from './outbox-hooks.js';
import { createTransport, type MailTransport } from './transport.js';

export const OUTBOX_BATCH = 10;

export interface RunResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Not sent: a module's hook said it must not go (its forwarding was called off). */
  withheld: number;
  /**
   * Handed to the transport, but recording `sent` failed on every retry: it stays claimed with its
   * attempt recorded, and after the lease it is sent again, marked as possibly received twice.
   */
  unconfirmed: number;
  /** Not sent: the claim had run out and another worker had claimed the message meanwhile. */
  lost: number;
}

/** Rendering failed for good (bad data or template): retrying cannot help. */
class PermanentError extends Error {}

@Injectable()
export class OutboxWorker implements OnModuleDestroy, BeforeApplicationShutdown {
  private transport: MailTransport;
  private readonly loop: PollLoop<RunResult>;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly runner: WorkflowRunner,
    private readonly templates: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(OUTBOX_HOOKS) private readonly hooks?: OutboxHooks,
  ) {
    this.transport = createTransport(config.smtpUrl, config.dataDir);
    this.loop = new PollLoop({
      name: 'outbox',
      intervalMs: config.outbox.pollMs,
      logger,
      round: () => this.batch(),
      busy: (r) => r.claimed >= OUTBOX_BATCH,
    });
  }

  /** Begins polling, unless OUTBOX_WORKER=false. Call after the migrations. */
  start(): void {
    if (!this.config.outbox.worker || this.loop.stopped) return;
    this.logger.debug({ transport: this.transport.kind, pollMs: this.config.outbox.pollMs }, 'outbox worker started');
    this.loop.start();
  }

  /** For tests: a different transport (e.g. one that fails). */
  useTransport(transport: MailTransport): void {
    this.transport.close();
    this.transport = transport;
  }

  /** One batch; concurrent calls share the batch in progress. */
  runOnce(): Promise<RunResult> {
    return this.loop.runOnce();
  }

  private async batch(): Promise<RunResult> {
    const result: RunResult = { claimed: 0, sent: 0, retried: 0, failed: 0, withheld: 0, unconfirmed: 0, lost: 0 };
    if (this.loop.stopped) return result;
    const claimed = await claimMessages(this.db, this.clock.now(), OUTBOX_BATCH);
    result.claimed = claimed.length;
    for (const message of claimed) {
      // On shutdown the rest of the batch stays claimed; its lease runs out and it is sent later.
      if (this.loop.stopped) break;
      const outcome = await this.deliver(message);
      result[outcome] += 1;
    }
    return result;
  }

  /** Claims and renders without sending: the first half of a delivery (tests simulate a crash after it). */
  async claimAndRender(limit = OUTBOX_BATCH): Promise<ClaimedMessage[]> {
    const claimed = await claimMessages(this.db, this.clock.now(), limit);
    for (const m of claimed) Object.assign(m, await this.rendering(m));
    return claimed;
  }

  private async deliver(message: ClaimedMessage): Promise<'sent' | 'retried' | 'failed' | 'withheld' | 'unconfirmed' | 'lost'> {
    const log = { messageId: message.messageId, template: message.template, attempt: message.attempts };
    const withhold = await this.hooks?.withholdReason?.(message);
    if (withhold) {
      await markWithheld(this.db, message.id, withhold);
      this.logger.info({ ...log, reason: withhold }, 'mail withheld');
      return 'withheld';
    }
    let mail: RenderedMail;
    try {
      mail = await this.rendering(message);
    } catch (err) {
      const permanent = err instanceof PermanentError;
      return this.failure(message, err, permanent, log);
    }
    let inReplyTo: string | undefined;
    try {
      inReplyTo = await threadRootOf(this.db, message);
    } catch (err) {
      return this.failure(message, err, false, log);
    }
    // The attempt is on record before the mail server sees the mail: if its result is lost, the
    // resend after the lease knows the recipient may have it already (and says so).
    if (!(await recordAttempt(this.db, message, this.clock.now()))) {
      this.logger.warn(log, 'mail not sent: its claim ran out and another worker has it');
      return 'lost';
    }
    if (message.attemptedAt) this.logger.warn(log, 'mail sent again after an attempt without a recorded result; the recipient may get it twice (same Message-ID)');
    try {
      await this.transport.send({
        from: { name: this.config.processor.name, address: this.config.processor.privacyEmail },
        to: message.recipient,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: message.messageId,
        date: message.createdAt,
        ...(inReplyTo ? { inReplyTo } : {}),
      });
    } catch (err) {
      return this.failure(message, err, isPermanentSmtpError(err), log);
    }
    // Sent and scrubbed in one statement: no crash window leaves a live token in a sent mail.
    if (!(await this.recordSent(message, log))) return 'unconfirmed';
    this.logger.debug({ ...log, transport: this.transport.kind }, 'mail sent');
    await this.runHook('afterSent', message, log);
    return 'sent';
  }

  /**
   * Marks the message sent, retrying after MARK_SENT_RETRY_MS (a lost database connection usually
   * comes back within seconds): each success here is a mail the recipient gets exactly once.
   */
  private async recordSent(message: ClaimedMessage, log: Record<string, unknown>): Promise<boolean> {
    for (let retry = 0; ; retry++) {
      try {
        await markSent(this.db, message.id, this.clock.now(), message);
        return true;
      } catch (err) {
        const pause = MARK_SENT_RETRY_MS[retry];
        if (pause === undefined) {
          this.logger.error({ ...log, error: describeError(err) }, 'mail handed to the mail server but not recorded as sent; it is sent again after its lease');
          return false;
        }
        this.logger.warn({ ...log, error: describeError(err), retryInMs: pause }, 'mail handed to the mail server; recording it as sent failed, retrying');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async failure(message: ClaimedMessage, err: unknown, permanent: boolean, log: Record<string, unknown>): Promise<'retried' | 'failed'> {
    const now = this.clock.now();
    const error = describeError(err);
    const decision = afterFailure(message.attempts, this.config.outbox.maxAttempts, now, permanent);
    if (decision.status === 'queued') {
      await markRetry(this.db, message.id, decision.nextAttemptAt, error);
      this.logger.warn({ ...log, error, nextAttemptAt: decision.nextAttemptAt }, 'mail not sent; will retry');
      return 'retried';
    }
    // Failed and scrubbed in one transaction (the repair sweep finishes anything older).
    await this.db.transaction(async (tx) => {
      await markFailed(tx, message, now, error);
      await scrubSentLink(tx, message);
    });
    this.logger.error({ ...log, error, permanent }, 'mail failed; request flagged for an agent');
    await this.runHook('afterFailed', message, log);
    return 'failed';
  }

  private async runHook(hook: 'afterSent' | 'afterFailed', message: ClaimedMessage, log: Record<string, unknown>): Promise<void> {
    if (!this.hooks) return;
    try {
      await this.hooks[hook](message);
    } catch (err) {
      this.logger.error({ ...log, hook, err: describeError(err) }, 'outbox hook failed; the next sweep repairs it');
    }
  }

  /** The stored rendering, or a new one (stored before it is sent). */
  private async rendering(message: ClaimedMessage): Promise<RenderedMail> {
    if (message.subject !== null && message.html !== null && message.text !== null) {
      return { subject: message.subject, html: message.html, text: message.text };
    }
    let mail: RenderedMail;
    try {
      mail = this.templates.render(message.template, await this.contextOf(message));
    } catch (err) {
      if (err instanceof TemplateRenderError || err instanceof LetterDataError) throw new PermanentError(err.message);
      throw err;
    }
    return storeRendering(this.db, message.id, mail);
  }

  private async contextOf(message: ClaimedMessage): Promise<Record<string, unknown>> {
    if (!message.requestId) throw new PermanentError('a message without a request has no letter data');
    const row = await this.runner.load(message.requestId);
    if (!row) throw new PermanentError('the request no longer exists');
    const deadlines = rowDeadlines(row, this.config.extraNonWorkingDays);
    return letterContext(message.template, row, deadlines, message.data ?? {}, {
      tone: this.config.processorTone,
      defaultLanguage: this.config.processorLanguage,
      processor: { name: this.config.processor.name, email: this.config.processor.privacyEmail, country: this.config.processor.country },
      privacyFacts: { facts: factsByLanguage(this.config.privacyFacts), allowFictional: this.config.demoData },
    });
  }

  /** Stops polling and waits for the batch in flight (its current message), then closes the transport. */
  async stop(): Promise<void> {
    const first = !this.loop.stopped;
    await this.loop.stop();
    if (first) this.transport.close();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }
}
