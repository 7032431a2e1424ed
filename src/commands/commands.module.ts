import { Global, Module } from '@nestjs/common';
import { IdempotencyStore } from './idempotency-store.js';

/** The idempotency store, for the request commands (core) and the API's interceptor (face). */
@Global()
@Module({ providers: [IdempotencyStore], exports: [IdempotencyStore] })
export class CommandsModule {}
