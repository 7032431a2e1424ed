import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { apiActor, type ApiRequest } from '../api/api-key.guard.js';
import { ExternalRefs } from '../api/external-refs.js';
import { RequestDocs } from '../api/openapi/requests.docs.js';
import { Scopes } from '../common/auth.decorators.js';
import { ProblemException } from '../common/problem.js';
import { parseOrThrow } from '../common/validation.js';
import { faultAfterCommit } from '../common/fault-injection.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { IntakeService } from './intake.service.js';
import type { RequestResource } from './request-row.js';
import { clientEventSchema, listRequestsQuerySchema, trimStrings } from './request.schemas.js';
import { clientAllowedEvents, RequestsService } from './requests.service.js';
import { WorkflowRunner } from './workflow-runner.js';

/** `"3"`, `W/"3"` or `3` → 3. */
export function parseIfMatch(header: string | undefined): number {
  if (!header) {
    throw new ProblemException(428, 'precondition-required', 'Precondition required', 'Send If-Match with the request version (its ETag).');
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ProblemException(400, 'bad-if-match', 'Bad If-Match', 'If-Match must be the ETag of the request, e.g. "3".');
  return Number(match[1]);
}

function etag(resource: RequestResource): string {
  return `"${resource.version}"`;
}

@Controller('api/v1/requests')
export class RequestsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly requests: RequestsService,
    private readonly runner: WorkflowRunner,
    private readonly externalRefs: ExternalRefs,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Post()
  @Scopes('requests:write')
  @RequestDocs.create
  async create(@Body() body: unknown, @Req() req: ApiRequest, @Res({ passthrough: true }) res: Response): Promise<RequestResource> {
    const client = req.apiClient!;
    const row = await this.intake
      .intake(body ?? {}, { actor: apiActor(client), apiClient: client.clientName })
      .catch((err: unknown) => this.externalRefs.rethrow(err, client.clientName, body));
    faultAfterCommit(this.config.faultAfterCommit);
    const resource = await this.requests.present(row);
    res.status(201).setHeader('Location', `/api/v1/requests/${row.id}`).setHeader('ETag', etag(resource));
    return resource;
  }

  @Get()
  @Scopes('requests:read')
  @RequestDocs.list
  list(@Query() query: Record<string, unknown>, @Req() req: ApiRequest) {
    // An externalRef is the caller's own ticket id: another client's equal ref is another request.
    return this.requests.list({ ...parseOrThrow(listRequestsQuerySchema, query, '/query'), apiClient: req.apiClient!.clientName });
  }

  @Get(':id')
  @Scopes('requests:read')
  @RequestDocs.get
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<RequestResource> {
    const resource = await this.requests.get(id);
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
    const row = await this.requests.row(id);
    const expectedVersion = parseIfMatch(ifMatch);
    const event = parseOrThrow(clientEventSchema, trimStrings(body ?? {}));
    if (event.type === 'ASSIGN_CONTROLLER') await this.requests.assertAssignable(event.controllerIds);
    const updated = await this.runner.apply(row.id, event, {
      actor: apiActor(req.apiClient!),
      expectedVersion,
      visibleEvents: clientAllowedEvents,
    });
    const resource = await this.requests.present(updated);
    res.setHeader('ETag', etag(resource));
    return resource;
  }

  @Get(':id/timeline')
  @Scopes('requests:read')
  @RequestDocs.timeline
  async timeline(@Param('id') id: string) {
    return { items: await this.requests.timeline(id) };
  }
}
