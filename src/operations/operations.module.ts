import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { Metrics, MetricsMiddleware } from './metrics';
import { MetricsController } from './metrics.controller';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [Metrics, MetricsMiddleware],
  exports: [Metrics, MetricsMiddleware],
})
export class OperationsModule {}
