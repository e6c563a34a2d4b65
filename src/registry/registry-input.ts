import { CompatibilityLevel, isCompatibilityLevel, isSchemaType } from '../compatibility';
import { registryErrors } from './registry-errors';
import { GLOBAL_SUBJECT, Mode, MODES, RegisterRequest } from './registry.types';

/** `latest` (or -1) means the highest live version; otherwise a concrete version number. */
export type VersionSpec = number | 'latest';

const MAX_INT = 2 ** 31 - 1;
// Reserved names of Confluent's contexts; control characters would corrupt logs and topics.
const RESERVED_SUBJECTS = new Set([GLOBAL_SUBJECT, '__EMPTY']);

export function checkSubjectName(subject: string): void {
  if (subject.length === 0 || /[\u0000-\u001f\u007f]/.test(subject) || RESERVED_SUBJECTS.has(subject)) {
    throw registryErrors.invalidSubject(subject);
  }
}

export function parseVersion(value: string): VersionSpec {
  if (value === 'latest' || value === '-1') return 'latest';
  if (!/^\d{1,10}$/.test(value)) throw registryErrors.invalidVersion(value);
  const n = Number(value);
  if (n < 1 || n > MAX_INT) throw registryErrors.invalidVersion(value);
  return n;
}

/** Levels are accepted in any case and always answered in upper case. */
export function parseLevel(value: unknown): CompatibilityLevel {
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if (!isCompatibilityLevel(upper)) throw registryErrors.invalidLevel(value);
  return upper;
}

export function parseMode(value: unknown): Mode {
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if (typeof upper !== 'string' || !(MODES as readonly string[]).includes(upper)) throw registryErrors.invalidMode(value);
  return upper as Mode;
}

/** Query booleans are `true|false`; absent (or anything else) is false, as in Confluent. */
export function queryFlag(value: unknown): boolean {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.toLowerCase() === 'true';
}

export function queryInt(value: unknown, fallback: number): number {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : fallback;
}

/** PostgreSQL text and jsonb cannot hold U+0000, so input carrying it is refused before any SQL. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

export function requireBody(body: unknown): Record<string, unknown> {
  // body-parser leaves `body` undefined when the request had none.
  if (body === undefined || body === null) throw registryErrors.missingBody();
  if (typeof body !== 'object' || Array.isArray(body)) throw registryErrors.malformed('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Unknown fields are ignored (clients send tags and ruleSets the community server drops). */
export function parseRegisterRequest(body: unknown): RegisterRequest {
  const b = requireBody(body);
  const schema = b.schema ?? '';
  if (typeof schema !== 'string') throw registryErrors.malformed("'schema' must be a string.");
  if (containsNul(schema)) throw registryErrors.invalidSchema('Invalid schema: it contains a NUL character (U+0000).');
  const schemaType = b.schemaType ?? 'AVRO';
  if (!isSchemaType(schemaType)) {
    throw registryErrors.invalidSchema(`Invalid schema type '${String(schemaType)}': use AVRO, PROTOBUF or JSON (exact case).`, 'schemaType');
  }
  return {
    schema,
    schemaType,
    references: parseReferences(b.references),
    metadata: parseMetadata(b.metadata),
    version: optionalInt(b.version, 'version'),
    id: optionalInt(b.id, 'id'),
  };
}

function parseReferences(value: unknown): RegisterRequest['references'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw registryErrors.malformed("'references' must be an array.");
  return value.map((r, i) => {
    const ref = (r ?? {}) as Record<string, unknown>;
    if (typeof ref.name !== 'string' || typeof ref.subject !== 'string' || ref.name === '' || ref.subject === '') {
      throw registryErrors.invalidSchema(`references[${i}] needs a 'name' and a 'subject'.`, `references[${i}]`);
    }
    if (containsNul(ref.name) || containsNul(ref.subject)) {
      throw registryErrors.invalidSchema(`references[${i}] contains a NUL character (U+0000).`, `references[${i}]`);
    }
    const version = ref.version === undefined ? -1 : Number(ref.version);
    if (!Number.isInteger(version) || version === 0 || version < -1) {
      throw registryErrors.invalidSchema(`references[${i}].version must be a version number or -1 (latest).`, `references[${i}].version`);
    }
    return { name: ref.name, subject: ref.subject, version };
  });
}

function parseMetadata(value: unknown): RegisterRequest['metadata'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw registryErrors.malformed("'metadata' must be an object.");
  if (containsNul(value)) throw registryErrors.invalidSchema("'metadata' contains a NUL character (U+0000).", 'metadata');
  return value as Record<string, unknown>;
}

function optionalInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw registryErrors.malformed(`'${field}' must be an integer.`);
  return n;
}
