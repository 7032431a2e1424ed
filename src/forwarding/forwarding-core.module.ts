import { Global, Module } from '@nestjs/common';
import { DataControllersModule } from '../data-controllers/data-controllers.module.js';
import { FORWARDING_PLANNER } from '../requests/forwarding-port.js';
import { OUTBOX_HOOKS } from '../replies/outbox-hooks.js';
import { ForwardingPlannerService } from './forwarding-planner.service.js';
import { ForwardingStore } from './forwarding.store.js';

/**
 * The part of forwarding the request workflow and the outbox depend on (no dependency back on
 * them): the planner behind FORWARDING_PLANNER and the store behind OUTBOX_HOOKS. The pages and
 * the reminder sweep live in ForwardingModule, which uses the WorkflowRunner. Global, so
 * RequestsModule and RepliesModule find the two ports without importing this module.
 */
@Global()
@Module({
  imports: [DataControllersModule],
  providers: [
    ForwardingPlannerService,
    ForwardingStore,
    { provide: FORWARDING_PLANNER, useExisting: ForwardingPlannerService },
    { provide: OUTBOX_HOOKS, useExisting: ForwardingStore },
  ],
  exports: [FORWARDING_PLANNER, OUTBOX_HOOKS, ForwardingPlannerService, ForwardingStore],
})
export class ForwardingCoreModule {}
