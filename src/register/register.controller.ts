import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '../common/common.module.js';
import { Scopes } from '../common/auth.decorators.js';
import { parseOrThrow } from '../common/validation.js';
import { RegisterDocs } from './register.docs.js';
import { registerFileName, registerQuerySchema, RegisterService, type RegisterQuery } from './register.service.js';

/** Headers, then the register streamed; a failure after the first byte cuts the response off (never a half file that looks whole). */
export async function sendRegister(service: RegisterService, query: RegisterQuery, res: Response, logger: Logger): Promise<void> {
  res
    .status(200)
    .setHeader('Content-Type', query.format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${registerFileName(query)}"`)
    .setHeader('Cache-Control', 'no-store')
    .setHeader('X-Content-Type-Options', 'nosniff');
  try {
    const count = await service.stream(query, res);
    res.end();
    logger.info({ from: query.from, to: query.to, format: query.format, count }, 'register exported');
  } catch (err) {
    logger.warn({ err: { message: (err as Error).message } }, 'register export aborted');
    res.destroy();
  }
}

@Controller('api/v1/register')
export class RegisterController {
  constructor(
    private readonly register: RegisterService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  // The processor's register of every request: not one client's view of its own.
  @Scopes('requests:read', 'requests:all')
  @RegisterDocs.export
  async export(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const parsed = parseOrThrow(registerQuerySchema, query, '/query');
    await sendRegister(this.register, parsed, res, this.logger);
  }
}
