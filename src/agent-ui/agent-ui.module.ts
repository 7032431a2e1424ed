import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AgentsModule } from '../agents/agents.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { VerificationModule } from '../verification/verification.module.js';
import { ProcessorTasksCoreModule } from '../processor-tasks/processor-tasks-core.module.js';
import { AccountController } from './account.controller.js';
import { AdminController } from './admin.controller.js';
import { ControllersUiController } from './controllers-ui.controller.js';
import { DataControllersModule } from '../data-controllers/data-controllers.module.js';
import { AgentDigestService } from './agent-digest.service.js';
import { DemoDataService } from './demo-data.service.js';
import { QueueService } from './queue.service.js';
import { SessionsService } from './sessions.service.js';
import { TemplatesController } from './templates.controller.js';
import { UiController } from './ui.controller.js';
import { QueueUiController } from './queue-ui.controller.js';
import { SavedViewsService } from './saved-views.service.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { RegisterModule } from '../register/register.module.js';
import { IncidentsUiController } from './incidents-ui.controller.js';
import { InboxUiController } from './inbox-ui.controller.js';
import { InboxModule } from '../inbox/inbox.module.js';
import { ProcessorTasksUiController, UploadErrorsInterceptor } from './processor-tasks-ui.controller.js';
import { RegisterUiController } from './register-ui.controller.js';
import { DossierUiController } from './dossier-ui.controller.js';
import { DashboardUiController } from './dashboard.controller.js';
import { UiExceptionFilter, UiSessionGuard } from './ui-auth.js';
import { Views } from '../http/views.js';

/**
 * The agent workspace under /ui: sessions, queue, request detail, new requests, admin pages, demo
 * data, and the workspace pages of the other modules (incidents, processor-task forms, register
 * export, dossier download, dashboard). Task-form uploads are held in memory (one file, at most
 * EXPORT_MAX_MB) and stored in the database; nothing touches the disk.
 */
@Module({
  imports: [
    AgentsModule,
    RequestsModule,
    ForwardingModule,
    RepliesModule,
    VerificationModule,
    ProcessorTasksCoreModule,
    IncidentsModule,
    RegisterModule,
    DataControllersModule,
    InboxModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => ({
        storage: memoryStorage(),
        // Browsers send the file name as raw UTF-8 in filename="…"; busboy's default would read it as Latin-1.
        defParamCharset: 'utf8',
        limits: { fileSize: config.processorTasks.exportMaxMb * 1024 * 1024, files: 1, fields: 10, fieldSize: 64 * 1024 },
      }),
    }),
  ],
  // IncidentsUiController before UiController: UiController's …/forwardings/:fid/:action would take …/sent-in-error.
  controllers: [
    TemplatesController,
    IncidentsUiController,
    UiController,
    QueueUiController,
    AdminController,
    ControllersUiController,
    AccountController,
    ProcessorTasksUiController,
    RegisterUiController,
    DossierUiController,
    DashboardUiController,
    InboxUiController,
  ],
  providers: [SessionsService, QueueService, SavedViewsService, Views, UiSessionGuard, UiExceptionFilter, DemoDataService, AgentDigestService, UploadErrorsInterceptor],
  // AgentsModule: the composition root's InitialCredentialsService creates the first agent.
  exports: [AgentsModule, DemoDataService, SessionsService, Views],
})
export class AgentUiModule {}
