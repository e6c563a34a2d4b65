import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SubjectPart {
  VALUE = 'VALUE',
  KEY = 'KEY',
}
registerEnumType(SubjectPart, {
  name: 'SubjectPart',
  description: 'Which part of a Kafka record a subject describes (TopicNameStrategy: `<topic>-value`, `<topic>-key`).',
});

@ObjectType('SchemaField', { description: 'One field of a schema version, whatever the schema format.' })
export class SchemaFieldModel {
  @Field({ description: 'Dotted path from the root record, e.g. `customer.address.line1`; array and map elements as `lines[]`.' })
  path: string;

  @Field({ description: 'The field name.' })
  name: string;

  @Field({ description: 'Short display type, e.g. `string`, `record Address`, `array<string>`, `union<null,string>`.' })
  type: string;

  @Field(() => Int, { description: "Nesting depth; 1 for the root record's own fields." })
  depth: number;

  @Field({ description: 'True when the field has no sub-fields.' })
  leaf: boolean;

  @Field({ description: 'An array, a map or a repeated Protobuf field.' })
  repeated: boolean;

  @Field({ description: 'A producer may leave it out.' })
  optional: boolean;

  @Field(() => [String], {
    description: 'Classification tags the schema declares on the field (e.g. PII), so a portal can show personal fields.',
  })
  tags: string[];

  @Field(() => String, { nullable: true, description: 'The field documentation, when the schema has one.' })
  doc?: string;

  @Field({
    description:
      "True when an ENCRYPT rule of the version's rule set names one of the field's tags (schema or metadata tags): the clients encrypt it.",
  })
  encrypted: boolean;
}

@ObjectType('SchemaVersion', { description: 'One registered version of a subject.' })
export class SchemaVersionModel {
  @Field({ description: 'The registry subject.' })
  subject: string;

  @Field(() => Int, { description: 'The version number within the subject.' })
  version: number;

  @Field(() => Int, { description: 'The global schema id, as Kafka serializers write it into each record.' })
  schemaId: number;

  @Field(() => GraphQLISODateTime, { description: 'When this version was registered.' })
  registeredAt: Date;
}

@ObjectType('FieldChange', { description: 'A field present in both versions whose type, shape or tags changed.' })
export class FieldChangeModel {
  @Field({ description: 'The field path.' })
  path: string;

  @Field(() => SchemaFieldModel, { description: 'The field in the older version.' })
  before: SchemaFieldModel;

  @Field(() => SchemaFieldModel, { description: 'The field in the newer version.' })
  after: SchemaFieldModel;
}

@ObjectType('CompatibilityVerdict', { description: 'Whether two versions are compatible under one compatibility level.' })
export class CompatibilityVerdictModel {
  @Field({ description: 'BACKWARD (the newer reads the older), FORWARD (the older reads the newer) or FULL (both).' })
  level: string;

  @Field({ description: 'True when the newer version may follow the older under this level.' })
  compatible: boolean;

  @Field(() => [String], { description: 'Each incompatibility with its path and reason.' })
  messages: string[];
}

@ObjectType('SchemaDiff', { description: 'What changed between two versions of a subject.' })
export class SchemaDiffModel {
  @Field({ description: 'The registry subject.' })
  subject: string;

  @Field(() => Int, { description: 'The older version compared.' })
  fromVersion: number;

  @Field(() => Int, { description: 'The newer version compared.' })
  toVersion: number;

  @Field(() => [SchemaFieldModel], { description: 'Fields only in the newer version.' })
  added: SchemaFieldModel[];

  @Field(() => [SchemaFieldModel], { description: 'Fields only in the older version.' })
  removed: SchemaFieldModel[];

  @Field(() => [FieldChangeModel], { description: 'Fields in both whose type, shape or tags changed.' })
  changed: FieldChangeModel[];

  @Field(() => [CompatibilityVerdictModel], { description: 'The verdict under BACKWARD, FORWARD and FULL.' })
  compatibility: CompatibilityVerdictModel[];
}

@ObjectType('TopicSubject', { description: 'A registry subject of a topic, with its version history.' })
export class TopicSubjectModel {
  @Field({ description: 'The registry subject, `<topic>-value` or `<topic>-key`.' })
  subject: string;

  @Field(() => SubjectPart, { description: 'Whether it describes record values or keys.' })
  part: SubjectPart;

  @Field(() => [SchemaVersionModel], { description: 'Live versions, oldest first.' })
  versions: SchemaVersionModel[];
}
