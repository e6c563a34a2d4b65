import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OperationsModule } from '../operations/operations.module';
import { ContinuityJobs } from './continuity-jobs';
import { ContinuityMetrics } from './continuity-metrics';
import { ContinuityResolver } from './continuity.graphql';
import { APP_STARTER, AppStarter } from './drill-answers';

/** Scheduled backups and restore drills, and the recovery objectives per plane. */
@Module({})
export class ContinuityModule {
  /** `startApp` starts the application on a restored copy, for the drills' sample of answers. */
  static forRoot(startApp: AppStarter): DynamicModule {
    return {
      module: ContinuityModule,
      imports: [AuditModule, OperationsModule],
      providers: [ContinuityJobs, ContinuityMetrics, ContinuityResolver, { provide: APP_STARTER, useValue: startApp }],
    };
  }
}
