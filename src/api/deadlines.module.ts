import { Module } from '@nestjs/common';
import { DeadlinesController } from './deadlines.controller.js';

/** The deadline preview endpoint. The engine itself is pure code in src/deadlines/ (import it from its `index.js`). */
@Module({ controllers: [DeadlinesController] })
export class DeadlinesModule {}
