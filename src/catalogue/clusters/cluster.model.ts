import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A Kafka cluster topics live on; its name is its alias in MirrorMaker 2 configuration.' })
export class Cluster {
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

  @Field({ description: 'Unique name (lower-case letters, digits, _ and -).' })
  name: string;

  @Field({ description: 'Region the cluster runs in, e.g. eu-west-1.' })
  region: string;

  @Field({ description: 'Legal regime of the data it holds (a configured jurisdiction code).' })
  jurisdiction: string;

  @Field(() => [String], { description: 'Availability zones its brokers span.' })
  availabilityZones: string[];

  @Field({ description: 'Bootstrap address as clients take it (host:port, comma-separated); plain text, no credentials.' })
  bootstrapServers: string;

  @Field({ description: 'Whether topics that name no cluster live here.' })
  isDefault: boolean;

  @Field({ description: 'Who registered it.' })
  createdBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was registered.' })
  createdAt: Date;

  @Field(() => Int, { description: 'Optimistic version; pass it as `expectedVersion` to change exactly what you saw.' })
  version: number;
}
