import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { safeEqual } from '../common/crypto.js';
import { Public } from '../common/auth.decorators.js';
import { NotFoundProblem, UnauthorizedProblem } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { MetricsService } from './metrics.service.js';

/** `/metrics` (outside /api/v1): Prometheus text format behind `Authorization: Bearer <METRICS_TOKEN>`; without a token configured, 404. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get()
  @Public()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const token = this.config.metricsToken;
    if (!token) throw new NotFoundProblem('route');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match || !safeEqual(match[1], token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedProblem('Send Authorization: Bearer <METRICS_TOKEN>.');
    }
    const { contentType, body } = await this.metrics.render();
    res.status(200).setHeader('Content-Type', contentType).setHeader('Cache-Control', 'no-store').send(body);
  }
}
