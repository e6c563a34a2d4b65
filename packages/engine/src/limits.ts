/**
 * Hard limits on schema input, in one place, so that hostile or accidental schemas return a
 * clear error in bounded time instead of exhausting the stack or the CPU.
 */
export const SCHEMA_LIMITS = {
  /** Bytes of schema text (the REST API has its own body limit in front of this). */
  maxSchemaBytes: 4 * 1024 * 1024,
  /** Nesting depth of records/messages/objects, arrays, maps and unions. */
  maxDepth: 256,
  /** Named types, fields and enum symbols counted together in one schema. */
  maxNodes: 200_000,
  /** References followed transitively from one schema. */
  maxReferences: 1_000,
} as const;
