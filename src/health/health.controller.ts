import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { PACKAGE_VERSION } from '../common/paths.js';
import { Readiness } from './readiness.js';

const PING_TIMEOUT_MS = 2000;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly readiness: Readiness,
    private readonly db: DataSource,
  ) {}

  /** Readiness: 200 once migrations, credentials and demo data are in place and the database answers; 503 from shutdown on. */
  @Get()
  async health(@Res() res: Response): Promise<void> {
    const ok = this.readiness.isReady() && !this.readiness.isStopping() && (await this.ping()) && !this.readiness.isStopping();
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      database: this.config.databaseUrl ? 'postgres' : 'embedded',
      version: PACKAGE_VERSION,
    });
  }

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  private async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.db.query('SELECT 1').then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS))),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
