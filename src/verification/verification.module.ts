import { Module } from '@nestjs/common';
import { Views } from '../http/views.js';
import { LinkRateLimiterModule } from '../common/link-rate-limiter.js';
import { RequestsModule } from '../requests/requests.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { ConfirmationPagesController } from './confirmation-pages.controller.js';
import { VerificationRepairSweeper } from './verification-repair.js';
import { VerificationController } from './verification.controller.js';
import { VerificationService } from './verification.service.js';

/** Identity verification: steps per request, the e-mail confirmation link (/v/:token), the REST API. */
@Module({
  imports: [RequestsModule, RoutingModule, LinkRateLimiterModule],
  controllers: [VerificationController, ConfirmationPagesController],
  providers: [VerificationService, VerificationRepairSweeper, Views],
  exports: [VerificationService],
})
export class VerificationModule {}
