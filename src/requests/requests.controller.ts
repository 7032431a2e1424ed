import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { apiActor, type ApiClient, type ApiRequest } from '../http/api-request.js';
import { idempotencyClaimOf } from '../commands/idempotency-store.js';
import { ExternalRefs } from './external-refs.js';
import { RequestDocs } from './requests.docs.js';
import { Scopes } from '../common/auth.decorators.js';
import { parseIfMatch, versionEtag } from '../common/if-match.js';
import { parseOrThrow } from '../common/validation.js';
import type { StoredResponse } from '../commands/idempotency-store.js';
import { RequestCommands, type CommandReply } from './request-commands.js';
import type { CommandSender } from './senders.js';
import { visibilityOf } from './request-visibility.js';
import type { RequestResource } from './request-row.js';
import { listRequestsQuerySchema } from './request.schemas.js';
import { RequestsService } from './requests.service.js';

function etag(resource: RequestResource): string {
  return versionEtag(resource.version);
}

function senderOf(client: ApiClient): CommandSender {
  return { actor: apiActor(client), kind: 'api-client', apiClient: client.clientId, visibility: visibilityOf(client) };
}

@Controller('api/v1/requests')
export class RequestsController {
  constructor(
    private readonly commands: RequestCommands,
    private readonly requests: RequestsService,
    private readonly externalRefs: ExternalRefs,
  ) {}

  /** The resource as the reply; with an Idempotency-Key it is stored, with these headers, in the command's transaction. */
  private reply(req: ApiRequest, status: number, headers: (resource: RequestResource) => Record<string, string>): CommandReply<RequestResource> {
    const claim = idempotencyClaimOf(req);
    return {
      build: (row, db) => this.requests.present(row, db),
      idempotency: claim && {
        claim,
        response: (resource): StoredResponse => ({ status, headers: headers(resource), body: JSON.stringify(resource) }),
      },
    };
  }

  @Post()
  @Scopes('requests:write')
  @RequestDocs.create
  async create(@Body() body: unknown, @Req() req: ApiRequest, @Res({ passthrough: true }) res: Response): Promise<RequestResource> {
    const client = req.apiClient!;
    const created = (resource: RequestResource) => ({ location: `/api/v1/requests/${resource.id}`, etag: etag(resource) });
    const resource = await this.commands
      .file(body ?? {}, senderOf(client), this.reply(req, 201, created))
      .catch((err: unknown) => this.externalRefs.rethrow(err, client.clientId, body));
    res.status(201).setHeader('Location', created(resource).location).setHeader('ETag', etag(resource));
    return resource;
  }

  @Get()
  @Scopes('requests:read')
  @RequestDocs.list
  list(@Query() query: Record<string, unknown>, @Req() req: ApiRequest) {
    // An externalRef is the caller's own ticket id: another client's equal ref is another request.
    const client = req.apiClient!;
    return this.requests.list({ ...parseOrThrow(listRequestsQuerySchema, query, '/query'), apiClient: client.clientId, visibility: visibilityOf(client) });
  }

  @Get(':id')
  @Scopes('requests:read')
  @RequestDocs.get
  async get(@Param('id') id: string, @Req() req: ApiRequest, @Res({ passthrough: true }) res: Response): Promise<RequestResource> {
    const resource = await this.requests.get(id, visibilityOf(req.apiClient!));
    res.setHeader('ETag', etag(resource));
    return resource;
  }

  @Post(':id/events')
  @HttpCode(200)
  @Scopes('requests:write')
  @RequestDocs.event
  async event(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: ApiRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RequestResource> {
    const resource = await this.commands.send(id, body, {
      sender: senderOf(req.apiClient!),
      expectedVersion: () => parseIfMatch(ifMatch, { required: true, resource: 'request' }),
      reply: this.reply(req, 200, (r) => ({ etag: etag(r) })),
    });
    res.setHeader('ETag', etag(resource));
    return resource;
  }

  @Get(':id/timeline')
  @Scopes('requests:read')
  @RequestDocs.timeline
  async timeline(@Param('id') id: string, @Req() req: ApiRequest) {
    return { items: await this.requests.timeline(id, visibilityOf(req.apiClient!)) };
  }
}
