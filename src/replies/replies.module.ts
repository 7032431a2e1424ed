import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module.js';
import { OutboxWorker } from './outbox.worker.js';
import { MailTemplates } from './renderer.js';
import { RepliesService } from './replies.service.js';

/** Mail templates, previews and the outbox worker. */
@Module({
  imports: [RequestsModule],
  providers: [{ provide: MailTemplates, useFactory: () => MailTemplates.load() }, RepliesService, OutboxWorker],
  exports: [RepliesService, OutboxWorker, MailTemplates],
})
export class RepliesModule {}
