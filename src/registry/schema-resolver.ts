import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { equivalenceKey, formatOf, ParsedSchema, ResolvedReference, SchemaParseError } from '@charter/engine';
import { contextOf, contextPrefix, DEFAULT_CONTEXT, referenceTarget } from './qualified-subject';
import { registryErrors } from './registry-errors';
import { registryStore } from './registry.store';
import { Metadata, RegisterRequest, RuleSet, SchemaReference, StoredSchema, SubjectVersionRow } from './registry.types';
import { SchemaCache } from './schema-cache';
import { sameCompatibilityGroup } from '../data-contracts/domain/contract-merge';
import { sameMetadata, sameRuleSet } from './schema-identity';

// References nest; a cycle or an absurd depth must end in a clear error, not a stack overflow.
const MAX_REFERENCE_DEPTH = 32;

/** Turns stored ids and `{name, subject, version}` references into what the engine parses. */
@Injectable()
export class SchemaResolver {
  constructor(private readonly cache: SchemaCache) {}

  async schemaById(em: EntityManager, id: number, context = DEFAULT_CONTEXT): Promise<StoredSchema | undefined> {
    const cached = this.cache.schema(id, context);
    if (cached) return cached;
    const stored = await registryStore.schemaById(em, id, context);
    if (stored) this.cache.rememberSchema(stored);
    return stored;
  }

  /**
   * A schema this process has just committed. Only content without metadata or rules is kept: those
   * are stored as jsonb, whose key order the database's own answer would have, not the request's.
   */
  rememberCommitted(schema: StoredSchema): void {
    if (schema.metadata === null && schema.ruleSet === null) this.cache.rememberSchema(schema);
  }

  /**
   * Resolves a request's references: `-1` becomes the subject's latest live version, stored as
   * that number. Referenced rows are share-locked so they cannot be deleted before we commit.
   * References are read in the context of `referrerSubject` unless they name their own.
   */
  async resolveRequestReferences(
    em: EntityManager,
    refs: RegisterRequest['references'],
    referrerSubject = '',
  ): Promise<{ references: SchemaReference[]; resolved: ResolvedReference[] }> {
    const references: SchemaReference[] = [];
    for (const ref of refs) {
      const target = referenceTarget(referrerSubject, ref.subject);
      let row: SubjectVersionRow | undefined;
      if (ref.version === -1) {
        const live = (await registryStore.versionsOf(em, target)).filter((v) => !v.deleted);
        const latest = live[live.length - 1];
        row = latest && (await registryStore.lockVersionForReference(em, target, latest.version));
      } else {
        row = await registryStore.lockVersionForReference(em, target, ref.version);
      }
      if (!row || row.deleted) {
        throw registryErrors.invalidSchema(
          `Invalid schema: reference '${ref.name}' to subject '${ref.subject}' version ${ref.version} cannot be resolved.`,
          'references',
        );
      }
      references.push({ name: ref.name, subject: ref.subject, version: row.version });
    }
    return { references, resolved: await this.resolveStoredReferences(em, references, 0, contextOf(referrerSubject)) };
  }

  /** The trees of text the engine needs for stored references (soft-deleted targets included) of a schema in `context`. */
  async resolveStoredReferences(
    em: EntityManager,
    refs: readonly SchemaReference[],
    depth: number,
    context = DEFAULT_CONTEXT,
  ): Promise<ResolvedReference[]> {
    if (depth > MAX_REFERENCE_DEPTH)
      throw registryErrors.invalidSchema('Invalid schema: references nest too deeply (or form a cycle).', 'references');
    const out: ResolvedReference[] = [];
    for (const ref of refs) {
      const row = (await registryStore.versionsOf(em, referenceTarget(contextPrefix(context), ref.subject))).find(
        (v) => v.version === ref.version,
      );
      const target = row && (await this.schemaById(em, row.schemaId, row.context));
      if (!target) {
        throw registryErrors.invalidSchema(
          `Invalid schema: reference '${ref.name}' to '${ref.subject}' version ${ref.version} cannot be resolved.`,
          'references',
        );
      }
      out.push({
        name: ref.name,
        schemaType: target.schemaType,
        schema: target.canonical,
        references: await this.resolveStoredReferences(em, target.references, depth + 1, target.context),
      });
    }
    return out;
  }

  /** A stored schema parsed for compatibility checks; immutable, so parsed once per process. */
  async parsedById(em: EntityManager, id: number, context = DEFAULT_CONTEXT): Promise<ParsedSchema> {
    const cached = this.cache.parsedSchema(id, context);
    if (cached) return cached;
    const stored = await this.schemaById(em, id, context);
    if (!stored) throw registryErrors.schemaNotFound(id);
    const resolved = await this.resolveStoredReferences(em, stored.references, 0, context);
    const parsed = formatOf(stored.schemaType).parse(stored.canonical, resolved, { validate: false });
    this.cache.rememberParsed(id, parsed, context);
    return parsed;
  }

  /**
   * The newest of `rows` holding the same schema as `candidate` written differently (reference
   * docs/reference/confluent-registry.md, part 1.3-6): normalized, or with its Avro references inlined. A candidate that names references
   * must name the same ones; `metadata` and `ruleSet`, when given, must match too.
   */
  async findEquivalent(
    em: EntityManager,
    rows: readonly SubjectVersionRow[],
    candidate: ParsedSchema,
    references: readonly SchemaReference[],
    metadata?: Metadata | null,
    ruleSet?: RuleSet | null,
  ): Promise<SubjectVersionRow | undefined> {
    const key = equivalenceKey(candidate);
    for (const row of [...rows].reverse()) {
      const stored = await this.schemaById(em, row.schemaId, row.context);
      if (!stored || stored.schemaType !== candidate.schemaType) continue;
      if (references.length > 0 && !sameReferences(stored.references, references)) continue;
      if (metadata !== undefined && !sameMetadata(stored.metadata, metadata)) continue;
      if (ruleSet !== undefined && !sameRuleSet(stored.ruleSet, ruleSet)) continue;
      if ((await this.equivalenceKeyById(em, row.schemaId, row.context)) === key) return row;
    }
    return undefined;
  }

  /** The rows in the candidate's compatibility group (all of them when no group is configured). */
  async sameCompatibilityGroup(
    em: EntityManager,
    group: string | undefined,
    candidate: Metadata | null | undefined,
    rows: readonly SubjectVersionRow[],
  ): Promise<SubjectVersionRow[]> {
    if (group === undefined) return [...rows];
    const metadata = new Map<SubjectVersionRow, Metadata | null>();
    for (const row of rows) metadata.set(row, (await this.schemaById(em, row.schemaId, row.context))?.metadata ?? null);
    return sameCompatibilityGroup(group, candidate, rows, (row) => metadata.get(row));
  }

  private async equivalenceKeyById(em: EntityManager, id: number, context: string): Promise<string> {
    const cached = this.cache.equivalenceKey(id, context);
    if (cached !== undefined) return cached;
    const key = equivalenceKey(await this.parsedById(em, id, context));
    this.cache.rememberEquivalenceKey(id, key, context);
    return key;
  }
}

export function sameReferences(a: readonly SchemaReference[], b: readonly SchemaReference[]): boolean {
  return a.length === b.length && a.every((r, i) => r.name === b[i].name && r.subject === b[i].subject && r.version === b[i].version);
}

/** Parse errors become 42201 with the parser's own message; anything else is a real fault. */
export function parseCandidate(
  request: Pick<RegisterRequest, 'schema' | 'schemaType'>,
  resolved: ResolvedReference[],
  options: { validate: boolean; normalize: boolean },
): ParsedSchema {
  try {
    return formatOf(request.schemaType).parse(request.schema, resolved, options);
  } catch (err) {
    // Whatever a parser rejects is the caller's input, never a server fault.
    const message = err instanceof SchemaParseError || err instanceof Error ? err.message : String(err);
    throw registryErrors.invalidSchema(`Invalid schema: ${message}`);
  }
}
