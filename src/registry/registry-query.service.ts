import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ParsedSchema, resolvedSchemaText, toSerializedDescriptor } from '@charter/engine';
import { isDatabaseUnreachable } from '../continuity/database-failure';
import { DegradedReads } from './degraded-reads';
import { registryErrors } from './registry-errors';
import { VersionSpec } from './registry-input';
import { contextPrefix, DEFAULT_CONTEXT, matchesPrefix, normalizeSubject, parseSubject, qualify } from './qualified-subject';
import { registryStore } from './registry.store';
import { SchemaVersion, StoredSchema, SubjectVersionRow } from './registry.types';
import { hashOfGuid } from './schema-identity';
import { ServableIds } from './servable-ids';
import { SubjectVersionCache } from './subject-version-cache';
import { SchemaResolver } from './schema-resolver';

export interface ListFilter {
  deleted: boolean;
  deletedOnly: boolean;
}

export interface Paging {
  offset: number;
  /** -1 = no limit, as in Confluent. */
  limit: number;
}

/** Read side of the registry: subjects, versions and schemas by id. Reads never write. */
@Injectable()
export class RegistryQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly resolver: SchemaResolver,
    private readonly servable: ServableIds,
    private readonly degraded: DegradedReads,
    private readonly cache: SubjectVersionCache,
  ) {}

  async listSubjects(prefix: string | undefined, filter: ListFilter, paging: Paging): Promise<string[]> {
    const em = this.dataSource.manager;
    const subjects = await this.cached(em, 'subjects', () => registryStore.subjects(em));
    const selected = subjects
      .filter((s) => (filter.deletedOnly ? s.anyDeleted : filter.deleted || s.live))
      .map((s) => s.subject)
      .filter((s) => matchesPrefix(s, prefix));
    return page(selected, paging);
  }

  /** `GET /contexts`: the default context, then every context holding a version, by name (as Confluent lists them). */
  async listContexts(prefix: string | undefined, paging: Paging): Promise<string[]> {
    const contexts = [DEFAULT_CONTEXT, ...(await this.contextsWithSubjects(this.dataSource.manager))];
    return page(
      contexts.filter((c) => !prefix || c.startsWith(prefix)),
      paging,
    );
  }

  async listVersions(subject: string, filter: ListFilter & { deletedAsNegative: boolean }, paging: Paging): Promise<number[]> {
    const rows = await this.versionsOf(this.dataSource.manager, subject);
    const inScope = rows.filter((r) => (filter.deletedOnly ? r.deleted : filter.deleted || filter.deletedAsNegative || !r.deleted));
    if (inScope.length === 0) throw registryErrors.subjectNotFound(subject);
    return page(
      inScope.map((r) => (filter.deletedAsNegative && r.deleted ? -r.version : r.version)),
      paging,
    );
  }

  /** 40401 when nothing is in scope; 40402 for a version outside it (soft-deleted included). */
  async getVersion(subject: string, spec: VersionSpec, includeDeleted: boolean, format?: string): Promise<SchemaVersion> {
    return this.degraded.read(key('version', subject, spec, includeDeleted, format), async () => {
      const em = this.dataSource.manager;
      const row = await this.findVersion(em, subject, spec, includeDeleted);
      return this.toVersion(em, row, format);
    });
  }

  async findVersion(em: EntityManager, subject: string, spec: VersionSpec, includeDeleted: boolean): Promise<SubjectVersionRow> {
    const inScope = (await this.versionsOf(em, subject)).filter((r) => includeDeleted || !r.deleted);
    if (inScope.length === 0) throw registryErrors.subjectNotFound(subject);
    const row = spec === 'latest' ? inScope[inScope.length - 1] : inScope.find((r) => r.version === spec);
    if (!row) throw registryErrors.versionNotFound(subject, spec);
    return row;
  }

  async referencedBy(subject: string, spec: VersionSpec): Promise<number[]> {
    const em = this.dataSource.manager;
    const row = await this.findVersion(em, subject, spec, true);
    return (await registryStore.referrersOf(em, subject, [row.version])).map((r) => r.schemaId);
  }

  /**
   * Served while any version holds the id, soft-deleted ones included (consumers keep decoding).
   * Without a subject the id is the default context's. With a subject hint (Confluent ≥ 8.0) the
   * answer also names a subject and version holding the id, found as `holderOf` explains.
   */
  async schemaById(
    id: number,
    format?: string,
    subjectHint?: string,
  ): Promise<StoredSchema & { schema: string; holder?: SubjectVersionRow }> {
    return this.degraded.read(key('id', id, format, subjectHint), () => this.loadSchemaById(id, format, subjectHint));
  }

  private async loadSchemaById(
    id: number,
    format?: string,
    subjectHint?: string,
  ): Promise<StoredSchema & { schema: string; holder?: SubjectVersionRow }> {
    const em = this.dataSource.manager;
    if (subjectHint) {
      const holder = await this.holderOf(em, id, subjectHint);
      const held = holder && (await this.resolver.schemaById(em, id, holder.context));
      if (!held) throw registryErrors.schemaNotFound(id);
      return { ...held, schema: await this.render(em, held, format), holder };
    }
    const stored = await this.resolver.schemaById(em, id);
    if (!stored) throw registryErrors.schemaNotFound(id);
    if (!this.servable.known(id) && !(await this.servableWithoutDatabase(id))) throw registryErrors.schemaNotFound(id);
    return { ...stored, schema: await this.render(em, stored, format) };
  }

  /**
   * The version that answers for `id` under a subject hint, as Confluent finds it: a context alone
   * (`:.eu:`) → any subject of that context holding the id; a qualified subject → that subject
   * only; a default-context subject → that subject, else the same name in another context (by
   * context name), else any default-context holder. Within a subject, its newest live version.
   */
  private async holderOf(em: EntityManager, id: number, subjectHint: string): Promise<SubjectVersionRow | undefined> {
    const hint = normalizeSubject(subjectHint);
    const { context, name } = parseSubject(hint);
    if (context === '*') return undefined;
    const holders = await this.versionsWithSchema(em, id, context);
    if (name === '') return preferredHolder(holders, undefined);
    const own = preferredHolder(holders, hint);
    if (own || context !== DEFAULT_CONTEXT) return own;
    for (const other of await this.contextsWithSubjects(em)) {
      const found = preferredHolder(await this.versionsWithSchema(em, id, other), qualify(other, name));
      if (found) return found;
    }
    return preferredHolder(holders, undefined);
  }

  /** Asks the database; while it is unreachable, an id once confirmed held is still served (ids are immutable). */
  private async servableWithoutDatabase(id: number): Promise<boolean> {
    try {
      return await this.servable.check(id);
    } catch (err) {
      if (isDatabaseUnreachable(err) && this.servable.everConfirmed(id)) return true;
      throw err;
    }
  }

  /** The schema whose content address is `guid`, served like `schemaById`: the default context's, else the first context's holding it. */
  async schemaByGuid(guid: string, format?: string): Promise<StoredSchema & { schema: string }> {
    const [first] = await this.idsOfGuid(guid);
    if (!first) throw registryErrors.schemaNotFound();
    if (first.context === DEFAULT_CONTEXT) return this.schemaById(first.id, format);
    // Fetched through its context, but answered like a default-context guid: without a holder.
    const held = await this.schemaById(first.id, format, contextPrefix(first.context));
    return { ...held, holder: undefined } as StoredSchema & { schema: string };
  }

  /** Every context's id for the content `guid` (Confluent ≥ 8.0 `/schemas/guids/{guid}/ids`), default context first. */
  async idsOfGuid(guid: string): Promise<Array<{ context: string; id: number }>> {
    const hash = hashOfGuid(guid);
    const stored = hash ? await registryStore.schemasByIdentity(this.dataSource.manager, hash) : [];
    return stored.map((s) => ({ context: s.context, id: s.id }));
  }

  /**
   * `GET /subjects/{s}/metadata`: the newest version whose `metadata.properties` hold every pair.
   * 40401 when the subject has nothing in scope, 40403 when no version matches.
   */
  async latestWithMetadata(
    subject: string,
    properties: Array<[string, string]>,
    includeDeleted: boolean,
    format?: string,
  ): Promise<SchemaVersion> {
    const em = this.dataSource.manager;
    const inScope = (await this.versionsOf(em, subject)).filter((r) => includeDeleted || !r.deleted);
    if (inScope.length === 0) throw registryErrors.subjectNotFound(subject);
    for (const row of inScope.reverse()) {
      const stored = await this.resolver.schemaById(em, row.schemaId, row.context);
      const props = stored?.metadata?.properties;
      if (!props || typeof props !== 'object') continue;
      if (properties.every(([k, v]) => (props as Record<string, unknown>)[k] === v)) return this.toVersion(em, row, format);
    }
    throw registryErrors.schemaNotFound();
  }

  /** The highest id of a context's id space (the default context's unless given). */
  async maxSchemaId(context = DEFAULT_CONTEXT): Promise<number> {
    const { max } = await this.degraded.read(key('max-id', context), async () => ({
      max: await registryStore.maxSchemaId(this.dataSource.manager, context),
    }));
    return max;
  }

  /** Who holds `id`: in the default context, or in the context a subject hint leads to (`holderOf`). */
  async subjectVersionsOfSchema(
    id: number,
    includeDeleted: boolean,
    subjectHint?: string,
  ): Promise<Array<{ subject: string; version: number }>> {
    const em = this.dataSource.manager;
    const holder = subjectHint ? await this.holderOf(em, id, subjectHint) : undefined;
    if (subjectHint && !holder) throw registryErrors.schemaNotFound(id);
    const rows = await this.versionsWithSchema(em, id, holder?.context ?? DEFAULT_CONTEXT);
    if (rows.length === 0) throw registryErrors.schemaNotFound(id);
    return rows.filter((r) => includeDeleted || !r.deleted).map((r) => ({ subject: r.subject, version: r.version }));
  }

  async listSchemas(prefix: string | undefined, includeDeleted: boolean, latestOnly: boolean, paging: Paging): Promise<SchemaVersion[]> {
    const em = this.dataSource.manager;
    let rows = (await registryStore.allVersions(em)).filter((r) => (includeDeleted || !r.deleted) && matchesPrefix(r.subject, prefix));
    if (latestOnly) rows = rows.filter((r, i) => rows[i + 1]?.subject !== r.subject);
    const out: SchemaVersion[] = [];
    for (const row of page(rows, paging)) out.push(await this.toVersion(em, row));
    return out;
  }

  async toVersion(em: EntityManager, row: SubjectVersionRow, format?: string): Promise<SchemaVersion> {
    const stored = await this.resolver.schemaById(em, row.schemaId, row.context);
    if (!stored) throw registryErrors.schemaNotFound(row.schemaId);
    return {
      subject: row.subject,
      version: row.version,
      id: stored.id,
      guid: stored.guid,
      schemaType: stored.schemaType,
      schema: await this.render(em, stored, format),
      references: stored.references,
      metadata: stored.metadata,
      ruleSet: stored.ruleSet,
      ts: row.createdAt.getTime(),
      deleted: row.deleted,
    };
  }

  private versionsOf(em: EntityManager, subject: string): Promise<readonly SubjectVersionRow[]> {
    return this.cached(em, key('versions', subject), () => registryStore.versionsOf(em, subject));
  }

  private versionsWithSchema(em: EntityManager, id: number, context: string): Promise<readonly SubjectVersionRow[]> {
    return this.cached(em, key('holders', id, context), () => registryStore.versionsWithSchema(em, id, context));
  }

  private contextsWithSubjects(em: EntityManager): Promise<readonly string[]> {
    return this.cached(em, 'contexts', () => registryStore.contextsWithSubjects(em));
  }

  /** Through the subject-version cache when reading outside a transaction; a transaction reads its own view. */
  private cached<T extends object>(em: EntityManager, cacheKey: string, load: () => Promise<T>): Promise<T> {
    return em === this.dataSource.manager ? this.cache.read(cacheKey, load) : load();
  }

  /**
   * `format=serialized` turns Protobuf into a base64 FileDescriptorProto; `format=resolved` writes
   * an Avro schema with its references inlined. Formats a schema type has no such form for are ignored.
   */
  private async render(em: EntityManager, stored: StoredSchema, format?: string): Promise<string> {
    if (format === 'serialized' && stored.schemaType === 'PROTOBUF') {
      const parsed: ParsedSchema = await this.resolver.parsedById(em, stored.id, stored.context);
      return toSerializedDescriptor(parsed);
    }
    if (format === 'resolved' && stored.schemaType === 'AVRO' && stored.references.length > 0) {
      return resolvedSchemaText(await this.resolver.parsedById(em, stored.id, stored.context));
    }
    return stored.canonical;
  }
}

/** The newest holder (live first) of `subject`, or of any subject when undefined. */
function preferredHolder(holders: readonly SubjectVersionRow[], subject: string | undefined): SubjectVersionRow | undefined {
  const newestFirst = [...holders].reverse();
  const own = subject === undefined ? newestFirst : newestFirst.filter((r) => r.subject === subject);
  return own.find((r) => !r.deleted) ?? own[0];
}

function key(...parts: unknown[]): string {
  return JSON.stringify(parts);
}

function page<T>(items: T[], { offset, limit }: Paging): T[] {
  const start = Math.max(0, offset);
  return limit > 0 ? items.slice(start, start + limit) : items.slice(start);
}
