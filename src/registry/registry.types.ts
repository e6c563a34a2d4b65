import { CompatibilityLevel, SchemaType } from '@charter/engine';
import { Metadata, RuleSet } from '../data-contracts/domain/rule-set';

export type { Metadata, RuleSet };

/** A reference as stored: `version` is always concrete (a request's -1 is resolved first). */
export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** One content-addressed schema row; immutable once written, so safe to cache by id. */
export interface StoredSchema {
  /** The context whose id space `id` is in (`.` by default; docs/reference/contexts.md). */
  context: string;
  id: number;
  /** The content address as a UUID (Confluent ≥ 8.0 `guid`); the same content always has the same one. */
  guid: string;
  schemaType: SchemaType;
  canonical: string;
  references: SchemaReference[];
  metadata: Metadata | null;
  /** Data-contract rules as sent (docs/data-contracts.md); part of the content like the metadata. */
  ruleSet: RuleSet | null;
}

export interface SubjectVersionRow {
  /** Qualified (`:.eu:orders-value`) outside the default context. */
  subject: string;
  /** The context of `subject`, where its `schemaId` lives. */
  context: string;
  version: number;
  schemaId: number;
  deleted: boolean;
  createdAt: Date;
}

/** A version with its schema: the registry's `Schema` entity. */
export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
  guid: string;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  metadata: Metadata | null;
  ruleSet: RuleSet | null;
  ts: number;
  deleted: boolean;
}

export const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT', 'FORWARD'] as const;
export type Mode = (typeof MODES)[number];

/** A stored config row; absent fields fall through to the global row and then to the default. */
export interface RegistryConfig {
  compatibilityLevel?: CompatibilityLevel;
  normalize?: boolean;
  /** Other Confluent config fields (validateFields, defaultMetadata, alias...) kept and echoed. */
  options: Record<string, unknown>;
}

/** The body of register, lookup and compatibility requests, checked by `parseRegisterRequest`. */
export interface RegisterRequest {
  schema: string;
  schemaType: SchemaType;
  references: Array<{ name: string; subject: string; version: number }>;
  metadata?: Metadata;
  ruleSet?: RuleSet;
  version?: number;
  id?: number;
}

export const GLOBAL_SUBJECT = '__GLOBAL';
export const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD';
export const DEFAULT_MODE: Mode = 'READWRITE';
