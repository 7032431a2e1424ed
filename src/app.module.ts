import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AgentUiModule } from './agent-ui/agent-ui.module.js';
import { ApiModule } from './api/api.module.js';
import { CommandsModule } from './commands/commands.module.js';
import { Clock } from './common/clock.js';
import { ProblemFilter } from './common/problem.filter.js';
import { ConfigModule, type ResolvedConfig } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { DeadlinesModule } from './api/deadlines.module.js';
import { HealthModule } from './health/health.module.js';
import { InitialCredentialsService } from './initial-credentials.js';
import { JobsModule } from './jobs/jobs.module.js';
import { CommonModule } from './common/common.module.js';
import { RequestsModule } from './requests/requests.module.js';
import { DataControllersModule } from './data-controllers/data-controllers.module.js';
import { RoutingModule } from './routing/routing.module.js';
import { RepliesModule } from './replies/replies.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { ForwardingModule } from './forwarding/forwarding.module.js';
import { VerificationModule } from './verification/verification.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { InboxModule } from './inbox/inbox.module.js';
import { RegisterModule } from './register/register.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ProcessorTasksModule } from './processor-tasks/processor-tasks.module.js';
import { WorkflowWiringModule } from './workflow-wiring.module.js';
import { InputGuardInterceptor } from './http/input-guard.js';

export interface AppModuleOptions {
  config: ResolvedConfig;
  databaseUrl: string;
  logger: Logger;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        CommonModule.forRoot(options.logger, options.clock ?? new Clock()),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.databaseUrl, options.config.dbPoolSize, (err) =>
            options.logger.warn({ err: { code: err.code, message: err.message } }, 'database connection lost'),
          ),
          retryAttempts: 3,
        }),
        JobsModule,
        WorkflowWiringModule,
        CommandsModule,
        HealthModule,
        ApiModule,
        AgentUiModule,
        DeadlinesModule,
        RequestsModule,
        DataControllersModule,
        RoutingModule,
        RepliesModule,
        WebhooksModule,
        ForwardingModule,
        VerificationModule,
        RetentionModule,
        InboxModule,
        RegisterModule,
        MetricsModule,
        ProcessorTasksModule,
      ],
      providers: [
        InitialCredentialsService,
        { provide: APP_FILTER, useFactory: () => new ProblemFilter(options.logger) },
        { provide: APP_INTERCEPTOR, useClass: InputGuardInterceptor },
      ],
    };
  }
}
