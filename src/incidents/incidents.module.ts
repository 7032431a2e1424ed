import { Module } from '@nestjs/common';
import { ForwardingCoreModule } from '../forwarding/forwarding-core.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { IncidentsController } from './incidents.controller.js';
import { Views } from '../http/views.js';
import { DeletionPagesController } from './deletion-pages.controller.js';
import { LinkRateLimiterModule } from '../common/link-rate-limiter.js';
import { IncidentsService } from './incidents.service.js';

/**
 * Incidents (art 33(2)): forwardings sent in error and their assessment. The API lives here; the
 * workspace pages (src/agent-ui/incidents-ui.controller.ts) are registered by AgentUiModule, which imports this.
 */
@Module({
  imports: [RequestsModule, ForwardingCoreModule, LinkRateLimiterModule],
  controllers: [IncidentsController, DeletionPagesController],
  providers: [IncidentsService, Views],
  exports: [IncidentsService],
})
export class IncidentsModule {}
