import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Length, Matches, Min } from 'class-validator';
import { TEAM_SLUG as SLUG, TEAM_SLUG_RULE as SLUG_RULE, USERNAME, USERNAME_RULE } from '../../kernel/identifiers';

@InputType({ description: 'A new team.' })
export class CreateTeamInput {
  @Field({ description: 'URL-safe unique name (lower-case letters, digits, dashes; at most 63).' })
  @Matches(SLUG, { message: SLUG_RULE })
  slug: string;

  @Field({ description: 'Display name (1-200 characters).' })
  @Length(1, 200)
  name: string;
}

@InputType({ description: 'A new display name for a team.' })
export class RenameTeamInput {
  @Field({ description: 'The team to rename.' })
  @Matches(SLUG, { message: SLUG_RULE })
  slug: string;

  @Field({ description: 'The new display name (1-200 characters).' })
  @Length(1, 200)
  name: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller last saw; the rename fails if the team changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType({ description: 'A user to add to or remove from a team.' })
export class TeamMemberInput {
  @Field({ description: 'The team.' })
  @Matches(SLUG, { message: SLUG_RULE })
  slug: string;

  @Field({ description: 'The user name (letters, digits and . _ @ : + -; at most 200).' })
  @Matches(USERNAME, { message: USERNAME_RULE })
  username: string;
}
