import { Module, OnModuleInit } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { ProcessingRecordSources } from '../../access/processing-record-sources';
import { CatalogueModule } from '../../catalogue/catalogue.module';
import { MirrorRequestResolver, TopicMirrorsResolver } from './graphql/mirror.resolver';
import { MirrorDecisionService } from './mirror-decision.service';
import { MirrorExportController } from './mirror-export.controller';
import { MirrorExportService } from './mirror-export.service';
import { MirrorExpiryJob } from './mirror-expiry.job';
import { MirrorQueryService } from './mirror-query.service';
import { MirrorSubmissionService } from './mirror-submission.service';
import { MirrorTopicChangeListener } from './mirror-topic-change.listener';

/** Governed topic mirrors: requests decided like access requests, exported as MirrorMaker 2 configuration. */
@Module({
  imports: [CatalogueModule, AccessModule],
  controllers: [MirrorExportController],
  providers: [
    MirrorSubmissionService,
    MirrorDecisionService,
    MirrorQueryService,
    MirrorExportService,
    MirrorTopicChangeListener,
    MirrorExpiryJob,
    MirrorRequestResolver,
    TopicMirrorsResolver,
  ],
})
export class MirrorsModule implements OnModuleInit {
  constructor(
    private readonly records: ProcessingRecordSources,
    private readonly queries: MirrorQueryService,
  ) {}

  /** Active mirrors are transfers: they join the access grants in the records of processing. */
  onModuleInit() {
    this.records.register((actor, topic, now) => this.queries.processingRows(actor, topic, now));
  }
}
