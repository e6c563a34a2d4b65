import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { UsageMetrics } from './usage-metrics';
import { UsageRecorder } from './usage-recorder';

/**
 * The observing half of usage: counting reads and writing them. Kept apart from the queries (which
 * need the catalogue and the grants) so that the registry's protocol can use it without them.
 */
@Module({
  imports: [OperationsModule],
  providers: [UsageMetrics, UsageRecorder],
  exports: [UsageMetrics, UsageRecorder],
})
export class UsageRecorderModule {}
