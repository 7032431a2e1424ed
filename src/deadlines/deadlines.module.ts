import { Module } from '@nestjs/common';
import { DeadlinesController } from './deadlines.controller.js';

/** The deadline preview endpoint. The engine itself is pure code: import it from `./index.js`. */
@Module({ controllers: [DeadlinesController] })
export class DeadlinesModule {}
