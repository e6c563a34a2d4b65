import { createHash } from 'node:crypto';
import { ParsedSchema } from '@charter/engine';

/**
 * Identifies a schema's content before it has a registry id: a waiver can be bound to exactly
 * the schema its steward looked at.
 */
export function schemaFingerprint(schema: ParsedSchema): string {
  return createHash('sha256').update(`${schema.schemaType}\n${schema.canonical}`).digest('hex');
}
