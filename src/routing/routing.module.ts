import { Global, Module } from '@nestjs/common';
import { DataControllersModule } from '../data-controllers/data-controllers.module.js';
import { REQUEST_ROUTER } from '../requests/request-router.js';
import { RoutingService } from './routing.service.js';

/**
 * Provides REQUEST_ROUTER for intake (automatic routing) and for checking an agent's assignment.
 * Global, so the request workflow (RequestsModule) finds the port without importing this module:
 * routing depends on requests' port, never the other way round.
 */
@Global()
@Module({
  imports: [DataControllersModule],
  providers: [RoutingService, { provide: REQUEST_ROUTER, useExisting: RoutingService }],
  exports: [REQUEST_ROUTER, RoutingService],
})
export class RoutingModule {}
