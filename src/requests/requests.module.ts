import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DeadlineSweeper } from './deadline-sweeper.js';
import { IntakeService } from './intake.service.js';
import { RequestCommands } from './request-commands.js';
import { RequestScopeInterceptor } from './request-scope.interceptor.js';
import { RequestsController } from './requests.controller.js';
import { RequestsService } from './requests.service.js';
import { WorkflowRunner } from './workflow-runner.js';

/**
 * The request workflow: intake, the runner, the commands every face sends events through. Its ports
 * REQUEST_ROUTER (request-router.ts) and FORWARDING_PLANNER (forwarding-port.ts) are provided by the
 * modules that implement them, RoutingModule and ForwardingCoreModule, which are global: this module
 * imports neither, so src/requests/ does not depend on src/routing/ or on forwarding's wiring.
 * TRANSITION_FRAGMENTS (transition-fragments.ts), the other owners' SQL in a transition's statement,
 * comes from the composition root's WorkflowWiringModule (src/workflow-wiring.module.ts).
 */
@Module({
  controllers: [RequestsController],
  providers: [IntakeService, RequestsService, WorkflowRunner, RequestCommands, DeadlineSweeper, { provide: APP_INTERCEPTOR, useClass: RequestScopeInterceptor }],
  exports: [IntakeService, RequestsService, WorkflowRunner, RequestCommands],
})
export class RequestsModule {}
