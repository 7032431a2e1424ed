/** The incident API: mark a forwarding as sent in error, list and read incidents, record the assessment. */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { apiActor, type ApiRequest } from '../http/api-request.js';
import { Scopes } from '../common/auth.decorators.js';
import { ValidationProblem } from '../common/problem.js';
import { parseOrThrow } from '../common/validation.js';
import { trimStrings } from '../common/validation.js';
import { IncidentDocs } from './incidents.docs.js';
import { incidentAssessmentSchema, sentInErrorSchema } from './incidents.schemas.js';
import { IncidentsService, type Incident } from './incidents.service.js';
import { visibilityOf } from '../requests/request-visibility.js';

@Controller('api/v1')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post('requests/:id/forwardings/:forwardingId/sent-in-error')
  @Scopes('requests:write')
  @IncidentDocs.sentInError
  async sentInError(
    @Param('id') id: string,
    @Param('forwardingId') forwardingId: string,
    @Body() body: unknown,
    @Req() req: ApiRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Incident> {
    const { description } = parseOrThrow(sentInErrorSchema, body ?? {});
    const incident = await this.incidents.reportSentInError(id, forwardingId, description, apiActor(req.apiClient!));
    res.status(201).setHeader('Location', `/api/v1/incidents/${incident.id}`);
    return incident;
  }

  @Get('incidents')
  @Scopes('requests:read')
  @IncidentDocs.list
  async list(@Query('status') status: unknown, @Req() req: ApiRequest): Promise<{ items: Incident[] }> {
    if (status !== undefined && status !== 'open' && status !== 'assessed') {
      throw new ValidationProblem([{ pointer: '/query/status', detail: 'open or assessed' }]);
    }
    return { items: await this.incidents.list(status, undefined, visibilityOf(req.apiClient!)) };
  }

  @Get('incidents/:id')
  @Scopes('requests:read')
  @IncidentDocs.get
  get(@Param('id') id: string, @Req() req: ApiRequest): Promise<Incident> {
    return this.incidents.get(id, visibilityOf(req.apiClient!));
  }

  @Post('incidents/:id/assessment')
  @HttpCode(200)
  @Scopes('incidents:assess')
  @IncidentDocs.assess
  assess(@Param('id') id: string, @Body() body: unknown, @Req() req: ApiRequest): Promise<Incident> {
    const input = parseOrThrow(incidentAssessmentSchema, trimStrings(body ?? {}));
    return this.incidents.assess(id, input, apiActor(req.apiClient!), visibilityOf(req.apiClient!));
  }
}
