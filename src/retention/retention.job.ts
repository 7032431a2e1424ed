import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service.js';
import { RetentionService } from './retention.service.js';

export const RETENTION_JOB = 'retention-purge';

/** Daily at 03:15 in the processor's time zone (pg-boss cron, one node at a time). */
@Injectable()
export class RetentionJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    this.jobs.define({ name: RETENTION_JOB, cron: '15 3 * * *', retryLimit: 2, handler: async () => void (await this.retention.purge()) });
  }
}
