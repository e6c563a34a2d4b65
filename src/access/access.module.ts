import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { AccessApprovalPreviewService } from './access-approval-preview.service';
import { AccessDecisionService } from './access-decision.service';
import { AccessExportController } from './access-export.controller';
import { AccessQueryService } from './access-query.service';
import { AccessSubmissionService } from './access-submission.service';
import { AccessTopicChangeListener } from './access-topic-change.listener';
import { GrantExpiryJob } from './grant-expiry.job';
import { GrantQueryService } from './grant-query.service';
import { ProcessingRecordSources } from './processing-record-sources';
import { AccessExportResolver } from './graphql/access-export.resolver';
import { AccessRequestResolver } from './graphql/access-request.resolver';
import { ApprovalPreviewResolver } from './graphql/approval-preview.resolver';
import { TeamGrantsResolver, TopicGrantsResolver } from './graphql/grant-fields.resolver';
import { RecertificationResolver } from './graphql/recertification.resolver';
import { RecertificationDeadlineJob } from './recertification-deadline.job';
import { RecertificationService } from './recertification.service';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookSubscriptionService } from './webhooks/webhook-subscription.service';

/** Access requests, approvals and grants: the workflow, its jobs, its exports and its webhooks. */
@Module({
  imports: [CatalogueModule],
  controllers: [AccessExportController],
  providers: [
    AccessSubmissionService,
    AccessApprovalPreviewService,
    ApprovalPreviewResolver,
    AccessDecisionService,
    AccessQueryService,
    GrantQueryService,
    ProcessingRecordSources,
    AccessTopicChangeListener,
    GrantExpiryJob,
    WebhookSubscriptionService,
    WebhookDeliveryWorker,
    AccessRequestResolver,
    TeamGrantsResolver,
    TopicGrantsResolver,
    AccessExportResolver,
    RecertificationService,
    RecertificationDeadlineJob,
    RecertificationResolver,
  ],
  exports: [GrantQueryService, ProcessingRecordSources],
})
export class AccessModule {}
