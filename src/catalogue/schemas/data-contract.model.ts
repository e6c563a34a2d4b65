import { Field, ObjectType } from '@nestjs/graphql';
import { Metadata, Rule, RuleSet } from '../../data-contracts/domain/rule-set';

@ObjectType('KeyValue', { description: 'A name and its value (rule params, metadata properties).' })
export class KeyValueModel {
  @Field({ description: 'The name.' })
  name: string;

  @Field({ description: 'The value.' })
  value: string;
}

@ObjectType('DataContractRule', { description: 'One data-contract rule the Confluent clients execute (docs/data-contracts.md).' })
export class DataContractRuleModel {
  @Field({ description: 'The rule name, unique within the rule set.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the rule is for.' })
  doc: string | null;

  @Field({ description: 'CONDITION or TRANSFORM (TRANSFORM when the rule does not say).' })
  kind: string;

  @Field({ description: 'WRITE, READ, WRITEREAD, UPGRADE, DOWNGRADE or UPDOWN (WRITEREAD when the rule does not say).' })
  mode: string;

  @Field({ description: 'CEL, CEL_FIELD, JSONATA, ENCRYPT or ENCRYPT_PAYLOAD.' })
  type: string;

  @Field(() => [String], { description: 'The field tags a field-level rule applies to.' })
  tags: string[];

  @Field(() => [KeyValueModel], { description: 'Parameters, e.g. `encrypt.kek.name`.' })
  params: KeyValueModel[];

  @Field(() => String, { nullable: true, description: 'The expression (CEL, JSONata).' })
  expr: string | null;

  @Field(() => String, { nullable: true, description: 'Action when the rule succeeds (NONE, ERROR, DLQ).' })
  onSuccess: string | null;

  @Field(() => String, { nullable: true, description: 'Action when the rule fails (NONE, ERROR, DLQ).' })
  onFailure: string | null;

  @Field({ description: 'A disabled rule is kept but not executed.' })
  disabled: boolean;
}

@ObjectType('DataContractRuleSet', { description: "A schema version's data-contract rules, as registered." })
export class DataContractRuleSetModel {
  @Field(() => [DataContractRuleModel], { description: 'Rules between versions (UPGRADE, DOWNGRADE, UPDOWN).' })
  migrationRules: DataContractRuleModel[];

  @Field(() => [DataContractRuleModel], { description: 'Rules on each record (conditions, transforms, field encryption).' })
  domainRules: DataContractRuleModel[];

  @Field(() => [DataContractRuleModel], { description: 'Rules on the encoded payload (payload encryption).' })
  encodingRules: DataContractRuleModel[];
}

@ObjectType('FieldTags', { description: 'Tags that metadata assigns to the fields a path names.' })
export class FieldTagsModel {
  @Field({ description: 'The path, as Confluent writes it (`com.acme.Person.email`, `**.ssn`).' })
  path: string;

  @Field(() => [String], { description: 'The tags.' })
  tags: string[];
}

@ObjectType('SchemaMetadata', { description: "A schema version's metadata, as registered." })
export class SchemaMetadataModel {
  @Field(() => [KeyValueModel], { description: 'Properties, e.g. `major_version`, `owner`.' })
  properties: KeyValueModel[];

  @Field(() => [FieldTagsModel], { description: 'Tags given to fields outside the schema text.' })
  tags: FieldTagsModel[];

  @Field(() => [String], { description: 'Names of properties that are sensitive.' })
  sensitive: string[];
}

const pairs = (value: unknown): KeyValueModel[] =>
  value && typeof value === 'object' ? Object.entries(value).map(([name, v]) => ({ name, value: String(v) })) : [];

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function toRuleModel(rule: Rule): DataContractRuleModel {
  return {
    name: rule.name,
    doc: rule.doc ?? null,
    kind: rule.kind ?? 'TRANSFORM',
    mode: rule.mode ?? 'WRITEREAD',
    type: rule.type,
    tags: strings(rule.tags),
    params: pairs(rule.params),
    expr: rule.expr ?? null,
    onSuccess: rule.onSuccess ?? null,
    onFailure: rule.onFailure ?? null,
    disabled: rule.disabled === true,
  };
}

export function toRuleSetModel(ruleSet: RuleSet | null): DataContractRuleSetModel | null {
  if (!ruleSet) return null;
  const list = (rules: Rule[] | undefined) => (Array.isArray(rules) ? rules.map(toRuleModel) : []);
  return {
    migrationRules: list(ruleSet.migrationRules),
    domainRules: list(ruleSet.domainRules),
    encodingRules: list(ruleSet.encodingRules),
  };
}

export function toMetadataModel(metadata: Metadata | null): SchemaMetadataModel | null {
  if (!metadata) return null;
  const tags = metadata.tags && typeof metadata.tags === 'object' ? Object.entries(metadata.tags) : [];
  return {
    properties: pairs(metadata.properties),
    tags: tags.map(([path, values]) => ({ path, tags: strings(values) })),
    sensitive: strings(metadata.sensitive),
  };
}
