import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { AccessOperation, LegalBasisMechanism, PurposeCategory } from '../domain/access-vocabulary';
import { AclOperation, AclPatternType, AclResourceType } from '../domain/acl-bindings';
import { ProcessingTransfer } from '../grant-query.service';
import {
  AccessOperationEnum,
  AclOperationEnum,
  AclPatternTypeEnum,
  AclResourceTypeEnum,
  LegalBasisMechanismEnum,
  ProcessingTransferEnum,
  PurposeCategoryEnum,
} from './access.enums';

@ObjectType({ description: 'A Kafka ACL binding that an active grant implies.' })
export class AclBinding {
  @Field({ description: 'The Kafka principal, e.g. `User:svc-fraud`.' })
  principal: string;

  @Field({ description: 'The host the principal may connect from (`*` for any).' })
  host: string;

  @Field(() => AclOperationEnum, { description: 'The operation allowed.' })
  operation: AclOperation;

  @Field({ description: 'Always ALLOW: grants only ever allow.' })
  permissionType: string;

  @Field(() => AclResourceTypeEnum, { description: 'TOPIC or GROUP.' })
  resourceType: AclResourceType;

  @Field({ description: 'The topic name or consumer group prefix.' })
  resourceName: string;

  @Field(() => AclPatternTypeEnum, { description: 'LITERAL for the topic, PREFIXED for consumer groups.' })
  patternType: AclPatternType;
}

@ObjectType({ description: "One recipient of a topic's data under an active grant." })
export class ProcessingRecipient {
  @Field(() => ID, { description: 'The access request behind the grant.' })
  requestId: string;

  @Field({ description: 'The consuming team (slug).' })
  consumerTeam: string;

  @Field({ description: 'The consuming application.' })
  applicationName: string;

  @Field({ description: 'The Kafka principal.' })
  kafkaPrincipal: string;

  @Field(() => AccessOperationEnum, { description: 'READ or WRITE.' })
  operation: AccessOperation;

  @Field({ description: 'Why the data is processed.' })
  purpose: string;

  @Field(() => PurposeCategoryEnum, { description: 'The purpose in broad terms.' })
  purposeCategory: PurposeCategory;

  @Field({ description: 'Where the data is processed.' })
  consumerJurisdiction: string;

  @Field({ description: 'Whether the data leaves its jurisdiction.' })
  crossBorder: boolean;

  @Field(() => LegalBasisMechanismEnum, { nullable: true, description: 'The legal basis of a transfer, if any.' })
  legalBasisMechanism: LegalBasisMechanism | null;

  @Field(() => String, { nullable: true, description: 'The reference of the legal basis.' })
  legalBasisReference: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the grant started.' })
  grantStart: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the grant ends.' })
  grantEnd: Date;

  @Field(() => ProcessingTransferEnum, { description: 'GRANT for an access grant, MIRROR for a copy of the topic on another cluster.' })
  transfer: ProcessingTransfer;

  @Field(() => String, { nullable: true, description: 'The cluster a MIRROR copies the topic to.' })
  targetCluster: string | null;
}

@ObjectType({ description: 'Record of processing for one topic: who receives its data, where and why.' })
export class TopicProcessingRecord {
  @Field({ description: 'The topic name.' })
  topic: string;

  @Field({ description: "The topic's classification." })
  classification: string;

  @Field({ description: "The topic's jurisdiction." })
  jurisdiction: string;

  @Field({ description: 'The owning team (slug).' })
  ownerTeam: string;

  @Field(() => [ProcessingRecipient], { description: 'Active grants on the topic.' })
  recipients: ProcessingRecipient[];
}

@ObjectType({ description: "A team's webhook (the signing secret is never shown again after it is set)." })
export class TeamWebhook {
  @Field({ description: 'Where Charter posts access events.' })
  url: string;

  @Field({ description: 'Who first set it.' })
  createdBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was last set.' })
  updatedAt: Date;
}

@ObjectType({ description: 'A webhook that was just set, with its signing secret, shown this once.' })
export class TeamWebhookCreated {
  @Field(() => TeamWebhook, { description: 'The webhook.' })
  webhook: TeamWebhook;

  @Field({ description: 'HMAC-SHA256 key for the `X-Charter-Signature: sha256=<hex>` header. Store it now: it is not shown again.' })
  secret: string;
}
