import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Who a client says it is: its User-Agent and optional X-Client-Id header, length-limited.' })
export class ClientIdentityModel {
  @Field({ description: 'The User-Agent header (at most 200 characters; empty when absent).' })
  userAgent: string;

  @Field({ description: 'The X-Client-Id header (at most 100 characters; empty when absent).' })
  clientId: string;
}

@ObjectType({ description: 'A schema version a consumer fetched.' })
export class FetchedVersion {
  @Field({ description: 'The subject (`<topic>-value` or `<topic>-key`).' })
  subject: string;

  @Field(() => Int, { nullable: true, description: 'The version holding the schema in that subject; null when none holds it any more.' })
  version: number | null;

  @Field(() => Int, { description: 'The global schema id.' })
  schemaId: number;

  @Field(() => Float, { description: 'Reads counted.' })
  reads: number;

  @Field(() => GraphQLISODateTime, { description: 'When last fetched.' })
  lastReadAt: Date;
}

@ObjectType({ description: "A principal observed reading a topic's schemas from the registry." })
export class TopicConsumer {
  @Field({ description: 'The username, or `anonymous` for unauthenticated readers (told apart only by their clients).' })
  principal: string;

  @Field({ description: 'Whether the reads were authenticated.' })
  authenticated: boolean;

  @Field({
    description:
      'Whether an active grant on the topic covers the principal (through one of its teams or its Kafka principal `User:<name>`).',
  })
  hasGrant: boolean;

  @Field({ description: 'Whether the principal belongs to the owning team.' })
  ownerTeamMember: boolean;

  @Field(() => [FetchedVersion], { description: 'The versions fetched.' })
  versions: FetchedVersion[];

  @Field(() => [ClientIdentityModel], { description: 'The clients used.' })
  clients: ClientIdentityModel[];

  @Field(() => Float, { description: 'Reads counted in the window.' })
  reads: number;

  @Field(() => GraphQLISODateTime, { description: 'First read in the window.' })
  firstSeen: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last read in the window.' })
  lastSeen: Date;
}

@ObjectType({ description: 'One reader of a schema version.' })
export class VersionReader {
  @Field({ description: 'The username, or `anonymous`.' })
  principal: string;

  @Field({ description: 'Whether the reads were authenticated.' })
  authenticated: boolean;

  @Field(() => [ClientIdentityModel], { description: 'The clients used.' })
  clients: ClientIdentityModel[];

  @Field(() => Float, { description: 'Reads counted in the window.' })
  reads: number;

  @Field(() => GraphQLISODateTime, { description: 'When last fetched.' })
  lastReadAt: Date;
}

@ObjectType({ description: "A version of one of the topic's subjects and who fetched it in the window." })
export class VersionReadiness {
  @Field({ description: 'The subject.' })
  subject: string;

  @Field(() => Int, { description: 'The version.' })
  version: number;

  @Field(() => Int, { description: 'The global schema id.' })
  schemaId: number;

  @Field({ description: 'Whether the version is soft-deleted.' })
  deleted: boolean;

  @Field(() => [VersionReader], { description: 'Who fetched it in the window; empty when nobody did.' })
  readers: VersionReader[];
}

@ObjectType({ description: 'A principal reading the schemas of a CONFIDENTIAL or RESTRICTED topic without a grant.' })
export class ShadowConsumer {
  @Field({ description: 'The topic read.' })
  topic: string;

  @Field({ description: "The topic's classification." })
  classification: string;

  @Field({ description: 'The owning team (slug).' })
  ownerTeam: string;

  @Field({ description: 'The username, or `anonymous`.' })
  principal: string;

  @Field({ description: 'Whether the reads were authenticated.' })
  authenticated: boolean;

  @Field(() => Float, { description: 'Reads counted in the window.' })
  reads: number;

  @Field(() => GraphQLISODateTime, { description: 'First read in the window.' })
  firstReadAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last read in the window.' })
  lastReadAt: Date;

  @Field(() => [ClientIdentityModel], { description: 'The clients used.' })
  clients: ClientIdentityModel[];

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it was raised as a finding (once, by webhook to the owners and stewards); null until the detector has run.',
  })
  raisedAt: Date | null;
}

@ObjectType({ description: "Whether a grant's holders actually read the topic (from observed registry reads since the grant started)." })
export class RecipientReads {
  @Field(() => [String], { description: 'The principals covered by the grant who read it.' })
  readers: string[];

  @Field(() => Float, { description: 'Reads counted.' })
  reads: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'The last read; null when never read.' })
  lastReadAt: Date | null;
}
