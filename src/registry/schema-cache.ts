import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ParsedSchema } from '@charter/engine';
import { DEFAULT_CONTEXT } from './qualified-subject';
import { StoredSchema } from './registry.types';

const MAX_ENTRIES = 2_000;

/** Default-context ids are their own key (the schema-by-id fast path reads them); other contexts' ids are qualified. */
type Key = number | string;
const keyOf = (id: number, context: string): Key => (context === DEFAULT_CONTEXT ? id : `${context}:${id}`);

/**
 * Schemas by id, and their parsed form. Ids are immutable (content-addressed and never reused),
 * so another replica can never contradict an entry; config, mode and "latest" are never cached.
 * Each context has its own ids (docs/reference/contexts.md), so the context is part of every key.
 */
@Injectable()
export class SchemaCache {
  private readonly schemas = new LRUCache<Key, StoredSchema>({ max: MAX_ENTRIES });
  private readonly parsed = new LRUCache<Key, ParsedSchema>({ max: MAX_ENTRIES });
  private readonly equivalence = new LRUCache<Key, string>({ max: MAX_ENTRIES });

  schema(id: number, context = DEFAULT_CONTEXT): StoredSchema | undefined {
    return this.schemas.get(keyOf(id, context));
  }

  rememberSchema(schema: StoredSchema): void {
    this.schemas.set(keyOf(schema.id, schema.context), schema);
  }

  parsedSchema(id: number, context = DEFAULT_CONTEXT): ParsedSchema | undefined {
    return this.parsed.get(keyOf(id, context));
  }

  rememberParsed(id: number, parsed: ParsedSchema, context = DEFAULT_CONTEXT): void {
    this.parsed.set(keyOf(id, context), parsed);
  }

  equivalenceKey(id: number, context = DEFAULT_CONTEXT): string | undefined {
    return this.equivalence.get(keyOf(id, context));
  }

  rememberEquivalenceKey(id: number, key: string, context = DEFAULT_CONTEXT): void {
    this.equivalence.set(keyOf(id, context), key);
  }
}
