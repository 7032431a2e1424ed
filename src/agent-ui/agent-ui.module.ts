import { Module } from '@nestjs/common';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { ProcessorTasksCoreModule } from '../processor-tasks/processor-tasks-core.module.js';
import { AccountController } from './account.controller.js';
import { AdminController } from './admin.controller.js';
import { AgentDigestService } from './agent-digest.service.js';
import { AgentsService } from './agents.service.js';
import { DemoDataService } from './demo-data.service.js';
import { QueueService } from './queue.service.js';
import { SessionsService } from './sessions.service.js';
import { TemplatesController } from './templates.controller.js';
import { UiController } from './ui.controller.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { IncidentsUiController } from '../incidents/incidents-ui.controller.js';
import { UiExceptionFilter, UiSessionGuard } from './ui-auth.js';
import { Views } from '../http/views.js';

/** The agent workspace under /ui: sessions, queue, request detail, new requests, admin pages, demo data. */
@Module({
  imports: [RequestsModule, ForwardingModule, RepliesModule, VerificationModule, ProcessorTasksCoreModule, IncidentsModule],
  // IncidentsUiController before UiController: UiController's …/forwardings/:fid/:action would take …/sent-in-error.
  controllers: [TemplatesController, IncidentsUiController, UiController, AdminController, AccountController],
  providers: [AgentsService, SessionsService, QueueService, Views, UiSessionGuard, UiExceptionFilter, DemoDataService, AgentDigestService],
  // SessionsService and Views: other modules' workspace pages (e.g. the register export) use the same guard and layout.
  exports: [AgentsService, DemoDataService, SessionsService, Views],
})
export class AgentUiModule {}
