import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ParsedSchema } from '@charter/engine';
import { registryStore } from './registry.store';
import { StoredSchema, SubjectVersionRow } from './registry.types';
import { SchemaCache } from './schema-cache';
import { SchemaResolver } from './schema-resolver';
import { SubjectVersionCache } from './subject-version-cache';

/**
 * Batch reads of subject histories for other modules (the catalogue's GraphQL): one statement for
 * the live versions of many subjects, one for many schemas, so a page of topics costs the same
 * number of statements whatever its size. Schemas are immutable, so they go through the cache;
 * subject versions go through the subject-version cache, which every change empties.
 */
@Injectable()
export class SubjectHistoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: SchemaCache,
    private readonly resolver: SchemaResolver,
    private readonly versions: SubjectVersionCache,
  ) {}

  /** Live (not deleted) versions of each subject, oldest first; [] for an unknown subject. */
  async liveVersions(subjects: readonly string[]): Promise<ReadonlyArray<readonly SubjectVersionRow[]>> {
    return this.versions.readEach(
      subjects,
      (subject) => JSON.stringify(['live', subject]),
      async (missing) => {
        const rows = await registryStore.liveVersionsOf(this.dataSource.manager, missing);
        const bySubject = new Map<string, SubjectVersionRow[]>(missing.map((s) => [s, []]));
        for (const row of rows) bySubject.get(row.subject)?.push(row);
        return missing.map((s) => bySubject.get(s)!);
      },
    );
  }

  /** Stored schemas by id, in the order asked. */
  async schemas(ids: readonly number[]): Promise<Array<StoredSchema | Error>> {
    const missing = [...new Set(ids.filter((id) => !this.cache.schema(id)))];
    if (missing.length > 0) {
      for (const stored of await registryStore.schemasByIds(this.dataSource.manager, missing)) this.cache.rememberSchema(stored);
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
