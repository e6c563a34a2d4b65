import { AccessRequestEntity, ApprovalSlotEntity } from '../access/persistence/access-request.entity';
import { WebhookOutboxEntity, WebhookSubscriptionEntity } from '../access/persistence/webhook.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { ApiTokenEntity } from '../auth/api-token.entity';
import { TeamEntity, TeamMemberEntity } from '../catalogue/teams/team.entity';
import { ContractCheckEntity, ContractWaiverEntity } from '../catalogue/contracts/contract-records.entity';
import { ContractLimitsEntity, TopicContractEntity } from '../catalogue/contracts/contract-settings.entity';
import { CatalogueEntityEntity } from '../catalogue/entities/catalogue-entity.entity';
import { TopicEntity } from '../catalogue/topics/topic.entity';

/** Every TypeORM entity; the tables themselves are created by the migrations, never synchronised. */
export const ENTITIES = [
  AuditEntryEntity, ApiTokenEntity, TeamEntity, TeamMemberEntity, TopicEntity,
  AccessRequestEntity, ApprovalSlotEntity, WebhookSubscriptionEntity, WebhookOutboxEntity,
  ContractLimitsEntity, TopicContractEntity, CatalogueEntityEntity, ContractWaiverEntity, ContractCheckEntity,
];
