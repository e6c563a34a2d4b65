/**
 * Schema exporters' vocabulary (Confluent schema linking): context types, states, the config keys
 * Charter reads, and the rules that can skip a subject. Pure data for the rules, the store and the
 * protocols alike.
 */
export const CONTEXT_TYPES = ['AUTO', 'CUSTOM', 'NONE'] as const;
export type ContextType = (typeof CONTEXT_TYPES)[number];

export const EXPORTER_STATES = ['STARTING', 'RUNNING', 'PAUSED', 'ERROR'] as const;
export type ExporterState = (typeof EXPORTER_STATES)[number];

/** Where the destination's jurisdiction came from. */
export const DESTINATION_SOURCES = ['DESTINATION', 'CONFIG', 'UNKNOWN'] as const;
export type DestinationSource = (typeof DESTINATION_SOURCES)[number];

export const DEFAULT_RENAME_FORMAT = '${subject}';

/** Confluent's client keys for the destination; the credentials among them are write-only. */
export const CONFIG_URL = 'schema.registry.url';
export const CREDENTIAL_KEYS = ['basic.auth.user.info', 'bearer.auth.token', 'bearer.auth.logical.cluster', 'bearer.auth.identity.pool.id'];
/** Charter's own keys: the jurisdiction of a destination that cannot say it, and the legal basis. */
export const CONFIG_DESTINATION_JURISDICTION = 'charter.destination.jurisdiction';
export const CONFIG_LEGAL_BASIS_MECHANISM = 'charter.legal.basis.mechanism';
export const CONFIG_LEGAL_BASIS_REFERENCE = 'charter.legal.basis.reference';

/** Why a subject was not exported; shown in the status with its message. */
export const SKIP_RULES = [
  'subject-without-topic',
  'restricted-topic',
  'confidential-cross-border',
  'retired-topic',
  'reference-not-exported',
  'non-default-context',
] as const;
export type SkipRule = (typeof SKIP_RULES)[number];

export const MAX_EXPORTER_NAME = 128;
export const EXPORTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
