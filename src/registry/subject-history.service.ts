import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ParsedSchema, SchemaType } from '../compatibility';
import { SchemaReference, StoredSchema, SubjectVersionRow } from './registry.types';
import { SchemaCache } from './schema-cache';
import { SchemaResolver } from './schema-resolver';

interface VersionRow {
  subject: string;
  version: number;
  schema_id: number;
  created_at: Date | string;
}

interface SchemaRow {
  id: number;
  schema_type: SchemaType;
  canonical: string;
  references: SchemaReference[];
  metadata: Record<string, unknown> | null;
}

/**
 * Batch reads of subject histories for other modules (the catalogue's GraphQL): one statement for
 * the live versions of many subjects, one for many schemas, so a page of topics costs the same
 * number of statements whatever its size. Schemas are immutable, so they go through the cache.
 */
@Injectable()
export class SubjectHistoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: SchemaCache,
    private readonly resolver: SchemaResolver,
  ) {}

  /** Live (not deleted) versions of each subject, oldest first; [] for an unknown subject. */
  async liveVersions(subjects: readonly string[]): Promise<SubjectVersionRow[][]> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT subject, version, schema_id, created_at FROM registry_subject_version
       WHERE subject = ANY($1) AND NOT deleted ORDER BY subject, version`,
      [[...subjects]],
    );
    const bySubject = new Map<string, SubjectVersionRow[]>();
    for (const r of rows) {
      const list = bySubject.get(r.subject) ?? [];
      list.push({ subject: r.subject, version: Number(r.version), schemaId: Number(r.schema_id), deleted: false, createdAt: new Date(r.created_at) });
      bySubject.set(r.subject, list);
    }
    return subjects.map((s) => bySubject.get(s) ?? []);
  }

  /** Stored schemas by id, in the order asked. */
  async schemas(ids: readonly number[]): Promise<Array<StoredSchema | Error>> {
    const missing = [...new Set(ids.filter((id) => !this.cache.schema(id)))];
    if (missing.length > 0) {
      const rows: SchemaRow[] = await this.dataSource.query(
        `SELECT id, schema_type, canonical, "references", metadata FROM registry_schema WHERE id = ANY($1)`,
        [missing],
      );
      for (const r of rows) {
        this.cache.rememberSchema({ id: Number(r.id), schemaType: r.schema_type, canonical: r.canonical, references: r.references ?? [], metadata: r.metadata });
      }
    }
    return ids.map((id) => this.cache.schema(id) ?? new Error(`Schema ${id} does not exist.`));
  }

  /** Parsed schemas by id; references are resolved only for schemas that have them. */
  async parsed(ids: readonly number[]): Promise<Array<ParsedSchema | Error>> {
    await this.schemas(ids.filter((id) => !this.cache.parsedSchema(id)));
    return Promise.all(
      ids.map(async (id) => {
        try {
          return this.cache.parsedSchema(id) ?? (await this.resolver.parsedById(this.dataSource.manager, id));
        } catch (err) {
          return err instanceof Error ? err : new Error(String(err));
        }
      }),
    );
  }
}
