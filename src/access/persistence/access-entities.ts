import { AccessRequestEntity, ApprovalSlotEntity } from './access-request.entity';
import { RecertificationCampaignEntity, RecertificationItemEntity } from './recertification.entity';
import { WebhookOutboxEntity, WebhookSubscriptionEntity } from './webhook.entity';

/** The access workflow's tables, for whoever opens the database. */
export const ACCESS_ENTITIES = [
  AccessRequestEntity,
  ApprovalSlotEntity,
  WebhookSubscriptionEntity,
  WebhookOutboxEntity,
  RecertificationCampaignEntity,
  RecertificationItemEntity,
];
