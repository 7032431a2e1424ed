import { Module } from '@nestjs/common';
import { ProcessorTasksCoreModule } from './processor-tasks-core.module.js';
import { ProcessorTasksController } from './processor-tasks.controller.js';

/**
 * The processor-task API (/api/v1/requests/:id/tasks/…). The controller's export download
 * (/c/:token/exports/:id) is a link page of the forwarding module (src/forwarding/export-pages.controller.ts);
 * the agent's task forms (/ui/requests/:id/tasks/…) are workspace pages in
 * src/agent-ui/processor-tasks-ui.controller.ts.
 */
@Module({
  imports: [ProcessorTasksCoreModule],
  controllers: [ProcessorTasksController],
})
export class ProcessorTasksModule {}
