import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AgentUiModule } from '../agent-ui/agent-ui.module.js';
import { UiExceptionFilter, UiSessionGuard } from '../agent-ui/ui-auth.js';
import { LinkRateLimiterModule } from '../common/link-rate-limiter.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { ExportPagesController } from './export-pages.controller.js';
import { ProcessorTasksCoreModule } from './processor-tasks-core.module.js';
import { ProcessorTasksController } from './processor-tasks.controller.js';
import { ProcessorTasksUiController, UploadErrorsInterceptor } from './processor-tasks-ui.controller.js';

/**
 * The agent's task forms (/ui/requests/:id/tasks/…), their API (/api/v1/requests/:id/tasks/…) and the controller's export download
 * (/c/:token/exports/:id). Uploads are held in memory (one file, at most EXPORT_MAX_MB) and
 * stored in the database; nothing touches the disk.
 */
@Module({
  imports: [
    ProcessorTasksCoreModule,
    RequestsModule,
    ForwardingModule,
    AgentUiModule,
    LinkRateLimiterModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.processorTasks.exportMaxMb * 1024 * 1024, files: 1, fields: 10, fieldSize: 64 * 1024 },
      }),
    }),
  ],
  controllers: [ProcessorTasksUiController, ExportPagesController, ProcessorTasksController],
  providers: [UiSessionGuard, UiExceptionFilter, UploadErrorsInterceptor],
})
export class ProcessorTasksModule {}
