import { keyErrors } from './key-errors';
import {
  DEFAULT_DEK_ALGORITHM,
  DEK_ALGORITHMS,
  DekAlgorithm,
  isDekAlgorithm,
  isValidKeySubject,
  KEK_NAME,
  kmsKeyIdProblem,
  LATEST_VERSION,
  MAX_VERSION,
  normalizeKmsType,
} from './key-vocabulary';

/**
 * Request bodies and path values of `/dek-registry/v1`, checked before anything is read or written.
 * Unknown body fields are ignored, as Confluent's Jackson mapping does; known ones must have their
 * type. Every refusal is a 42271 naming the field.
 */

export interface CreateKekCommand {
  name: string;
  kmsType: string;
  kmsKeyId: string;
  kmsProps: Record<string, string>;
  doc: string | null;
  /** Charter's addition to the body: the KMS's jurisdiction; the instance's own when absent. */
  jurisdiction?: string;
  deleted: boolean;
}

export interface UpdateKekCommand {
  kmsProps?: Record<string, string>;
  doc?: string | null;
  jurisdiction?: string;
}

export interface CreateDekCommand {
  subject: string;
  version: number;
  algorithm: DekAlgorithm;
  encryptedKeyMaterial: string;
  deleted: boolean;
}

const MAX_DOC = 10_000;
const MAX_KMS_KEY_ID = 2_000;
const MAX_KMS_PROPS = 50;
const MAX_KEY_MATERIAL = 10_000;
const SHARED_REFUSED =
  'Charter holds no KMS credentials, so it never wraps or unwraps data keys itself; send shared=false and let the clients call the KMS';

export function checkKekName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || !KEK_NAME.test(name)) {
    throw keyErrors.invalid(field, 'kek-name', "a KEK name is 1-256 letters, digits, '_' or '-', starting with a letter or '_'");
  }
  return name;
}

export function checkSubject(subject: unknown): string {
  if (typeof subject !== 'string' || !isValidKeySubject(subject)) {
    throw keyErrors.invalid('subject', 'subject-name', 'a subject is a non-empty name without control characters');
  }
  return subject;
}

/** `?algorithm=`: absent means AES256_GCM, as in Confluent. */
export function checkAlgorithm(value: unknown): DekAlgorithm {
  if (value === undefined || value === null || value === '') return DEFAULT_DEK_ALGORITHM;
  if (!isDekAlgorithm(value)) throw keyErrors.invalid('algorithm', 'dek-algorithm', `use one of ${DEK_ALGORITHMS.join(', ')}`);
  return value;
}

/** A path version: 1..2^31-1, or `latest` / `-1` for the newest. */
export function parseKeyVersion(value: string): number {
  if (value === 'latest' || value === '-1') return LATEST_VERSION;
  const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_VERSION) throw keyErrors.invalidVersion(value);
  return n;
}

export function parseCreateKek(body: unknown): CreateKekCommand {
  const b = objectBody(body);
  const name = checkKekName(b.name);
  const kmsKeyId = b.kmsKeyId;
  if (typeof kmsKeyId !== 'string' || kmsKeyId.length === 0 || kmsKeyId.length > MAX_KMS_KEY_ID) {
    throw keyErrors.invalid('kmsKeyId', 'required', `the KMS key id is required (at most ${MAX_KMS_KEY_ID} characters)`);
  }
  if (typeof b.kmsType !== 'string' || b.kmsType.length === 0 || b.kmsType.length > 100) {
    throw keyErrors.invalid('kmsType', 'required', 'the KMS type is required, e.g. aws-kms, azure-kms, gcp-kms, hcvault or local-kms');
  }
  const kmsType = normalizeKmsType(b.kmsType);
  const problem = kmsKeyIdProblem(kmsType, kmsKeyId);
  if (problem) throw keyErrors.invalid('kmsKeyId', 'kms-key-id', problem);
  refuseShared(b.shared);
  return {
    name,
    kmsType,
    kmsKeyId,
    kmsProps: kmsProps(b.kmsProps) ?? {},
    doc: doc(b.doc) ?? null,
    jurisdiction: jurisdiction(b.jurisdiction),
    deleted: flag(b.deleted, 'deleted'),
  };
}

/** PUT changes only `kmsProps`, `doc` and `shared`, as in Confluent; type and key id are fixed. */
export function parseUpdateKek(body: unknown): UpdateKekCommand {
  const b = objectBody(body);
  refuseShared(b.shared);
  return {
    ...(b.kmsProps !== undefined ? { kmsProps: kmsProps(b.kmsProps) ?? {} } : {}),
    ...(b.doc !== undefined ? { doc: doc(b.doc) ?? null } : {}),
    ...(b.jurisdiction !== undefined ? { jurisdiction: jurisdiction(b.jurisdiction) } : {}),
  };
}

/** The subject comes from the path (or, on the older path, from the body). */
export function parseCreateDek(body: unknown, pathSubject?: string): CreateDekCommand {
  const b = objectBody(body);
  const subject = checkSubject(pathSubject ?? b.subject);
  let version = 1;
  if (b.version !== undefined && b.version !== null) {
    if (typeof b.version !== 'number' || !Number.isInteger(b.version) || b.version < 1 || b.version > MAX_VERSION) {
      throw keyErrors.invalid('version', 'dek-version', 'a DEK version is an integer from 1 to 2^31-1');
    }
    version = b.version;
  }
  const algorithm = checkAlgorithm(b.algorithm);
  const material = b.encryptedKeyMaterial;
  if (material === undefined || material === null || material === '') {
    throw keyErrors.invalid(
      'encryptedKeyMaterial',
      'required',
      'the client wraps the DEK with its KMS and sends it; Charter never generates or holds plain keys',
    );
  }
  if (typeof material !== 'string' || material.length > MAX_KEY_MATERIAL || !isBase64(material)) {
    throw keyErrors.invalid('encryptedKeyMaterial', 'base64', `the wrapped key is base64 text of at most ${MAX_KEY_MATERIAL} characters`);
  }
  return { subject, version, algorithm, encryptedKeyMaterial: material, deleted: flag(b.deleted, 'deleted') };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw keyErrors.invalid('body', 'json-object', 'send a JSON object');
  }
  return body as Record<string, unknown>;
}

function refuseShared(shared: unknown) {
  if (shared === undefined || shared === null || shared === false) return;
  if (shared === true) throw keyErrors.invalid('shared', 'not-shared', SHARED_REFUSED);
  throw keyErrors.invalid('shared', 'boolean', 'shared is true or false');
}

function flag(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw keyErrors.invalid(field, 'boolean', `${field} is true or false`);
  return value;
}

function doc(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_DOC)
    throw keyErrors.invalid('doc', 'text', `doc is text of at most ${MAX_DOC} characters`);
  return value;
}

function kmsProps(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const entries = typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as object) : undefined;
  if (!entries || entries.length > MAX_KMS_PROPS || entries.some(([k, v]) => typeof v !== 'string' || k.length > 200 || v.length > 2000)) {
    throw keyErrors.invalid('kmsProps', 'string-map', `kmsProps maps at most ${MAX_KMS_PROPS} names to text values`);
  }
  // Sorted, as Confluent keeps them, so equal KEKs compare equal.
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as Record<string, string>;
}

function jurisdiction(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^[A-Z]{2,8}$/.test(value)) {
    throw keyErrors.invalid('jurisdiction', 'jurisdiction-code', 'a jurisdiction is an upper-case code such as EU, UK or US');
  }
  return value;
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0;
}
