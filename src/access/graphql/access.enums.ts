import { registerEnumType } from '@nestjs/graphql';
import {
  ACCESS_STATES,
  LEGAL_BASIS_MECHANISMS,
  OPERATIONS,
  PURPOSE_CATEGORIES,
  SLOT_DECISIONS,
  SLOT_KINDS,
} from '../domain/access-vocabulary';
import { enumOf } from '../../graphql/enum-of';

export const AccessStateEnum = enumOf(ACCESS_STATES);
export const AccessOperationEnum = enumOf(OPERATIONS);
export const PurposeCategoryEnum = enumOf(PURPOSE_CATEGORIES);
export const LegalBasisMechanismEnum = enumOf(LEGAL_BASIS_MECHANISMS);
export const ApprovalSlotKindEnum = enumOf(SLOT_KINDS);
export const SlotDecisionEnum = enumOf(SLOT_DECISIONS);
export const AclOperationEnum = enumOf(['READ', 'WRITE', 'DESCRIBE'] as const);
export const AclResourceTypeEnum = enumOf(['TOPIC', 'GROUP'] as const);
export const AclPatternTypeEnum = enumOf(['LITERAL', 'PREFIXED'] as const);
export const ProcessingTransferEnum = enumOf(['GRANT', 'MIRROR'] as const);

registerEnumType(AccessStateEnum, {
  name: 'AccessRequestState',
  description: 'Where an access request is in the workflow.',
  valuesMap: {
    PENDING: { description: 'Waiting for its approval slots to be filled.' },
    APPROVED: { description: 'Every slot approved: an active grant until its end.' },
    REJECTED: { description: 'An approver rejected it, with a reason.' },
    WITHDRAWN: { description: 'The requesting team withdrew it before a decision.' },
    REVOKED: { description: 'An owner, steward or admin ended the grant early, with a reason.' },
    EXPIRED: { description: 'The grant reached its end (shown as soon as the end passes).' },
    SUSPENDED: { description: 'Put on hold by a steward, an admin or a topic change; not active.' },
  },
});
registerEnumType(AccessOperationEnum, {
  name: 'AccessOperation',
  description: 'What the consumer may do with the topic.',
  valuesMap: { READ: { description: 'Consume the topic.' }, WRITE: { description: 'Produce to the topic.' } },
});
registerEnumType(PurposeCategoryEnum, { name: 'PurposeCategory', description: 'Why the consumer processes the data, in broad terms.' });
registerEnumType(LegalBasisMechanismEnum, {
  name: 'LegalBasisMechanism',
  description: 'The legal mechanism that allows data to be processed outside its jurisdiction.',
  valuesMap: {
    ADEQUACY_DECISION: { description: 'The destination is recognised as adequate.' },
    STANDARD_CONTRACTUAL_CLAUSES: { description: 'Standard contractual clauses signed with the recipient.' },
    BINDING_CORPORATE_RULES: { description: 'Approved binding corporate rules of the group.' },
    DEROGATION: { description: 'A derogation for a specific situation (e.g. explicit consent).' },
  },
});
registerEnumType(ApprovalSlotKindEnum, {
  name: 'ApprovalSlotKind',
  description: 'Who fills an approval slot.',
  valuesMap: { OWNER: { description: 'A member of the owning team.' }, STEWARD: { description: 'A data steward.' } },
});
registerEnumType(SlotDecisionEnum, { name: 'SlotDecision', description: 'How an approver decided their slot.' });
registerEnumType(AclOperationEnum, { name: 'AclOperation', description: 'A Kafka ACL operation.' });
registerEnumType(AclResourceTypeEnum, { name: 'AclResourceType', description: 'A Kafka ACL resource type.' });
registerEnumType(AclPatternTypeEnum, {
  name: 'AclPatternType',
  description: 'How a Kafka ACL resource name matches.',
  valuesMap: { LITERAL: { description: 'Exactly this name.' }, PREFIXED: { description: 'Every name that starts with it.' } },
});
registerEnumType(ProcessingTransferEnum, {
  name: 'ProcessingTransfer',
  description: "How a recipient receives a topic's data.",
  valuesMap: {
    GRANT: { description: 'An access grant: a team consumes or produces the topic.' },
    MIRROR: { description: 'A governed mirror: the topic is replicated to another Kafka cluster.' },
  },
});
