import { Global, Module } from '@nestjs/common';
import { JobsService } from './jobs.service.js';

/** pg-boss, available to every module that defines background work. */
@Global()
@Module({ providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
