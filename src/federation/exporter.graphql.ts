import {
  Args,
  Field,
  Float,
  GraphQLISODateTime,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from '@nestjs/graphql';
import { IsIn, IsOptional, Length, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { LegalBasisInput } from '../access/graphql/access.inputs';
import { LegalBasis } from '../access/graphql/access.model';
import { Principal } from '../auth/domain/principal';
import { enumOf } from '../graphql/enum-of';
import { Caller } from '../graphql/graphql-context';
import { CONTEXT_TYPES, EXPORTER_NAME, EXPORTER_STATES } from './domain/exporter-vocabulary';
import { ExporterRecord, exporterStore } from './exporter.store';
import { ExporterService } from './exporter.service';
import { InstanceInfo } from './instance-info';

export const ExporterContextTypeEnum = enumOf(CONTEXT_TYPES);
export const ExporterStateEnum = enumOf(EXPORTER_STATES);
registerEnumType(ExporterContextTypeEnum, {
  name: 'ExporterContextType',
  description: 'Where exported subjects land on the destination.',
  valuesMap: {
    AUTO: { description: "The context named after this Charter ('.<instance name>'), so ids cannot collide." },
    CUSTOM: { description: 'The context the exporter names.' },
    NONE: { description: 'The default context; id clashes are the operator’s to avoid.' },
  },
});
registerEnumType(ExporterStateEnum, { name: 'ExporterState', description: 'Where an exporter is in its lifecycle.' });

@ObjectType({ description: 'This Charter deployment: where it runs and which version it is.' })
export class Instance {
  @Field(() => String, { nullable: true, description: 'CHARTER_JURISDICTION: the legal regime this deployment runs in.' })
  jurisdiction: string | null;
  @Field(() => String, { nullable: true, description: 'CHARTER_REGION: the region inside the jurisdiction.' }) region: string | null;
  @Field({ description: 'Charter’s version.' }) version: string;
  @Field({ description: 'The name AUTO exporters give this instance’s context on their destinations.' }) name: string;
}

@ObjectType({ description: 'A subject an exporter did not export, and the rule that skipped it.' })
export class SkippedSubject {
  @Field({ description: 'The source subject.' }) subject: string;
  @Field(() => String, { nullable: true, description: 'The topic the subject belongs to, if catalogued.' }) topic: string | null;
  @Field({ description: 'The rule, e.g. restricted-topic, confidential-cross-border, subject-without-topic.' }) rule: string;
  @Field({ description: 'Why, in words.' }) message: string;
}

@ObjectType({ description: 'A topic a steward let leave through an exporter.' })
export class ExporterTopicApproval {
  @Field({ description: 'The topic approved.' }) topic: string;
  @Field({ description: 'The steward who approved it.' }) approvedBy: string;
  @Field(() => GraphQLISODateTime, { description: 'When.' }) approvedAt: Date;
}

@ObjectType({ description: 'A schema exporter (Confluent schema linking), governed: where it copies to, its state and lag.' })
export class Exporter {
  @Field({ description: 'The exporter’s name.' }) name: string;
  @Field(() => ExporterContextTypeEnum, { description: 'Where subjects land on the destination.' }) contextType: string;
  @Field(() => String, { nullable: true, description: 'The CUSTOM context (with its leading dot).' }) context: string | null;
  @Field(() => [String], { description: 'Subject names or patterns (* is a wildcard).' }) subjects: string[];
  @Field({ description: 'How a subject is renamed on the destination (${subject} is the source name).' }) subjectRenameFormat: string;
  @Field({ description: 'The destination registry’s URL.' }) destinationUrl: string;
  @Field(() => String, { nullable: true, description: 'The destination’s jurisdiction; null when neither it nor the config says.' })
  destinationJurisdiction: string | null;
  @Field(() => String, { nullable: true, description: 'The destination’s region, when it says.' }) destinationRegion: string | null;
  @Field({ description: 'DESTINATION (its own metadata), CONFIG (charter.destination.jurisdiction) or UNKNOWN.' })
  destinationJurisdictionSource: string;
  @Field({ description: 'Whether the destination is across a border from this deployment.' }) crossBorder: boolean;
  @Field(() => LegalBasis, { nullable: true, description: 'The legal basis for a cross-border export.' }) legalBasis: LegalBasis | null;
  @Field({ description: 'Who created it.' }) createdBy: string;
  @Field(() => String, { nullable: true, description: 'The steward who approved the cross-border export.' }) approvedBy: string | null;
  @Field(() => ExporterStateEnum, { description: 'STARTING, RUNNING, PAUSED or ERROR.' }) state: string;
  @Field(() => String, { nullable: true, description: 'Why it is paused (awaiting a legal basis or approval, or an operator).' })
  pausedReason: string | null;
  @Field(() => Float, { description: 'Position in this registry’s change log pushed so far.' }) offset: number;
  @Field(() => String, { nullable: true, description: 'The last error.' }) trace: string | null;
  @Field(() => Int, { description: 'Versions registered here and not yet pushed.' }) lagVersions: number;
  @Field(() => Float, { description: 'Age in seconds of the oldest change not yet pushed (the measured RPO).' }) lagSeconds: number;
  @Field(() => [SkippedSubject], { description: 'Subjects skipped for policy, with the rule.' }) skippedSubjects: SkippedSubject[];
  @Field(() => [ExporterTopicApproval], { description: 'Topics a steward let leave through it.' })
  approvedTopics: ExporterTopicApproval[];
}

@InputType({ description: 'A new exporter; the same settings as Confluent’s POST /exporters.' })
export class CreateExporterInput {
  @Field({ description: 'A unique name (letters, digits, ., _, -).' })
  @Matches(EXPORTER_NAME, { message: 'name must be letters, digits, ., _ or -, starting with a letter or digit' })
  name: string;
  @Field(() => ExporterContextTypeEnum, { nullable: true, defaultValue: 'AUTO', description: 'Where subjects land (AUTO by default).' })
  @IsOptional()
  @IsIn(CONTEXT_TYPES)
  contextType?: string;
  @Field(() => String, { nullable: true, description: 'The context, with contextType CUSTOM.' }) @IsOptional() context?: string;
  @Field(() => [String], { nullable: true, description: 'Subject names or patterns (* is a wildcard); all by default.' })
  @IsOptional()
  subjects?: string[];
  @Field(() => String, { nullable: true, description: 'Must contain ${subject}; ${subject} by default.' })
  @IsOptional()
  subjectRenameFormat?: string;
  @Field({ description: 'The destination registry’s URL (schema.registry.url).' }) @Length(1, 2000) destinationUrl: string;
  @Field(() => String, { nullable: true, description: 'For a destination that cannot say its jurisdiction (not a Charter).' })
  @IsOptional()
  destinationJurisdiction?: string;
  @Field(() => String, { nullable: true, description: 'Write-only: bearer.auth.token for the destination.' })
  @IsOptional()
  bearerToken?: string;
  @Field(() => String, { nullable: true, description: 'Write-only: basic.auth.user.info (user:password).' })
  @IsOptional()
  basicAuthUserInfo?: string;
  @Field(() => LegalBasisInput, { nullable: true, description: 'Required before a cross-border exporter can be approved.' })
  @IsOptional()
  legalBasis?: LegalBasisInput;
}

/** The models of a list of exporters: three statements whatever the number of exporters. */
async function toModels(dataSource: DataSource, list: ExporterRecord[]): Promise<Exporter[]> {
  const names = list.map((e) => e.name);
  const [lag, skipped, approved] = await Promise.all([
    exporterStore.lag(dataSource),
    exporterStore.skippedOfMany(dataSource, names),
    exporterStore.approvedTopicsOfMany(dataSource, names),
  ]);
  return list.map((e) => {
    const l = lag.find((x) => x.name === e.name);
    return {
      name: e.name,
      contextType: e.contextType,
      context: e.context,
      subjects: e.subjects,
      subjectRenameFormat: e.subjectRenameFormat,
      destinationUrl: e.url,
      destinationJurisdiction: e.destinationJurisdiction,
      destinationRegion: e.destinationRegion,
      destinationJurisdictionSource: e.destinationSource,
      crossBorder: e.crossBorder,
      legalBasis: e.legalBasis,
      createdBy: e.createdBy,
      approvedBy: e.approvedBy,
      state: e.state,
      pausedReason: e.pausedReason,
      offset: e.offset,
      trace: e.trace,
      lagVersions: l?.versions ?? 0,
      lagSeconds: l?.seconds ?? 0,
      skippedSubjects: skipped.get(e.name) ?? [],
      approvedTopics: approved.get(e.name) ?? [],
    };
  });
}

@Resolver()
export class ExporterResolver {
  constructor(
    private readonly service: ExporterService,
    private readonly instanceInfo: InstanceInfo,
    private readonly dataSource: DataSource,
  ) {}

  @Query(() => Instance, { description: 'Where this Charter runs: jurisdiction, region, version.' })
  async instance(): Promise<Instance> {
    const f = await this.instanceInfo.facts();
    return { jurisdiction: f.jurisdiction, region: f.region, version: f.version, name: f.name };
  }

  @Query(() => [Exporter], { description: 'Schema exporters with their state, lag and skipped subjects (admins and stewards).' })
  async exporters(@Caller() caller: Principal): Promise<Exporter[]> {
    return toModels(this.dataSource, await this.service.list(caller));
  }

  @Mutation(() => Exporter, { description: 'Creates an exporter (admins); a cross-border one stays PAUSED until a steward approves.' })
  async createExporter(@Caller() caller: Principal, @Args('input') input: CreateExporterInput): Promise<Exporter> {
    const config: Record<string, string> = { 'schema.registry.url': input.destinationUrl };
    if (input.destinationJurisdiction) config['charter.destination.jurisdiction'] = input.destinationJurisdiction;
    if (input.bearerToken) config['bearer.auth.token'] = input.bearerToken;
    if (input.basicAuthUserInfo) config['basic.auth.user.info'] = input.basicAuthUserInfo;
    if (input.legalBasis) {
      config['charter.legal.basis.mechanism'] = input.legalBasis.mechanism;
      config['charter.legal.basis.reference'] = input.legalBasis.reference;
    }
    const e = await this.service.create(caller, {
      name: input.name,
      contextType: input.contextType,
      context: input.context,
      subjects: input.subjects,
      subjectRenameFormat: input.subjectRenameFormat,
      config,
    });
    return this.one(e);
  }

  @Mutation(() => Exporter, { description: 'Pauses an exporter (admins).' })
  async pauseExporter(@Caller() caller: Principal, @Args('name', { description: 'The exporter.' }) name: string): Promise<Exporter> {
    return this.one(await this.service.pause(caller, name));
  }

  @Mutation(() => Exporter, { description: 'Resumes a paused exporter (admins); refused while it awaits approval.' })
  async resumeExporter(@Caller() caller: Principal, @Args('name', { description: 'The exporter.' }) name: string): Promise<Exporter> {
    return this.one(await this.service.resume(caller, name));
  }

  @Mutation(() => Boolean, { description: 'Deletes an exporter (admins); what it copied stays on the destination.' })
  async deleteExporter(@Caller() caller: Principal, @Args('name', { description: 'The exporter.' }) name: string): Promise<boolean> {
    await this.service.delete(caller, name);
    return true;
  }

  @Mutation(() => Exporter, { description: 'A steward other than its creator approves a cross-border exporter; it then starts.' })
  async approveExporter(@Caller() caller: Principal, @Args('name', { description: 'The exporter.' }) name: string): Promise<Exporter> {
    return this.one(await this.service.approve(caller, name));
  }

  @Mutation(() => Exporter, { description: 'A steward lets one RESTRICTED or CONFIDENTIAL topic leave through an exporter.' })
  async approveExporterTopic(
    @Caller() caller: Principal,
    @Args('name', { description: 'The exporter.' }) name: string,
    @Args('topic', { description: 'The topic whose subjects may leave.' }) topic: string,
  ): Promise<Exporter> {
    return this.one(await this.service.approveTopic(caller, name, topic));
  }

  private async one(e: ExporterRecord) {
    return (await toModels(this.dataSource, [e]))[0];
  }
}
