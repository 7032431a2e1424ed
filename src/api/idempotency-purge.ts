import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../common/common.module.js';
import { JobsService } from '../jobs/jobs.service.js';
import { IdempotencyStore } from '../commands/idempotency-store.js';

export const IDEMPOTENCY_PURGE_JOB = 'idempotency-purge';

/** Hourly: idempotency records older than 24 hours are dropped (they no longer count anyway). */
@Injectable()
export class IdempotencyPurge implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly store: IdempotencyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.define({
      name: IDEMPOTENCY_PURGE_JOB,
      cron: '17 * * * *',
      retryLimit: 0,
      handler: async () => {
        const purged = await this.store.purge();
        if (purged) this.logger.info({ purged }, 'idempotency records purged');
      },
    });
  }
}
