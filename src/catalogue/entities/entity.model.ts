import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('CatalogueEntity', {
  description: 'A system-of-record entity (Customer, Order...): events may refer to it by id, but an EVENT topic should not copy it.',
})
export class CatalogueEntityModel {
  @Field(() => ID, { description: 'Stable identifier; events refer to entity instances, this names the entity itself.' })
  id: string;

  @Field({ description: 'The entity name, unique in the catalogue (without case).' })
  name: string;

  /** Resolved to the owning Team by a field resolver. */
  ownerTeamId: string;

  @Field({ description: 'The system of record consumers should query for it.' })
  sourceSystem: string;

  @Field({ description: 'Markdown description.' })
  description: string;

  @Field(() => [String], { description: 'Attribute names the replica guard looks for in event schemas.' })
  attributes: string[];

  @Field(() => String, { nullable: true, description: 'AVRO, PROTOBUF or JSON when the attributes were read from a schema.' })
  schemaType: string | null;

  @Field(() => String, { nullable: true, description: 'The schema the attributes were read from, in canonical form.' })
  schema: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was declared.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it was last changed.' })
  updatedAt: Date;

  @Field(() => Int, { description: 'Optimistic version.' })
  version: number;
}
