import { Module } from '@nestjs/common';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { AdminController } from './admin.controller.js';
import { AgentsService } from './agents.service.js';
import { DemoDataService } from './demo-data.service.js';
import { QueueService } from './queue.service.js';
import { SessionsService } from './sessions.service.js';
import { TemplatesController } from './templates.controller.js';
import { UiController } from './ui.controller.js';
import { UiExceptionFilter, UiSessionGuard } from './ui-auth.js';
import { Views } from './views.js';

/** The agent workspace under /ui: sessions, queue, request detail, new requests, admin pages, demo data. */
@Module({
  imports: [RequestsModule, ForwardingModule, RepliesModule, VerificationModule],
  controllers: [TemplatesController, UiController, AdminController],
  providers: [AgentsService, SessionsService, QueueService, Views, UiSessionGuard, UiExceptionFilter, DemoDataService],
  // SessionsService and Views: other modules' workspace pages (e.g. the register export) use the same guard and layout.
  exports: [AgentsService, DemoDataService, SessionsService, Views],
})
export class AgentUiModule {}
