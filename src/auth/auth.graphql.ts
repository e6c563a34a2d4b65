import { Args, Field, GraphQLISODateTime, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsDate, IsIn, IsOptional, Length, Matches } from 'class-validator';
import { Caller } from '../graphql/graphql-context';
import { TEAM_SLUG, TEAM_SLUG_RULE, USERNAME, USERNAME_RULE } from '../kernel/identifiers';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokenService } from './api-token.service';
import { Principal, ROLES } from './domain/principal';
import { UuidArg } from '../graphql/input-args';

@ObjectType({ description: 'The caller, as Charter sees them.' })
export class Me {
  @Field({ description: 'User name.' })
  username: string;

  @Field(() => [String], { description: 'Slugs of the teams the caller belongs to.' })
  teams: string[];

  @Field(() => [String], { description: 'Roles: `admin`, `steward`.' })
  roles: string[];

  @Field({ description: 'How the caller authenticated: `api-token` or `jwt`.' })
  via: string;
}

@ObjectType({ description: 'An API token (never the secret itself, which is shown once at creation).' })
export class ApiToken {
  @Field(() => ID, { description: 'Identifier, used to revoke it.' })
  id: string;

  @Field({ description: 'The first characters of the token, to tell tokens apart.' })
  prefix: string;

  @Field({ description: 'The user the token acts as.' })
  username: string;

  @Field(() => [String], { description: 'Team slugs the token carries in addition to recorded memberships.' })
  teams: string[];

  @Field(() => [String], { description: 'Roles the token carries.' })
  roles: string[];

  @Field(() => String, { nullable: true, description: 'What the token is for.' })
  description: string | null;

  @Field({ description: 'Who created it.' })
  createdBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it stops working, if ever.' })
  expiresAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was revoked, if it was.' })
  revokedAt: Date | null;
}

@ObjectType({ description: 'A newly created API token.' })
export class CreatedApiToken {
  @Field({ description: 'The token. Shown only this once: Charter keeps only its hash.' })
  token: string;

  @Field(() => ApiToken, { description: 'The token record.' })
  apiToken: ApiToken;
}

@InputType({ description: 'A new API token.' })
export class CreateApiTokenInput {
  @Field({ description: 'The user the token acts as (letters, digits and . _ @ : + -; at most 200).' })
  @Matches(USERNAME, { message: USERNAME_RULE })
  username: string;

  @Field(() => [String], { nullable: true, description: 'Team slugs the token carries (for service accounts).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(TEAM_SLUG, { each: true, message: `must hold team slugs that ${TEAM_SLUG_RULE}` })
  teams?: string[];

  @Field(() => [String], { nullable: true, description: 'Roles: `admin`, `steward`.' })
  @IsOptional()
  @IsIn(ROLES, { each: true, message: `must hold only ${ROLES.join(', ')}` })
  roles?: string[];

  @Field({ nullable: true, description: 'What the token is for (at most 500 characters).' })
  @IsOptional()
  @Length(0, 500)
  description?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the token stops working.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

export function toApiToken(entity: ApiTokenEntity): ApiToken {
  return { ...entity, prefix: entity.tokenPrefix };
}

@Resolver()
export class AuthResolver {
  constructor(private readonly tokens: ApiTokenService) {}

  @Query(() => Me, { description: 'The caller.' })
  me(@Caller() caller: Principal): Me {
    return { username: caller.username, teams: [...caller.teams], roles: [...caller.roles], via: caller.via };
  }

  @Query(() => [ApiToken], { description: "API tokens: all of them for admins, the caller's own otherwise." })
  async apiTokens(@Caller() caller: Principal): Promise<ApiToken[]> {
    return (await this.tokens.list(caller)).map(toApiToken);
  }

  @Mutation(() => CreatedApiToken, { description: 'Creates an API token and returns it once (admins).' })
  async createApiToken(@Caller() caller: Principal, @Args('input') input: CreateApiTokenInput): Promise<CreatedApiToken> {
    const { secret, record } = await this.tokens.create(caller, input);
    return { token: secret, apiToken: toApiToken(record) };
  }

  @Mutation(() => ApiToken, { description: 'Revokes an API token at once (admins).' })
  async revokeApiToken(@Caller() caller: Principal, @UuidArg('id', 'The token to revoke.') id: string): Promise<ApiToken> {
    return toApiToken(await this.tokens.revoke(caller, id));
  }
}
