import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ParsedSchema } from '@charter/engine';
import { StoredSchema } from './registry.types';

const MAX_ENTRIES = 2_000;

/**
 * Schemas by id, and their parsed form. Ids are immutable (content-addressed and never reused),
 * so another replica can never contradict an entry; config, mode and "latest" are never cached.
 */
@Injectable()
export class SchemaCache {
  private readonly schemas = new LRUCache<number, StoredSchema>({ max: MAX_ENTRIES });
  private readonly parsed = new LRUCache<number, ParsedSchema>({ max: MAX_ENTRIES });
  private readonly equivalence = new LRUCache<number, string>({ max: MAX_ENTRIES });

  schema(id: number): StoredSchema | undefined {
    return this.schemas.get(id);
  }

  rememberSchema(schema: StoredSchema): void {
    this.schemas.set(schema.id, schema);
  }

  parsedSchema(id: number): ParsedSchema | undefined {
    return this.parsed.get(id);
  }

  rememberParsed(id: number, parsed: ParsedSchema): void {
    this.parsed.set(id, parsed);
  }

  equivalenceKey(id: number): string | undefined {
    return this.equivalence.get(id);
  }

  rememberEquivalenceKey(id: number, key: string): void {
    this.equivalence.set(id, key);
  }
}
