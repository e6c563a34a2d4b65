import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { Metrics, MetricsMiddleware } from './metrics';
import { MetricsController } from './metrics.controller';
import { Refusals } from './refusals';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [Metrics, MetricsMiddleware, Refusals],
  exports: [Metrics, MetricsMiddleware, Refusals],
})
export class OperationsModule {}
