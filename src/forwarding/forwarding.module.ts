import { Module } from '@nestjs/common';
import { Views } from '../http/views.js';
import { DataControllersModule } from '../data-controllers/data-controllers.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { ControllerPagesController } from './controller-pages.controller.js';
import { ControllerDraftsController } from './controller-drafts.controller.js';
import { ExportPagesController } from './export-pages.controller.js';
import { RepliesModule } from '../replies/replies.module.js';
import { ForwardingCoreModule } from './forwarding-core.module.js';
import { ForwardingService } from './forwarding.service.js';
import { LinkRateLimiterModule } from '../common/link-rate-limiter.js';
import { ForwardingReminderSweeper } from './reminder-sweeper.js';
import { ProcessorTasksCoreModule } from '../processor-tasks/processor-tasks-core.module.js';

/** The controller's link pages (/c/:token, its export downloads included), decisions into the request workflow, reminders and escalation. */
@Module({
  imports: [RequestsModule, ForwardingCoreModule, DataControllersModule, LinkRateLimiterModule, ProcessorTasksCoreModule, RepliesModule],
  // RepliesModule: the mail templates for the controller's draft letters (ControllerDraftsController).
  controllers: [ControllerPagesController, ControllerDraftsController, ExportPagesController],
  providers: [ForwardingService, ForwardingReminderSweeper, Views],
  exports: [ForwardingService, ForwardingReminderSweeper],
})
export class ForwardingModule {}
