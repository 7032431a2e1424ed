import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ControllerDocs } from './controllers.docs.js';
import { Scopes } from '../common/auth.decorators.js';
import { parseIfMatch, versionEtag } from '../common/if-match.js';
import { parseOrThrow } from '../common/validation.js';
import { trimStrings } from '../common/validation.js';
import type { DataControllerResource } from './data-controller-row.js';
import {
  createControllerSchema,
  identifiersBodySchema,
  listControllersQuerySchema,
  updateControllerSchema,
} from './data-controller.schemas.js';
import { DataControllersService } from './data-controllers.service.js';

/** The controller registry and its identifier directory (digests only; values are never returned). */
@Controller('api/v1/controllers')
export class DataControllersController {
  constructor(private readonly controllers: DataControllersService) {}

  @Post()
  @Scopes('controllers:write')
  @ControllerDocs.create
  async create(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<DataControllerResource> {
    const created = await this.controllers.create(parseOrThrow(createControllerSchema, trimStrings(body ?? {}) ?? {}));
    res.status(201).setHeader('Location', `/api/v1/controllers/${created.id}`).setHeader('ETag', versionEtag(created.version));
    return created;
  }

  @Get()
  @Scopes('controllers:read')
  @ControllerDocs.list
  list(@Query() query: Record<string, unknown>) {
    return this.controllers.list(parseOrThrow(listControllersQuerySchema, query, '/query'));
  }

  @Get(':id')
  @Scopes('controllers:read')
  @ControllerDocs.get
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<DataControllerResource> {
    const controller = await this.controllers.get(id);
    res.setHeader('ETag', versionEtag(controller.version));
    return controller;
  }

  @Patch(':id')
  @Scopes('controllers:write')
  @ControllerDocs.update
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DataControllerResource> {
    await this.controllers.row(id);
    // If-Match is optional here (clients from before versions send none); when sent, it is honoured.
    const expectedVersion = parseIfMatch(ifMatch, { required: false, resource: 'controller' });
    const changed = await this.controllers.update(id, parseOrThrow(updateControllerSchema, trimStrings(body ?? {}) ?? {}), expectedVersion);
    res.setHeader('ETag', versionEtag(changed.version));
    return changed;
  }

  /** Adds identifiers: `{ identifiers: [{ type, value }] }` → `{ added, alreadyPresent, invalid }`. */
  @Post(':id/identifiers')
  @HttpCode(200)
  @Scopes('controllers:write')
  @ControllerDocs.addIdentifiers
  async add(@Param('id') id: string, @Body() body: unknown) {
    await this.controllers.row(id);
    return this.controllers.addIdentifiers(id, parseOrThrow(identifiersBodySchema, body ?? {}).identifiers);
  }

  /** Replaces the whole set atomically (a nightly sync). */
  @Put(':id/identifiers')
  @Scopes('controllers:write')
  @ControllerDocs.replaceIdentifiers
  async replace(@Param('id') id: string, @Body() body: unknown) {
    await this.controllers.row(id);
    return this.controllers.replaceIdentifiers(id, parseOrThrow(identifiersBodySchema, body ?? {}).identifiers);
  }
}
