import { Module } from '@nestjs/common';
import { IntakeService } from './intake.service.js';
import { RequestsController } from './requests.controller.js';
import { RequestsService } from './requests.service.js';
import { WorkflowRunner } from './workflow-runner.js';

@Module({
  controllers: [RequestsController],
  providers: [IntakeService, RequestsService, WorkflowRunner],
  exports: [IntakeService, RequestsService, WorkflowRunner],
})
export class RequestsModule {}
