import { CompatibilityLevel, isCompatibilityLevel, isSchemaType } from '@charter/engine';
import { findInputProblem, isInt32Id, MAX_INT32, parsePositiveInt32 } from '../kernel/input-rules';
import { DomainError } from '../kernel/domain-error';
import { registryErrors } from './registry-errors';
import { CONTEXT_WILDCARD, DEFAULT_CONTEXT, isContextOnly, parseSubject } from './qualified-subject';
import { ruleSetProblem } from '../data-contracts/domain/rule-set-check';
import { GLOBAL_SUBJECT, Mode, MODES, RegisterRequest } from './registry.types';

/** `latest` (or -1) means the highest live version; otherwise a concrete version number. */
export type VersionSpec = number | 'latest';

// Reserved names of Confluent's contexts; control characters would corrupt logs and topics.
const RESERVED_SUBJECTS = new Set([GLOBAL_SUBJECT, '__EMPTY']);
// Confluent keeps this context for settings that span every context; Charter's global row does that.
const RESERVED_CONTEXTS = new Set(['.__GLOBAL']);
const MAX_CONTEXT_LENGTH = 255;

/**
 * A subject that may be written: not empty, no control characters, no reserved name, and when it
 * is qualified (`:.ctx:name`) a well-formed context. `contextAllowed` admits a context alone
 * (`:.ctx:`), which settings (config, mode) accept and versions do not.
 */
export function checkSubjectName(subject: string, options: { contextAllowed?: boolean } = {}): void {
  if (subject.length === 0 || /[\u0000-\u001f\u007f]/.test(subject)) throw registryErrors.invalidSubject(subject);
  if (subject.startsWith(CONTEXT_WILDCARD)) {
    throw registryErrors.invalidSubject(
      subject,
      `'${CONTEXT_WILDCARD}' matches every context when listing; it names no context to write to.`,
    );
  }
  const { context, name } = parseSubject(subject);
  if (context !== DEFAULT_CONTEXT) checkContextName(subject, context);
  if (name === '' && !(options.contextAllowed && isContextOnly(subject))) {
    throw registryErrors.invalidSubject(subject, `It names the context '${context}' but no subject: write ':${context}:<subject>'.`);
  }
  if (RESERVED_SUBJECTS.has(name)) throw registryErrors.invalidSubject(subject);
}

function checkContextName(subject: string, context: string): void {
  if (context.length > MAX_CONTEXT_LENGTH) {
    throw registryErrors.invalidSubject(subject, `A context name has at most ${MAX_CONTEXT_LENGTH} characters.`);
  }
  if (RESERVED_CONTEXTS.has(context)) throw registryErrors.invalidSubject(subject, `The context '${context}' is reserved.`);
  if (context.includes('*')) throw registryErrors.invalidSubject(subject, "A context name cannot contain '*'.");
}

export function parseVersion(value: string): VersionSpec {
  if (value === 'latest' || value === '-1') return 'latest';
  const n = parsePositiveInt32(value);
  if (n === undefined) throw registryErrors.invalidVersion(value);
  return n;
}

/** Schema ids are positive 32-bit integers; anything else names no schema, as Confluent answers. */
export function parseSchemaId(value: string): number {
  const n = parsePositiveInt32(value);
  if (n === undefined) throw registryErrors.schemaNotFound();
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

/** Paging numbers beyond 32 bits mean "all" or "past the end", so they are clamped, never refused. */
export function queryInt(value: unknown, fallback: number): number {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'string' && /^-?\d{1,20}$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.max(-1, Math.min(n, MAX_INT32)) : fallback;
}

/**
 * A JSON object body, NUL-free and of bounded depth. `invalid` turns a problem into the error of
 * the endpoint (an invalid schema on register, a plain 422 on settings).
 */
export function requireBody(
  body: unknown,
  invalid: (message: string, field: string) => DomainError = (message, field) => new DomainError('INVALID_INPUT', message, { field }),
): Record<string, unknown> {
  // The body parser leaves `body` undefined when the request had none.
  if (body === undefined || body === null) throw registryErrors.missingBody();
  if (typeof body !== 'object' || Array.isArray(body)) throw registryErrors.malformed('The request body must be a JSON object.');
  const problem = findInputProblem(body, '');
  if (problem) {
    const error = invalid(problem.message, problem.field || 'body');
    Object.assign(error.details, { rule: problem.rule });
    throw error;
  }
  return body as Record<string, unknown>;
}

/** Unknown fields are ignored (clients send tags and ruleSets the community server drops). */
export function parseRegisterRequest(body: unknown): RegisterRequest {
  const b = requireBody(body, (message, field) =>
    registryErrors.invalidSchema(field === 'schema' ? `Invalid schema: ${message}` : message, field),
  );
  const schema = b.schema ?? '';
  if (typeof schema !== 'string') throw registryErrors.malformed("'schema' must be a string.");
  const schemaType = b.schemaType ?? 'AVRO';
  if (!isSchemaType(schemaType)) {
    throw registryErrors.invalidSchema(
      `Invalid schema type '${String(schemaType)}': use AVRO, PROTOBUF or JSON (exact case).`,
      'schemaType',
    );
  }
  return {
    schema,
    schemaType,
    references: parseReferences(b.references),
    metadata: parseMetadata(b.metadata),
    ruleSet: parseRuleSet(b.ruleSet, 'ruleSet'),
    version: optionalId(b.version, 'version'),
    id: optionalId(b.id, 'id'),
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
    const version = ref.version === undefined ? -1 : Number(ref.version);
    if (version !== -1 && !isInt32Id(version)) {
      throw registryErrors.invalidSchema(`references[${i}].version must be a version number or -1 (latest).`, `references[${i}].version`);
    }
    return { name: ref.name, subject: ref.subject, version };
  });
}

function parseMetadata(value: unknown): RegisterRequest['metadata'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw registryErrors.malformed("'metadata' must be an object.");
  return value as Record<string, unknown>;
}

/** A rule set as the clients will execute it (docs/data-contracts.md, "Checks at registration"); 42210 naming the rule and the field otherwise. */
export function parseRuleSet(value: unknown, field: string): RegisterRequest['ruleSet'] {
  if (value === undefined || value === null) return undefined;
  const problem = ruleSetProblem(value, field);
  if (problem) throw registryErrors.invalidRuleSet(problem.message, problem.field, problem.ruleName);
  return value as RegisterRequest['ruleSet'];
}

/** An explicit version or id in a body is stored in a 32-bit column; -1 means "not given". */
function optionalId(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw registryErrors.malformed(`'${field}' must be an integer.`);
  if (n === -1 || n === 0) return n;
  if (!isInt32Id(n)) throw registryErrors.invalidSchema(`'${field}' must be between 1 and ${MAX_INT32}.`, field);
  return n;
}
