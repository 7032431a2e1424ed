import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiRequest } from '../http/api-request.js';
import { Scopes } from '../common/auth.decorators.js';
import { parseOrThrow } from '../common/validation.js';
import { trimStrings } from '../common/validation.js';
import { createWebhookSchema, listDeliveriesQuerySchema } from './webhook.schemas.js';
import { WebhooksService } from './webhooks.service.js';
import { WebhookDocs } from './webhooks.docs.js';

/** A client's webhook endpoints (scope webhooks:manage); each client sees only its own. */
@Controller('api/v1/webhooks')
@Scopes('webhooks:manage')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @WebhookDocs.create
  async create(@Body() body: unknown, @Req() req: ApiRequest, @Res({ passthrough: true }) res: Response) {
    const created = await this.webhooks.create(req.apiClient!.clientId, parseOrThrow(createWebhookSchema, trimStrings(body ?? {}) ?? {}));
    res.status(201).setHeader('Location', `/api/v1/webhooks/${created.id}`);
    return created;
  }

  @Get()
  @WebhookDocs.list
  async list(@Req() req: ApiRequest) {
    return { items: await this.webhooks.list(req.apiClient!.clientId) };
  }

  @Get(':id')
  @WebhookDocs.get
  get(@Param('id') id: string, @Req() req: ApiRequest) {
    return this.webhooks.get(req.apiClient!.clientId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @WebhookDocs.remove
  async remove(@Param('id') id: string, @Req() req: ApiRequest): Promise<void> {
    await this.webhooks.remove(req.apiClient!.clientId, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @WebhookDocs.rotateSecret
  rotateSecret(@Param('id') id: string, @Req() req: ApiRequest) {
    return this.webhooks.rotateSecret(req.apiClient!.clientId, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @WebhookDocs.enable
  enable(@Param('id') id: string, @Req() req: ApiRequest) {
    return this.webhooks.enable(req.apiClient!.clientId, id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @WebhookDocs.test
  test(@Param('id') id: string, @Req() req: ApiRequest) {
    return this.webhooks.sendTest(req.apiClient!.clientId, id);
  }

  @Get(':id/deliveries')
  @WebhookDocs.deliveries
  async deliveries(@Param('id') id: string, @Query() query: Record<string, unknown>, @Req() req: ApiRequest) {
    return this.webhooks.deliveries(req.apiClient!.clientId, id, parseOrThrow(listDeliveriesQuerySchema, query, '/query'));
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @WebhookDocs.replay
  replay(@Param('id') id: string, @Param('deliveryId') deliveryId: string, @Req() req: ApiRequest) {
    return this.webhooks.replay(req.apiClient!.clientId, id, deliveryId);
  }
}
