import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A person or service account that belongs to a team.' })
export class TeamMember {
  @Field({ description: 'User name, as in API tokens and JWT claims.' })
  username: string;

  @Field(() => GraphQLISODateTime, { description: 'When the member was added.' })
  addedAt: Date;
}

@ObjectType({ description: 'A team: the owner of topics and the unit that requests access.' })
export class Team {
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

  @Field({ description: 'URL-safe unique name, e.g. `payments-core`.' })
  slug: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field(() => GraphQLISODateTime, { description: 'When the team was created.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the team was last changed.' })
  updatedAt: Date;

  @Field(() => Int, { description: 'Optimistic version; increases with every change.' })
  version: number;
}
