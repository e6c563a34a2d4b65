import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { SchemaField } from '../../contracts/domain/schema-fields';
import { RequestLoaders } from '../../graphql/request-loaders';
import { Loaders } from '../../graphql/graphql-context';
import { DomainError } from '../../kernel/domain-error';
import { SubjectVersionRow } from '../../registry/registry.types';
import { SubjectHistoryService } from '../../registry/subject-history.service';
import { ParsedSchema } from '@charter/engine';
import { StoredSchema } from '../../registry/registry.types';
import { subjectsOfTopic } from '../topics/domain/topic-vocabulary';
import { Topic } from '../topics/topic.model';
import { diffVersions } from './schema-diff';
import { DataContractRuleSetModel, SchemaMetadataModel, toMetadataModel, toRuleSetModel } from './data-contract.model';
import { encryptedTags, fieldTags, isEncrypted } from '../../data-contracts/domain/field-tags';
import { fieldsOf } from '../../contracts/domain/schema-fields';
import { SchemaDiffModel, SchemaFieldModel, SchemaVersionModel, SubjectPart, TopicSubjectModel } from './schema-version.model';
import { FIELD_COSTS, listOfAtMost } from '../../graphql/field-costs';
import { LIVE_VERSIONS, PARSED_SCHEMA, SCHEMA_BY_ID, SCHEMA_FIELDS } from './registry.loaders';

const toVersionModel = (row: SubjectVersionRow): SchemaVersionModel => ({
  subject: row.subject,
  version: row.version,
  schemaId: row.schemaId,
  registeredAt: row.createdAt,
});

/** The per-request loaders of registry data; every resolver here goes through them. */
class RegistryLoaders {
  constructor(
    private readonly loaders: RequestLoaders,
    private readonly history: SubjectHistoryService,
  ) {}

  liveVersions(subject: string): Promise<readonly SubjectVersionRow[]> {
    return this.loaders.get(LIVE_VERSIONS, this.history).load(subject);
  }

  schema(id: number): Promise<StoredSchema> {
    return this.loaders.get(SCHEMA_BY_ID, this.history).load(id);
  }

  parsed(id: number): Promise<ParsedSchema> {
    return this.loaders.get(PARSED_SCHEMA, this.history).load(id);
  }

  fields(id: number): Promise<SchemaField[]> {
    return this.loaders.get(SCHEMA_FIELDS, this.history).load(id);
  }
}

@Resolver(() => Topic)
export class TopicSchemasResolver {
  constructor(private readonly history: SubjectHistoryService) {}

  @ResolveField(() => [TopicSubjectModel], {
    complexity: listOfAtMost(2),
    description: 'The registry subjects of the topic that have live versions (value first, then key).',
  })
  async subjects(@Parent() topic: Topic, @Loaders() loaders: RequestLoaders): Promise<TopicSubjectModel[]> {
    const registry = new RegistryLoaders(loaders, this.history);
    const { value, key } = subjectsOfTopic(topic.name);
    const parts: Array<[string, SubjectPart]> = [
      [value, SubjectPart.VALUE],
      [key, SubjectPart.KEY],
    ];
    const subjects = await Promise.all(
      parts.map(async ([subject, part]) => ({ subject, part, versions: (await registry.liveVersions(subject)).map(toVersionModel) })),
    );
    return subjects.filter((s) => s.versions.length > 0);
  }

  @ResolveField(() => TopicSubjectModel, {
    nullable: true,
    description: 'One subject of the topic by part; null when it has no live versions.',
  })
  async subject(
    @Parent() topic: Topic,
    @Loaders() loaders: RequestLoaders,
    @Args('part', { type: () => SubjectPart, description: 'VALUE or KEY.' }) part: SubjectPart,
  ): Promise<TopicSubjectModel | null> {
    return (await this.subjects(topic, loaders)).find((s) => s.part === part) ?? null;
  }
}

@Resolver(() => TopicSubjectModel)
export class TopicSubjectResolver {
  constructor(private readonly history: SubjectHistoryService) {}

  @ResolveField(() => SchemaVersionModel, { description: 'The newest live version.' })
  latest(@Parent() subject: TopicSubjectModel): SchemaVersionModel {
    return subject.versions[subject.versions.length - 1];
  }

  @ResolveField(() => SchemaVersionModel, { nullable: true, description: 'One live version by number; null when there is none.' })
  version(@Parent() subject: TopicSubjectModel, @Args('version', { type: () => Int, description: 'The version number.' }) version: number) {
    return subject.versions.find((v) => v.version === version) ?? null;
  }

  @ResolveField(() => SchemaDiffModel, {
    complexity: FIELD_COSTS.schemaAnalysis,
    nullable: true,
    description:
      'What changed from one live version to another, and the compatibility verdict under each level; null with an error when either version does not exist.',
  })
  async diff(
    @Parent() subject: TopicSubjectModel,
    @Loaders() loaders: RequestLoaders,
    @Args('from', { type: () => Int, description: 'The older version.' }) from: number,
    @Args('to', { type: () => Int, description: 'The newer version.' }) to: number,
  ): Promise<SchemaDiffModel> {
    const registry = new RegistryLoaders(loaders, this.history);
    const find = (version: number, field: string) => {
      const found = subject.versions.find((v) => v.version === version);
      if (!found)
        throw new DomainError('NOT_FOUND', `Subject '${subject.subject}' has no live version ${version}.`, { field, rule: 'live-version' });
      return found;
    };
    const [older, newer] = [find(from, 'from'), find(to, 'to')];
    const [olderSchema, newerSchema, olderStored, newerStored] = await Promise.all([
      registry.parsed(older.schemaId),
      registry.parsed(newer.schemaId),
      registry.schema(older.schemaId),
      registry.schema(newer.schemaId),
    ]);
    const diff = diffVersions({ version: from, schema: olderSchema }, { version: to, schema: newerSchema });
    const olderFields = new Map(withEncryption(fieldsOf(olderSchema), olderStored).map((f) => [f.path, f]));
    const newerFields = new Map(withEncryption(fieldsOf(newerSchema), newerStored).map((f) => [f.path, f]));
    return {
      subject: subject.subject,
      fromVersion: from,
      toVersion: to,
      ...diff,
      added: diff.added.map((f) => newerFields.get(f.path) ?? { ...f, encrypted: false }),
      removed: diff.removed.map((f) => olderFields.get(f.path) ?? { ...f, encrypted: false }),
      changed: diff.changed.map((c) => ({
        ...c,
        before: olderFields.get(c.path) ?? { ...c.before, encrypted: false },
        after: newerFields.get(c.path) ?? { ...c.after, encrypted: false },
      })),
    };
  }
}

@Resolver(() => SchemaVersionModel)
export class SchemaVersionResolver {
  constructor(private readonly history: SubjectHistoryService) {}

  @ResolveField(() => String, { description: 'AVRO, PROTOBUF or JSON.' })
  async schemaType(@Parent() v: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<string> {
    return (await new RegistryLoaders(loaders, this.history).schema(v.schemaId)).schemaType;
  }

  @ResolveField(() => String, { description: 'The schema text, in its canonical form.' })
  async schema(@Parent() v: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<string> {
    return (await new RegistryLoaders(loaders, this.history).schema(v.schemaId)).canonical;
  }

  @ResolveField(() => [SchemaFieldModel], {
    complexity: FIELD_COSTS.schemaFields,
    description: 'The fields of this version, parents before children, with their declared tags.',
  })
  async fields(@Parent() v: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<SchemaFieldModel[]> {
    const registry = new RegistryLoaders(loaders, this.history);
    const [fields, stored] = await Promise.all([registry.fields(v.schemaId), registry.schema(v.schemaId)]);
    return withEncryption(fields, stored);
  }

  @ResolveField(() => DataContractRuleSetModel, {
    nullable: true,
    description: 'The data-contract rules the clients execute for this version; null when it has none.',
  })
  async ruleSet(@Parent() v: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<DataContractRuleSetModel | null> {
    return toRuleSetModel((await new RegistryLoaders(loaders, this.history).schema(v.schemaId)).ruleSet);
  }

  @ResolveField(() => SchemaMetadataModel, { nullable: true, description: 'The metadata registered with this version; null when none.' })
  async metadata(@Parent() v: SchemaVersionModel, @Loaders() loaders: RequestLoaders): Promise<SchemaMetadataModel | null> {
    return toMetadataModel((await new RegistryLoaders(loaders, this.history).schema(v.schemaId)).metadata);
  }
}

/** Each field with whether the version's ENCRYPT rules cover one of its tags. */
export function withEncryption(fields: SchemaField[], stored: Pick<StoredSchema, 'metadata' | 'ruleSet'>): SchemaFieldModel[] {
  const encrypted = encryptedTags(stored.ruleSet);
  const tags = fieldTags(fields, stored.metadata);
  return fields.map((f) => ({ ...f, encrypted: isEncrypted(tags.get(f.path) ?? new Set(), encrypted) }));
}
