import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ParsedSchema, resolvedSchemaText, toSerializedDescriptor } from '@charter/engine';
import { isDatabaseUnreachable } from '../continuity/database-failure';
import { DegradedReads } from './degraded-reads';
import { registryErrors } from './registry-errors';
import { VersionSpec } from './registry-input';
import { registryStore } from './registry-store';
import { SchemaVersion, StoredSchema, SubjectVersionRow } from './registry.types';
import { hashOfGuid } from './schema-identity';
import { ServableIds } from './servable-ids';
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
  ) {}

  async listSubjects(prefix: string | undefined, filter: ListFilter, paging: Paging): Promise<string[]> {
    const subjects = await registryStore.subjects(this.dataSource.manager);
    const selected = subjects
      .filter((s) => (filter.deletedOnly ? s.anyDeleted : filter.deleted || s.live))
      .map((s) => s.subject)
      .filter((s) => !prefix || prefix === ':*:' || s.startsWith(prefix));
    return page(selected, paging);
  }

  async listVersions(subject: string, filter: ListFilter & { deletedAsNegative: boolean }, paging: Paging): Promise<number[]> {
    const rows = await registryStore.versionsOf(this.dataSource.manager, subject);
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
    const inScope = (await registryStore.versionsOf(em, subject)).filter((r) => includeDeleted || !r.deleted);
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
   * With a subject hint (Confluent ≥ 8.0) the answer also names a subject and version holding the
   * id: the hinted subject's newest (live first) when it holds it, otherwise another subject's.
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
    const stored = await this.resolver.schemaById(em, id);
    if (!stored) throw registryErrors.schemaNotFound(id);
    if (subjectHint) {
      const holders = await registryStore.versionsWithSchema(em, id);
      if (holders.length === 0) throw registryErrors.schemaNotFound(id);
      return { ...stored, schema: await this.render(em, stored, format), holder: preferredHolder(holders, subjectHint) };
    }
    if (!this.servable.known(id) && !(await this.servableWithoutDatabase(id))) throw registryErrors.schemaNotFound(id);
    return { ...stored, schema: await this.render(em, stored, format) };
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

  /** The schema whose content address is `guid`, served like `schemaById`. */
  async schemaByGuid(guid: string, format?: string): Promise<StoredSchema & { schema: string }> {
    const em = this.dataSource.manager;
    const hash = hashOfGuid(guid);
    const stored = hash ? await registryStore.schemaByIdentity(em, hash) : undefined;
    if (!stored) throw registryErrors.schemaNotFound();
    return this.schemaById(stored.id, format);
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
    const inScope = (await registryStore.versionsOf(em, subject)).filter((r) => includeDeleted || !r.deleted);
    if (inScope.length === 0) throw registryErrors.subjectNotFound(subject);
    for (const row of inScope.reverse()) {
      const stored = await this.resolver.schemaById(em, row.schemaId);
      const props = stored?.metadata?.properties;
      if (!props || typeof props !== 'object') continue;
      if (properties.every(([k, v]) => (props as Record<string, unknown>)[k] === v)) return this.toVersion(em, row, format);
    }
    throw registryErrors.schemaNotFound();
  }

  async maxSchemaId(): Promise<number> {
    const { max } = await this.degraded.read('max-id', async () => ({ max: await registryStore.maxSchemaId(this.dataSource.manager) }));
    return max;
  }

  async subjectVersionsOfSchema(id: number, includeDeleted: boolean): Promise<Array<{ subject: string; version: number }>> {
    const em = this.dataSource.manager;
    const rows = await registryStore.versionsWithSchema(em, id);
    if (rows.length === 0) throw registryErrors.schemaNotFound(id);
    return rows.filter((r) => includeDeleted || !r.deleted).map((r) => ({ subject: r.subject, version: r.version }));
  }

  async listSchemas(prefix: string | undefined, includeDeleted: boolean, latestOnly: boolean, paging: Paging): Promise<SchemaVersion[]> {
    const em = this.dataSource.manager;
    let rows = (await registryStore.allVersions(em)).filter(
      (r) => (includeDeleted || !r.deleted) && (!prefix || r.subject.startsWith(prefix)),
    );
    if (latestOnly) rows = rows.filter((r, i) => rows[i + 1]?.subject !== r.subject);
    const out: SchemaVersion[] = [];
    for (const row of page(rows, paging)) out.push(await this.toVersion(em, row));
    return out;
  }

  async toVersion(em: EntityManager, row: SubjectVersionRow, format?: string): Promise<SchemaVersion> {
    const stored = await this.resolver.schemaById(em, row.schemaId);
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
      ts: row.createdAt.getTime(),
      deleted: row.deleted,
    };
  }

  /**
   * `format=serialized` turns Protobuf into a base64 FileDescriptorProto; `format=resolved` writes
   * an Avro schema with its references inlined. Formats a schema type has no such form for are ignored.
   */
  private async render(em: EntityManager, stored: StoredSchema, format?: string): Promise<string> {
    if (format === 'serialized' && stored.schemaType === 'PROTOBUF') {
      const parsed: ParsedSchema = await this.resolver.parsedById(em, stored.id);
      return toSerializedDescriptor(parsed);
    }
    if (format === 'resolved' && stored.schemaType === 'AVRO' && stored.references.length > 0) {
      return resolvedSchemaText(await this.resolver.parsedById(em, stored.id));
    }
    return stored.canonical;
  }
}

function preferredHolder(holders: SubjectVersionRow[], subject: string): SubjectVersionRow {
  const newestFirst = [...holders].reverse();
  const own = newestFirst.filter((r) => r.subject === subject);
  const pick = (rows: SubjectVersionRow[]) => rows.find((r) => !r.deleted) ?? rows[0];
  return pick(own) ?? pick(newestFirst);
}

function key(...parts: unknown[]): string {
  return JSON.stringify(parts);
}

function page<T>(items: T[], { offset, limit }: Paging): T[] {
  const start = Math.max(0, offset);
  return limit > 0 ? items.slice(start, start + limit) : items.slice(start);
}
