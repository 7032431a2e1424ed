import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from './clock.js';

export const LOGGER = Symbol('LOGGER');

/** The clock and the logger, available everywhere. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(logger: Logger, clock: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: Clock, useValue: clock },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [Clock, LOGGER],
    };
  }
}
