import { Module } from '@nestjs/common';
import { LegalHoldController } from './legal-hold.controller.js';
import { LegalHoldService } from './legal-hold.service.js';
import { RetentionJob } from './retention.job.js';
import { RetentionService } from './retention.service.js';

/** Storage limitation: the daily purge, legal holds. */
@Module({
  controllers: [LegalHoldController],
  providers: [RetentionService, RetentionJob, LegalHoldService],
  exports: [RetentionService, LegalHoldService],
})
export class RetentionModule {}
