/**
 * The processor-task API for helpdesk integrations: raise a concern about an instruction (art
 * 28(3)), record the controller's answer, upload the export of an `export` instruction. The same
 * service as the agent's forms; completing a task stays the request event INSTRUCTION_DONE.
 */
import { Body, Controller, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { apiActor, type ApiRequest } from '../http/api-request.js';
import { Scopes } from '../common/auth.decorators.js';
import { ProblemException } from '../common/problem.js';
import { parseOrThrow } from '../common/validation.js';
import type { ProcessorTaskResource } from '../requests/request-row.js';
import { mediaTypeOf, readExportBody } from './export-upload.js';
import { ProcessorTaskDocs } from './processor-tasks.docs.js';
import { concernResolutionSchema, exportUploadQuerySchema, taskConcernSchema } from './processor-tasks.schemas.js';
import { ProcessorTasksService, TaskActionProblem } from './processor-tasks.service.js';

export interface ExportResource {
  id: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
  expiresAt: string;
}

const TITLES: Record<number, string> = { 400: 'Invalid input', 404: 'Not found', 409: 'Conflict', 422: 'Not possible' };

/** A task refusal as the API's problem: its status and code, the English detail (the Dutch text is for the workspace). */
export function taskProblem(err: TaskActionProblem): ProblemException {
  return new ProblemException(err.status, err.code, TITLES[err.status] ?? err.title, err.detail);
}

async function asProblem<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    throw err instanceof TaskActionProblem ? taskProblem(err) : err;
  }
}

@Controller('api/v1/requests/:id/tasks/:taskId')
export class ProcessorTasksController {
  constructor(private readonly tasks: ProcessorTasksService) {}

  @Post('concern')
  @HttpCode(200)
  @Scopes('requests:write')
  @ProcessorTaskDocs.concern
  async concern(@Param('id') id: string, @Param('taskId') taskId: string, @Body() body: unknown, @Req() req: ApiRequest): Promise<ProcessorTaskResource> {
    const { reason } = parseOrThrow(taskConcernSchema, body ?? {});
    return asProblem(async () => {
      await this.tasks.raiseConcern(id, taskId, reason, apiActor(req.apiClient!));
      return this.tasks.taskResource(id, taskId);
    });
  }

  @Post('concern-resolution')
  @HttpCode(200)
  @Scopes('requests:write')
  @ProcessorTaskDocs.resolveConcern
  async resolveConcern(@Param('id') id: string, @Param('taskId') taskId: string, @Body() body: unknown, @Req() req: ApiRequest): Promise<ProcessorTaskResource> {
    const { resolution, note } = parseOrThrow(concernResolutionSchema, body ?? {});
    return asProblem(async () => {
      await this.tasks.resolveConcern(id, taskId, resolution, note, apiActor(req.apiClient!));
      return this.tasks.taskResource(id, taskId);
    });
  }

  @Put('export')
  @HttpCode(201)
  @Scopes('requests:write')
  @ProcessorTaskDocs.uploadExport
  async uploadExport(
    @Param('id') id: string,
    @Param('taskId') taskId: string,
    @Query() query: Record<string, unknown>,
    @Req() req: ApiRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExportResource> {
    const { filename } = parseOrThrow(exportUploadQuerySchema, query, '/query');
    // Refused before the body is read: no file is buffered for a task that takes none.
    await asProblem(() => this.tasks.assertExportExpected(id, taskId));
    const content = await readExportBody(req, res, this.tasks.exportMaxMb);
    const file = { originalname: filename, mimetype: mediaTypeOf(req.headers['content-type']), size: content.length, buffer: content };
    const exportId = await asProblem(() => this.tasks.uploadExport(id, taskId, file, apiActor(req.apiClient!)));
    const { exports } = await this.tasks.taskResource(id, taskId);
    const { firstDownloadedAt: _notYet, ...stored } = exports.find((x) => x.id === exportId)!;
    return stored;
  }
}
