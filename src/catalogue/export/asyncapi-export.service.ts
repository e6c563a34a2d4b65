import { Injectable } from '@nestjs/common';
import { DomainError } from '../../kernel/domain-error';
import { MAX_PAGE_SIZE } from '../../kernel/paging';
import { RegistryQueryService } from '../../registry/registry-query.service';
import { SchemaVersion } from '../../registry/registry.types';
import { TeamService } from '../teams/team.service';
import { subjectsOfTopic } from '../topics/domain/topic-vocabulary';
import { TopicQueryService } from '../topics/topic-query.service';
import { TopicEntity } from '../topics/topic.entity';
import { TopicOrder } from '../topics/topic.commands';
import { AsyncApiDocument, CatalogueSnapshot, ExportTopic, renderAsyncApi } from './asyncapi-document';
import { ExportSchema, versionRef } from './asyncapi-schemas';

// References nest; a cycle must end the walk rather than loop.
const MAX_REFERENCE_DEPTH = 32;

/** Gathers the catalogue (or one team's part) and its latest schemas, and renders AsyncAPI. */
@Injectable()
export class AsyncApiExportService {
  constructor(
    private readonly topics: TopicQueryService,
    private readonly teams: TeamService,
    private readonly registry: RegistryQueryService,
  ) {}

  /** Throws NOT_FOUND naming the team when `teamSlug` is given and no such team exists. */
  async document(teamSlug?: string): Promise<AsyncApiDocument> {
    return renderAsyncApi(await this.snapshot(teamSlug));
  }

  async snapshot(teamSlug?: string): Promise<CatalogueSnapshot> {
    const team = teamSlug === undefined ? undefined : await this.teams.findBySlug(teamSlug);
    const entities = team ? (await this.topics.byOwnerTeamIds([team.id]))[0] : await this.allTopics();
    const owners = new Map((await this.teams.list()).map((t) => [t.id, t.slug]));
    const names = new Map(entities.map((t) => [t.id, t.name]));
    const missing = [...new Set(entities.map((t) => t.replacementTopicId).filter((id): id is string => !!id && !names.has(id)))];
    for (const t of await this.topics.byIds(missing)) if (t) names.set(t.id, t.name);

    const subjects = entities.flatMap((t) => Object.values(subjectsOfTopic(t.name)));
    const latest = team ? await this.latestOf(subjects) : await this.latestOfEverySubject(new Set(subjects));
    return {
      topics: entities.map((t) =>
        toExportTopic(
          t,
          owners.get(t.ownerTeamId) ?? t.ownerTeamId,
          t.replacementTopicId ? (names.get(t.replacementTopicId) ?? null) : null,
        ),
      ),
      latest,
      referenced: await this.referencedBy([...latest.values()]),
      ...(team ? { team: { slug: team.slug, name: team.name } } : {}),
    };
  }

  private async allTopics(): Promise<TopicEntity[]> {
    const all: TopicEntity[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.topics.list({}, TopicOrder.NAME, MAX_PAGE_SIZE, after);
      all.push(...page.items);
      if (!page.hasNextPage) return all;
      after = page.endCursor;
    }
  }

  /** One subject at a time: cheap for one team's handful of topics. */
  private async latestOf(subjects: string[]): Promise<Map<string, ExportSchema>> {
    const latest = new Map<string, ExportSchema>();
    for (const subject of subjects) {
      const version = await this.registry.getVersion(subject, 'latest', false).catch(absentAs(undefined));
      if (version) latest.set(subject, toExportSchema(version));
    }
    return latest;
  }

  /** The registry's latest-of-every-subject listing in one pass, kept to the topics' subjects. */
  private async latestOfEverySubject(wanted: Set<string>): Promise<Map<string, ExportSchema>> {
    const versions = await this.registry.listSchemas(undefined, false, true, { offset: 0, limit: -1 });
    return new Map(versions.filter((v) => wanted.has(v.subject)).map((v) => [v.subject, toExportSchema(v)]));
  }

  /** Every version the given schemas reference, transitively (soft-deleted targets included). */
  private async referencedBy(schemas: ExportSchema[]): Promise<Map<string, ExportSchema>> {
    const found = new Map<string, ExportSchema>();
    let frontier = schemas;
    for (let depth = 0; frontier.length > 0 && depth < MAX_REFERENCE_DEPTH; depth++) {
      const next: ExportSchema[] = [];
      for (const ref of frontier.flatMap((s) => s.references)) {
        const key = versionRef(ref.subject, ref.version);
        if (found.has(key)) continue;
        const version = await this.registry.getVersion(ref.subject, ref.version, true).catch(absentAs(undefined));
        if (!version) continue;
        const schema = toExportSchema(version);
        found.set(key, schema);
        next.push(schema);
      }
      frontier = next;
    }
    return found;
  }
}

/** A subject or version that is not there is an expected answer here, not a failure. */
const absentAs =
  <T>(value: T) =>
  (err: unknown): T => {
    if (err instanceof DomainError && (err.code === 'SUBJECT_NOT_FOUND' || err.code === 'VERSION_NOT_FOUND')) return value;
    throw err;
  };

const toExportSchema = (v: SchemaVersion): ExportSchema => ({
  subject: v.subject,
  version: v.version,
  id: v.id,
  schemaType: v.schemaType,
  schema: v.schema,
  references: v.references,
  ts: v.ts,
});

const toExportTopic = (t: TopicEntity, owner: string, replacement: string | null): ExportTopic => ({
  name: t.name,
  displayName: t.displayName,
  description: t.description,
  owner,
  intent: t.intent,
  classification: t.classification,
  jurisdiction: t.jurisdiction,
  residency: t.residency,
  accessPolicy: t.accessPolicy,
  maxGrantDays: t.maxGrantDays,
  lifecycle: t.lifecycle,
  sunsetAt: t.sunsetAt,
  replacement,
  tags: t.tags,
  contacts: t.contacts,
  retentionMs: t.retentionMs,
  partitions: t.partitions,
  updatedAt: t.updatedAt,
});
