import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeysService } from './api-keys.service.js';
import { ExternalRefs } from '../requests/external-refs.js';
import { IdempotencyInterceptor } from './idempotency.js';
import { IdempotencyPurge } from './idempotency-purge.js';
import { AddressRateLimiter, ApiRateLimiter } from './rate-limiter.js';

@Global()
@Module({
  providers: [
    ApiKeysService,
    ApiRateLimiter,
    AddressRateLimiter,
    IdempotencyPurge,
    ExternalRefs,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [ApiKeysService, ExternalRefs],
})
export class ApiModule {}
