import { Controller, Get, Query } from '@nestjs/common';
import { Public } from '../common/auth.decorators.js';
import { DeadlineDocs } from './openapi/deadlines.docs.js';
import { parseOrThrow } from '../common/validation.js';
import type { Country } from '../deadlines/countries.js';
import { computeDeadlines, type Deadlines } from '../deadlines/deadlines.js';
import { previewQuerySchema } from '../deadlines/preview.schema.js';

export interface DeadlinePreview extends Deadlines {
  country: Country;
  slaWorkingDays: number;
}

/** Computes the clocks of a request that would be received at a given moment; reads no stored data. */
@Controller('api/v1/deadlines')
export class DeadlinesController {
  /** GET /api/v1/deadlines/preview?receivedAt=&country=&pausedDays=&slaWorkingDays=&promiseDays= */
  @Public()
  @Get('preview')
  @DeadlineDocs.preview
  preview(@Query() query: Record<string, unknown>): DeadlinePreview {
    const input = parseOrThrow(previewQuerySchema, query, '/query');
    return { country: input.country, slaWorkingDays: input.slaWorkingDays, ...computeDeadlines(input) };
  }
}
