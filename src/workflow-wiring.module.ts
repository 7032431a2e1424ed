/**
 * Composition root of the workflow's inverted ports: the request transition (src/requests/) and the
 * forwarding planner (src/forwarding/) declare what they need from modules that depend on them, and
 * this module — which may import every folder — hands it in:
 * - TRANSITION_FRAGMENTS (src/requests/transition-fragments.ts): the SQL fragments of the modules
 *   that own the tables a request transition writes besides `requests`, composed into its one
 *   statement by effects-sql.ts. The SQL stays in its owner's folder.
 * - MISDIRECTION_PLANNER (src/forwarding/misdirection-port.ts): what a forwarding sent in error
 *   writes, planned by the incidents module.
 * Global, so RequestsModule, ForwardingCoreModule and IncidentsModule find them without importing it.
 */
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type ResolvedConfig } from './config/config.module.js';
import { MISDIRECTION_PLANNER } from './forwarding/misdirection-port.js';
import { insertForwardings, updateForwardings } from './forwarding/forwarding-sql.js';
import { settlementAppliedCte } from './forwarding/settlement-sql.js';
import { misdirectionCtes } from './incidents/incident-sql.js';
import { misdirectionPlanner } from './incidents/misdirection-plan.js';
import { deleteCancelledExports, insertProcessorTasks, updateProcessorTasks } from './processor-tasks/processor-task-sql.js';
import { messageInsert } from './replies/message-sql.js';
import { withholdUnsentMailCte } from './replies/outbox.js';
import { TRANSITION_FRAGMENTS, type TransitionFragments } from './requests/transition-fragments.js';
import { insertVerificationSteps } from './verification/verification-sql.js';
import { discardedRequestPurge } from './retention/purge-sql.js';
import { countDiscardedStatement } from './inbox/inbox-sql.js';

/** Every owner's fragment a request transition composes. */
export const transitionFragments: TransitionFragments = {
  messageInsert,
  withholdUnsentMailCte,
  insertForwardings,
  updateForwardings,
  settlementAppliedCte,
  insertProcessorTasks,
  updateProcessorTasks,
  deleteCancelledExports,
  insertVerificationSteps,
  misdirectionCtes,
  // A discarded mail: purged at once as retention purges, and counted (only the count is kept).
  discardStatements: (requestId, now, actor) => [
    { sql: discardedRequestPurge(), params: [requestId, now, actor] },
    { sql: countDiscardedStatement(), params: [] },
  ],
};

@Global()
@Module({
  providers: [
    { provide: TRANSITION_FRAGMENTS, useValue: transitionFragments },
    { provide: MISDIRECTION_PLANNER, useFactory: (config: ResolvedConfig) => misdirectionPlanner(config), inject: [APP_CONFIG] },
  ],
  exports: [TRANSITION_FRAGMENTS, MISDIRECTION_PLANNER],
})
export class WorkflowWiringModule {}
