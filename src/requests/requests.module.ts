import { Module } from '@nestjs/common';
import { ForwardingCoreModule } from '../forwarding/forwarding-core.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { DeadlineSweeper } from './deadline-sweeper.js';
import { IntakeService } from './intake.service.js';
import { RequestCommands } from './request-commands.js';
import { RequestsController } from './requests.controller.js';
import { RequestsService } from './requests.service.js';
import { WorkflowRunner } from './workflow-runner.js';

@Module({
  imports: [RoutingModule, ForwardingCoreModule],
  controllers: [RequestsController],
  providers: [IntakeService, RequestsService, WorkflowRunner, RequestCommands, DeadlineSweeper],
  // ForwardingCoreModule re-exported: the outbox (RepliesModule) finds its OUTBOX_HOOKS through it.
  exports: [IntakeService, RequestsService, WorkflowRunner, RequestCommands, ForwardingCoreModule],
})
export class RequestsModule {}
