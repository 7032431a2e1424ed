import { Module } from '@nestjs/common';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { AdminController } from './admin.controller.js';
import { AgentsService } from './agents.service.js';
import { DemoDataService } from './demo-data.service.js';
import { QueueService } from './queue.service.js';
import { SessionsService } from './sessions.service.js';
import { UiController } from './ui.controller.js';
import { UiExceptionFilter, UiSessionGuard } from './ui-auth.js';
import { Views } from './views.js';

/** The agent workspace under /ui: sessions, queue, request detail, new requests, admin pages, demo data. */
@Module({
  imports: [RequestsModule, ForwardingModule],
  controllers: [UiController, AdminController],
  providers: [AgentsService, SessionsService, QueueService, Views, UiSessionGuard, UiExceptionFilter, DemoDataService],
  exports: [AgentsService, DemoDataService],
})
export class AgentUiModule {}
