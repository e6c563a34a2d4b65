import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { TEAM_SLUG, TEAM_SLUG_RULE } from '../../kernel/identifiers';

const ENTITY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,199}$/u;
const ENTITY_NAME_RULE = 'must be 1-200 letters, digits, spaces, _, . or -, starting with a letter or digit';

@InputType({ description: 'A schema text to read attribute names from (its leaf fields).' })
export class EntitySchemaInput {
  @Field(() => String, { nullable: true, defaultValue: 'AVRO', description: 'AVRO (default), PROTOBUF or JSON.' })
  @IsIn(['AVRO', 'PROTOBUF', 'JSON'])
  schemaType: 'AVRO' | 'PROTOBUF' | 'JSON';

  @Field({ description: 'The schema (without references).' })
  @Length(1, 1024 * 1024)
  schema: string;
}

@InputType({ description: 'A registered version to read attribute names from (its leaf fields).' })
export class EntitySubjectInput {
  @Field({ description: 'The registry subject.' })
  @Length(1, 500)
  subject: string;

  @Field(() => Int, { nullable: true, description: 'The version; the latest when left out.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** Where attributes come from; exactly one of the three. */
@InputType({ isAbstract: true })
abstract class EntityAttributesInput {
  @Field(() => [String], { nullable: true, description: 'Attribute names (at most 1000).' })
  @IsOptional()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  attributes?: string[];

  @Field(() => EntitySchemaInput, { nullable: true, description: 'Read the attributes from this schema.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EntitySchemaInput)
  schema?: EntitySchemaInput;

  @Field(() => EntitySubjectInput, { nullable: true, description: 'Read the attributes from this registered version.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EntitySubjectInput)
  fromSubject?: EntitySubjectInput;

  @Field({ nullable: true, description: 'Markdown description (at most 20,000 characters).' })
  @IsOptional()
  @MaxLength(20_000)
  description?: string;
}

@InputType({ description: 'A new system-of-record entity; give its attributes as a list, a schema or a registered version.' })
export class CreateCatalogueEntityInput extends EntityAttributesInput {
  @Field({ description: `The entity name (${ENTITY_NAME_RULE}).` })
  @Matches(ENTITY_NAME, { message: ENTITY_NAME_RULE })
  name: string;

  @Field({ description: 'The team that owns the entity.' })
  @Matches(TEAM_SLUG, { message: TEAM_SLUG_RULE })
  ownerTeam: string;

  @Field({ description: 'The system of record consumers should query (1-200 characters).' })
  @Length(1, 200)
  sourceSystem: string;
}

@InputType({ description: 'A change to an entity; fields left out keep their value.' })
export class UpdateCatalogueEntityInput extends EntityAttributesInput {
  @Field({ description: 'The entity to change.' })
  @Length(1, 200)
  name: string;

  @Field({ nullable: true, description: 'A new name.' })
  @IsOptional()
  @Matches(ENTITY_NAME, { message: ENTITY_NAME_RULE })
  newName?: string;

  @Field({ nullable: true, description: 'A new system of record (1-200 characters).' })
  @IsOptional()
  @Length(1, 200)
  sourceSystem?: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller last saw.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
