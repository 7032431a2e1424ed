import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { apiActor, type ApiRequest } from '../http/api-request.js';
import { Scopes } from '../common/auth.decorators.js';
import { parseOrThrow } from '../common/validation.js';
import { LegalHoldDocs } from './legal-hold.docs.js';
import { legalHoldBodySchema } from './legal-hold.schemas.js';
import { LegalHoldService, type LegalHold } from './legal-hold.service.js';

@Controller('api/v1/requests/:id/legal-hold')
export class LegalHoldController {
  constructor(private readonly holds: LegalHoldService) {}

  @Get()
  @Scopes('requests:read')
  @LegalHoldDocs.get
  get(@Param('id') id: string): Promise<LegalHold> {
    return this.holds.get(id);
  }

  @Post()
  @HttpCode(200)
  @Scopes('requests:write')
  @LegalHoldDocs.set
  set(@Param('id') id: string, @Body() body: unknown, @Req() req: ApiRequest): Promise<LegalHold> {
    const { reason } = parseOrThrow(legalHoldBodySchema, body ?? {});
    return this.holds.set(id, reason, apiActor(req.apiClient!));
  }

  @Delete()
  @Scopes('requests:write')
  @LegalHoldDocs.clear
  clear(@Param('id') id: string, @Req() req: ApiRequest): Promise<LegalHold> {
    return this.holds.clear(id, apiActor(req.apiClient!));
  }
}
