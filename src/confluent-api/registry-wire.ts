import { RegistryConfig, SchemaVersion, StoredSchema } from '../registry/registry.types';

/** The wire `Schema` entity (docs/reference/confluent-registry.md, part 1.1): empty references, metadata and rule set are left out. */
export function wireSchema(v: SchemaVersion) {
  return {
    subject: v.subject,
    version: v.version,
    id: v.id,
    guid: v.guid,
    schemaType: v.schemaType,
    schema: v.schema,
    ...(v.references.length > 0 ? { references: v.references } : {}),
    ...(v.metadata ? { metadata: v.metadata } : {}),
    ...(v.ruleSet ? { ruleSet: v.ruleSet } : {}),
    ts: v.ts,
    ...(v.deleted ? { deleted: true } : {}),
  };
}

/**
 * The wire `SchemaString` (`/schemas/ids/{id}`, `/schemas/guids/{guid}`); `subject` and `version`
 * only when the caller named a subject, as Confluent ≥ 8.0.
 */
export function wireSchemaString(s: StoredSchema & { schema: string; holder?: { subject: string; version: number } }, maxId?: number) {
  return {
    ...(s.holder ? { subject: s.holder.subject, version: s.holder.version } : {}),
    schema: s.schema,
    schemaType: s.schemaType,
    ...(s.references.length > 0 ? { references: s.references } : {}),
    ...(s.metadata ? { metadata: s.metadata } : {}),
    ...(s.ruleSet ? { ruleSet: s.ruleSet } : {}),
    guid: s.guid,
    ...(maxId !== undefined ? { maxId } : {}),
  };
}

/** GET answers name the level `compatibilityLevel`... */
export function wireConfig(c: RegistryConfig) {
  return {
    ...(c.compatibilityLevel ? { compatibilityLevel: c.compatibilityLevel } : {}),
    ...(c.normalize !== undefined ? { normalize: c.normalize } : {}),
    ...c.options,
  };
}

/** ...while PUT bodies and answers name it `compatibility` (a Confluent quirk clients rely on). */
export function wireConfigUpdate(c: RegistryConfig) {
  return {
    ...(c.compatibilityLevel ? { compatibility: c.compatibilityLevel } : {}),
    ...(c.normalize !== undefined ? { normalize: c.normalize } : {}),
    ...c.options,
  };
}
