import { Module } from '@nestjs/common';
import { WebhookLogPurge } from './webhook-log-purge.js';
import { WebhookWorker } from './webhook.worker.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhook endpoints of API clients and the signed delivery of request events to them. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookWorker, WebhookLogPurge],
  exports: [WebhookWorker, WebhooksService],
})
export class WebhooksModule {}
