import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Min } from 'class-validator';
import { RegisterClusterCommand, UpdateClusterCommand } from './cluster.commands';
import { CLUSTER_NAME, CLUSTER_NAME_RULE, MAX_BOOTSTRAP_LENGTH, MAX_ZONES, REGION, REGION_RULE } from './domain/cluster-rules';

@InputType({ description: 'A Kafka cluster to add to the catalogue (admins).' })
export class RegisterClusterInput implements RegisterClusterCommand {
  @Field({ description: `Unique name: ${CLUSTER_NAME_RULE}.` })
  @Matches(CLUSTER_NAME, { message: CLUSTER_NAME_RULE })
  name: string;

  @Field({ description: 'Region it runs in, e.g. eu-west-1.' })
  @Matches(REGION, { message: REGION_RULE })
  region: string;

  @Field({ description: 'Legal regime of the data it holds: one of the configured jurisdiction codes.' })
  @Length(1, 32)
  jurisdiction: string;

  @Field(() => [String], { nullable: true, description: `Availability zones its brokers span (at most ${MAX_ZONES}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_ZONES)
  @Matches(REGION, { each: true, message: REGION_RULE })
  availabilityZones?: string[];

  @Field({ description: 'Bootstrap address: host:port entries separated by commas; plain text, no credentials.' })
  @Length(1, MAX_BOOTSTRAP_LENGTH)
  bootstrapServers: string;
}

@InputType({ description: 'Changes to a catalogued cluster (admins); only the fields given change.' })
export class UpdateClusterInput implements UpdateClusterCommand {
  @Field({ description: 'The cluster to change.' })
  @Matches(CLUSTER_NAME, { message: CLUSTER_NAME_RULE })
  name: string;

  @Field({ nullable: true, description: 'Region it runs in.' })
  @IsOptional()
  @Matches(REGION, { message: REGION_RULE })
  region?: string;

  @Field({ nullable: true, description: 'Legal regime of the data it holds.' })
  @IsOptional()
  @Length(1, 32)
  jurisdiction?: string;

  @Field(() => [String], { nullable: true, description: 'Availability zones its brokers span.' })
  @IsOptional()
  @ArrayMaxSize(MAX_ZONES)
  @Matches(REGION, { each: true, message: REGION_RULE })
  availabilityZones?: string[];

  @Field({ nullable: true, description: 'Bootstrap address (host:port, comma-separated).' })
  @IsOptional()
  @Length(1, MAX_BOOTSTRAP_LENGTH)
  bootstrapServers?: string;

  @Field(() => Int, { nullable: true, description: 'The version the caller last saw.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
