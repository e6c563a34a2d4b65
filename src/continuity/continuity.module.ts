import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OperationsModule } from '../operations/operations.module';
import { ContinuityJobs } from './continuity-jobs';
import { ContinuityMetrics } from './continuity-metrics';
import { ContinuityResolver } from './continuity.graphql';

/** Scheduled backups and restore drills, and the recovery objectives per plane. */
@Module({
  imports: [AuditModule, OperationsModule],
  providers: [ContinuityJobs, ContinuityMetrics, ContinuityResolver],
})
export class ContinuityModule {}
