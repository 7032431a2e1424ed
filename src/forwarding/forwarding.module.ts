import { Module } from '@nestjs/common';
import { Views } from '../agent-ui/views.js';
import { DataControllersModule } from '../data-controllers/data-controllers.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { ControllerPagesController } from './controller-pages.controller.js';
import { ForwardingCoreModule } from './forwarding-core.module.js';
import { ForwardingService } from './forwarding.service.js';
import { LinkRateLimiter } from './link-rate-limiter.js';
import { ForwardingReminderSweeper } from './reminder-sweeper.js';

/** The controller's link pages (/c/:token), decisions into the request workflow, reminders and escalation. */
@Module({
  imports: [RequestsModule, ForwardingCoreModule, DataControllersModule],
  controllers: [ControllerPagesController],
  providers: [ForwardingService, ForwardingReminderSweeper, Views, { provide: LinkRateLimiter, useFactory: () => new LinkRateLimiter() }],
  exports: [ForwardingService, ForwardingReminderSweeper],
})
export class ForwardingModule {}
