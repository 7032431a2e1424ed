import { Module } from '@nestjs/common';
import { LinkRateLimiterModule } from '../common/link-rate-limiter.js';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { Views } from '../http/views.js';
import { ExportPagesController } from './export-pages.controller.js';
import { ProcessorTasksCoreModule } from './processor-tasks-core.module.js';
import { ProcessorTasksController } from './processor-tasks.controller.js';

/**
 * The processor-task API (/api/v1/requests/:id/tasks/…) and the controller's export download
 * (/c/:token/exports/:id). The agent's task forms (/ui/requests/:id/tasks/…) are workspace pages
 * in src/agent-ui/processor-tasks-ui.controller.ts.
 */
@Module({
  imports: [ProcessorTasksCoreModule, ForwardingModule, LinkRateLimiterModule],
  controllers: [ExportPagesController, ProcessorTasksController],
  providers: [Views],
})
export class ProcessorTasksModule {}
