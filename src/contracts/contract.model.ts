import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ENCRYPTION_SEVERITIES, ENFORCEMENTS } from './domain/payload-contract';
import { WAIVER_STATES } from './domain/waiver-decision';
import { SchemaFieldModel } from '../catalogue/schemas/schema-version.model';
import { ClassificationEnum, TopicIntentEnum } from '../catalogue/topics/topic.model';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const EnforcementEnum = enumOf(ENFORCEMENTS);
export const FindingSeverityEnum = enumOf(['BLOCK', 'WARN'] as const);
export const WaiverStateEnum = enumOf(WAIVER_STATES);
export const EncryptionSeverityEnum = enumOf(ENCRYPTION_SEVERITIES);

registerEnumType(EncryptionSeverityEnum, {
  name: 'EncryptionSeverity',
  description: 'How the `personal-data-unencrypted` contract rule answers on topics of one classification.',
  valuesMap: {
    BLOCK: { description: 'A version with unencrypted personal data is refused (unless waived).' },
    WARN: { description: 'It is reported only.' },
    OFF: { description: 'The rule says nothing.' },
  },
});

registerEnumType(EnforcementEnum, {
  name: 'ContractEnforcement',
  description: 'Whether a payload contract refuses versions that break it or only reports them.',
  valuesMap: {
    BLOCK: { description: 'Blocking findings refuse the registration (unless waived).' },
    WARN: { description: 'Every finding is a warning.' },
  },
});
registerEnumType(FindingSeverityEnum, {
  name: 'FindingSeverity',
  description: 'How much a finding weighs.',
  valuesMap: {
    BLOCK: { description: 'Refuses the registration unless a granted waiver covers it.' },
    WARN: { description: 'Reported only.' },
  },
});
registerEnumType(WaiverStateEnum, {
  name: 'WaiverState',
  description: 'Where a waiver request is: REQUESTED, then GRANTED or REJECTED by a steward.',
});

@ObjectType({ description: 'Governed field tags a topic of one classification may carry.' })
export class TagAllowance {
  @Field(() => ClassificationEnum, { description: 'The topic classification.' })
  classification: string;

  @Field(() => [String], { description: 'Tags (e.g. PII, FINANCIAL, HEALTH) its fields may carry.' })
  tags: string[];
}

@ObjectType({ description: 'A field every schema must have, under any of several names.' })
export class RequiredContractField {
  @Field({ description: 'What the field is for, e.g. `event id`.' })
  label: string;

  @Field(() => [String], { description: 'Accepted names, compared without case and separators; `*` matches any characters.' })
  names: string[];
}

@ObjectType({ description: "The rules a topic's schema versions are checked against (the replica guard)." })
export class PayloadContractModel {
  @Field(() => Int, { description: 'Most leaf fields a version may have.' })
  maxLeafFields: number;

  @Field(() => Int, { description: 'Most leaf fields one version may add to the previous one.' })
  maxFieldsAddedPerVersion: number;

  @Field(() => Int, { description: "Most leaf fields a version may have that the topic's first version did not." })
  maxFieldsAddedTotal: number;

  @Field(() => Int, { description: "Deepest nesting allowed (1 = the root record's own fields)." })
  maxDepth: number;

  @Field(() => [TagAllowance], { description: 'Governed tags allowed per classification (CREDENTIAL never is).' })
  allowedTags: TagAllowance[];

  @Field(() => [RequiredContractField], { description: 'Fields every version must have.' })
  requiredFields: RequiredContractField[];

  @Field(() => Float, { description: "Share of an entity's attributes an EVENT schema may cover before it counts as a replica." })
  entityOverlapThreshold: number;

  @Field(() => EnforcementEnum, { description: 'Whether findings block registration or only warn.' })
  enforcement: string;
}

@ObjectType('UnencryptedPersonalDataPolicy', {
  description: 'The severity of the `personal-data-unencrypted` rule on CONFIDENTIAL and RESTRICTED topics.',
})
export class UnencryptedPersonalDataModel {
  @Field(() => EncryptionSeverityEnum, { description: 'On CONFIDENTIAL topics (WARN by default).' })
  confidential: string;

  @Field(() => EncryptionSeverityEnum, { description: 'On RESTRICTED topics (BLOCK by default).' })
  restricted: string;
}

@ObjectType({ description: 'Ceilings a steward sets for the contracts of all topics of one intent.' })
export class ContractLimitsModel {
  @Field(() => TopicIntentEnum, { description: 'The topic intent these ceilings apply to.' })
  intent: string;

  @Field(() => Int, { description: 'Highest field budget a contract may set.' })
  maxLeafFields: number;

  @Field(() => Int, { description: 'Highest growth per version a contract may allow.' })
  maxFieldsAddedPerVersion: number;

  @Field(() => Int, { description: 'Highest growth since the first version a contract may allow.' })
  maxFieldsAddedTotal: number;

  @Field(() => Int, { description: 'Deepest nesting a contract may allow.' })
  maxDepth: number;

  @Field(() => Float, { description: 'Highest entity overlap threshold a contract may set.' })
  maxEntityOverlapThreshold: number;

  @Field(() => [TagAllowance], { description: 'The most a contract may allow per classification.' })
  allowedTags: TagAllowance[];

  @Field({ description: 'Whether owners may make their contract warn only.' })
  allowWarnEnforcement: boolean;

  @Field(() => [String], {
    description: 'Tags besides PII that mark personal data, which ENCRYPT rules must cover on CONFIDENTIAL and RESTRICTED topics.',
  })
  personalTags: string[];

  @Field(() => UnencryptedPersonalDataModel, { description: 'How `personal-data-unencrypted` answers per classification.' })
  unencryptedPersonalData: UnencryptedPersonalDataModel;

  @Field({ description: 'True while no steward has set these ceilings (built-in defaults apply).' })
  isDefault: boolean;

  @Field(() => Int, { description: 'Optimistic version (0 while default).' })
  version: number;

  @Field(() => String, { nullable: true, description: 'Who set them last.' })
  updatedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When they were set last.' })
  updatedAt: Date | null;
}

@ObjectType({ description: "A topic's payload contract: as its owners wrote it and as it is enforced." })
export class TopicContractModel {
  @Field(() => PayloadContractModel, { description: "The contract as written by the owners, or the intent's defaults." })
  written: PayloadContractModel;

  @Field(() => PayloadContractModel, {
    description: "The contract registrations are checked against: the written one within the steward's current ceilings.",
  })
  enforced: PayloadContractModel;

  @Field({ description: "True while the owners have not written a contract (the intent's defaults apply)." })
  isDefault: boolean;

  @Field(() => Int, { description: 'Optimistic version of the written contract (0 while default).' })
  version: number;

  @Field(() => String, { nullable: true, description: 'Who changed the contract last.' })
  updatedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the contract was changed last.' })
  updatedAt: Date | null;
}

@ObjectType('ContractFinding', { description: 'Something the payload contract found in a schema version.' })
export class ContractFindingModel {
  @Field({ description: 'Stable rule id, e.g. `entity-replica`, `field-budget`, `tag-not-allowed`.' })
  rule: string;

  @Field(() => FindingSeverityEnum, { description: 'BLOCK refuses registration unless waived; WARN only reports.' })
  severity: string;

  @Field({ description: 'The field path the finding is about; empty for the schema as a whole.' })
  path: string;

  @Field({ description: 'What was found.' })
  message: string;

  @Field({ description: 'What to do instead.' })
  hint: string;

  @Field(() => ID, { nullable: true, description: 'The granted waiver that let this blocking finding through, if any.' })
  waiverId?: string;
}

@ObjectType('ContractWaiver', { description: 'A request to register one version despite a blocking finding, decided by a steward.' })
export class ContractWaiverModel {
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

  @Field({ description: 'The value subject of the topic.' })
  subject: string;

  @Field(() => Int, { description: 'The version the waiver is for.' })
  schemaVersion: number;

  @Field(() => String, {
    nullable: true,
    description: 'When set, the waiver only covers the schema with this fingerprint (from `checkSchema`).',
  })
  schemaFingerprint: string | null;

  @Field({ description: 'The rule waived.' })
  rule: string;

  @Field(() => String, { nullable: true, description: 'The field path waived; null for every finding of the rule.' })
  path: string | null;

  @Field({ description: 'Why the owners need it.' })
  justification: string;

  @Field(() => WaiverStateEnum, { description: 'Where the request is.' })
  state: string;

  @Field({ description: 'Who asked.' })
  requestedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was asked.' })
  requestedAt: Date;

  @Field(() => String, { nullable: true, description: 'The steward who decided.' })
  decidedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was decided.' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The steward's note." })
  decisionNote: string | null;

  @Field(() => Int, { description: 'Optimistic version.' })
  version: number;
}

@ObjectType('SchemaCheck', {
  description: "What registering a schema would meet: its fields and the contract's findings (nothing is stored).",
})
export class SchemaCheckModel {
  @Field({ description: 'The subject checked.' })
  subject: string;

  @Field(() => String, { nullable: true, description: 'The catalogued topic whose contract applied; null when none did.' })
  topic: string | null;

  @Field(() => Int, { description: 'The version number the schema would get.' })
  nextVersion: number;

  @Field({ description: 'Fingerprint of the schema content, to bind a waiver to exactly this schema.' })
  fingerprint: string;

  @Field(() => [SchemaFieldModel], { description: "The schema's fields." })
  fields: SchemaFieldModel[];

  @Field(() => [ContractFindingModel], { description: 'What the contract found.' })
  findings: ContractFindingModel[];

  @Field({ description: 'True when a finding would refuse the registration (before waivers).' })
  blocking: boolean;

  @Field(() => PayloadContractModel, { nullable: true, description: 'The enforced contract the schema was checked against.' })
  contract: PayloadContractModel | null;

  @Field(() => Int, { description: 'Leaf fields of the schema.' })
  leafFields: number;

  @Field(() => Int, { description: "Leaf fields carrying a tag (their own or an enclosing field's)." })
  taggedLeafFields: number;

  @Field(() => Int, { description: 'Deepest nesting.' })
  maxDepth: number;
}

@ObjectType('ContractGrowthPoint', { description: "One version of a topic's value subject, as the growth chart plots it." })
export class ContractGrowthPointModel {
  @Field(() => Int, { description: 'The version.' })
  version: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was registered.' })
  registeredAt: Date;

  @Field(() => Int, { description: 'Leaf fields.' })
  leafFields: number;

  @Field(() => Int, { description: 'Leaf fields carrying a tag.' })
  taggedLeafFields: number;

  @Field(() => Float, { description: 'Share of leaf fields carrying a tag (0-1).' })
  taggedShare: number;

  @Field(() => Int, { description: 'Deepest nesting.' })
  maxDepth: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Blocking findings let through by waivers; null for versions registered before findings were recorded.',
  })
  waivedFindings: number | null;

  @Field(() => Int, { nullable: true, description: 'Warnings; null for versions registered before findings were recorded.' })
  warnings: number | null;
}

@ObjectType('ContractGrowth', { description: "How a topic's value schema grew, version by version, against its field budget." })
export class ContractGrowthModel {
  @Field({ description: 'The value subject.' })
  subject: string;

  @Field(() => Int, { description: 'The enforced field budget.' })
  maxLeafFields: number;

  @Field(() => [ContractGrowthPointModel], { description: 'Live versions, oldest first.' })
  points: ContractGrowthPointModel[];
}
