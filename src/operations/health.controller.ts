import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { hasPendingMigrations } from '../database/migrate';

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The process is up; restart it if this fails. */
  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'live' };
  }

  /**
   * Send traffic here: the database answers and every migration is applied. The answer names the
   * database's role: on a standby reads are served and writes refused until failover completes,
   * and where this deployment runs (its jurisdiction and region).
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    try {
      const [{ standby }] = await this.dataSource.query('SELECT pg_is_in_recovery() AS standby');
      if (await hasPendingMigrations(this.dataSource)) {
        res.status(503);
        return { status: 'not-ready', reason: 'migrations pending' };
      }
      const { jurisdiction, region } = this.config.federation;
      return {
        status: 'ready',
        database: standby ? 'standby' : 'primary',
        ...(jurisdiction ? { jurisdiction } : {}),
        ...(region ? { region } : {}),
      };
    } catch {
      res.status(503);
      return { status: 'not-ready', reason: 'database unreachable' };
    }
  }
}
