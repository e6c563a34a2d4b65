import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { Refusals } from './refusals';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [Metrics, Refusals],
  exports: [Metrics, Refusals],
})
export class OperationsModule {}
