import { Module } from '@nestjs/common';
import { DataControllersModule } from '../data-controllers/data-controllers.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { ProcessorTasksService } from './processor-tasks.service.js';

/**
 * Processor tasks for the modules that show them (the controller's link page, the request page):
 * concerns, exports and the read models. Completing a task is the request event INSTRUCTION_DONE,
 * planned by the forwarding planner with task-completion.ts.
 */
@Module({
  imports: [RequestsModule, DataControllersModule],
  providers: [ProcessorTasksService],
  exports: [ProcessorTasksService],
})
export class ProcessorTasksCoreModule {}
