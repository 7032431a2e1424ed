/**
 * Daily: the webhook delivery log and the events behind it are kept WEBHOOK_LOG_DAYS. Finished
 * deliveries (delivered or given up) older than that go, then events recorded (and fanned out:
 * in the same transaction) that long ago that have no delivery left. Pending deliveries are never touched.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { JobsService } from '../jobs/jobs.service.js';

export const WEBHOOK_LOG_PURGE_JOB = 'webhook-log-purge';
export const WEBHOOK_LOG_DAYS = 30;

@Injectable()
export class WebhookLogPurge implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: WEBHOOK_LOG_PURGE_JOB,
      cron: '40 3 * * *',
      retryLimit: 1,
      handler: async () => {
        const purged = await this.purge();
        if (purged.deliveries || purged.events) this.logger.info(purged, 'webhook log purged');
      },
    });
  }

  async purge(): Promise<{ deliveries: number; events: number }> {
    const cutoff = new Date(this.clock.now().getTime() - WEBHOOK_LOG_DAYS * 86_400_000);
    const [, deliveries]: [unknown, number] = await this.db.query(
      `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1`,
      [cutoff],
    );
    const [, events]: [unknown, number] = await this.db.query(
      `DELETE FROM webhook_events e
        WHERE e.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)`,
      [cutoff],
    );
    return { deliveries: deliveries ?? 0, events: events ?? 0 };
  }
}
