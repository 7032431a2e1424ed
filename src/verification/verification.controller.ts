/** REST: the verification steps of a request (`/api/v1/requests/{id}/verification`). */
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { apiActor, type ApiRequest } from '../http/api-request.js';
import { VerificationDocs } from './verification.docs.js';
import { Scopes } from '../common/auth.decorators.js';
import { parseOrThrow } from '../common/validation.js';
import { decideStepSchema, startStepSchema } from './verification.schemas.js';
import { VerificationService } from './verification.service.js';

@Controller('api/v1/requests/:id/verification')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Get()
  @Scopes('requests:read')
  @VerificationDocs.list
  async list(@Param('id') id: string) {
    const { items, identityEstablished } = await this.verification.list(id);
    return { items, identityEstablished };
  }

  @Post()
  @Scopes('requests:write')
  @VerificationDocs.start
  async start(@Param('id') id: string, @Body() body: unknown, @Req() req: ApiRequest, @Res({ passthrough: true }) res: Response) {
    const input = parseOrThrow(startStepSchema, body ?? {});
    const step = await this.verification.start(id, input, apiActor(req.apiClient!));
    res.status(201);
    return step;
  }

  @Post(':stepId/decision')
  @HttpCode(200)
  @Scopes('requests:write')
  @VerificationDocs.decide
  async decide(@Param('id') id: string, @Param('stepId') stepId: string, @Body() body: unknown, @Req() req: ApiRequest) {
    return this.verification.decide(id, stepId, parseOrThrow(decideStepSchema, body ?? {}), apiActor(req.apiClient!));
  }
}
