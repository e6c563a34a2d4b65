import { LEGAL_BASIS_MECHANISMS, LegalBasis, LegalBasisMechanism, MAX_REFERENCE_LENGTH } from '../../access/domain/access-vocabulary';
import { DomainError, invalidInput } from '../../kernel/domain-error';
import {
  CONFIG_DESTINATION_JURISDICTION,
  CONFIG_LEGAL_BASIS_MECHANISM,
  CONFIG_LEGAL_BASIS_REFERENCE,
  CONFIG_URL,
  CONTEXT_TYPES,
  ContextType,
  CREDENTIAL_KEYS,
  DEFAULT_RENAME_FORMAT,
  EXPORTER_NAME,
  MAX_EXPORTER_NAME,
} from './exporter-vocabulary';

/** An exporter as its creator defined it, checked; what the store keeps and the worker follows. */
export interface ExporterDefinition {
  name: string;
  contextType: ContextType;
  /** The CUSTOM context with its leading dot; null otherwise. */
  context: string | null;
  subjects: string[];
  subjectRenameFormat: string;
  /** Settings that may be shown back (every config key but the credentials). */
  config: Record<string, string>;
  /** Write-only: never returned by any API. */
  credentials: Record<string, string>;
  url: string;
  /** `charter.destination.jurisdiction`: what the creator declares, for destinations that cannot say. */
  declaredJurisdiction: string | null;
  legalBasis: LegalBasis | null;
}

const MAX_SUBJECTS = 1_000;
const MAX_SUBJECT_LENGTH = 255;
const MAX_CONFIG_ENTRIES = 64;
const MAX_CONFIG_VALUE = 4_000;
const CONTEXT_NAME = /^\.?[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}$/;
const CONTROL = /\p{Cc}/u;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function invalidSubjects(message: string): DomainError {
  return new DomainError('INVALID_EXPORTER_SUBJECTS', message, { field: 'subjects', rule: 'subject-patterns' });
}

export function checkExporterName(name: unknown): string {
  if (typeof name !== 'string' || !EXPORTER_NAME.test(name)) {
    throw invalidInput(
      'name',
      'exporter-name',
      `'name' must be 1-${MAX_EXPORTER_NAME} characters of letters, digits, '.', '_' or '-', starting with a letter or digit.`,
    );
  }
  return name;
}

function checkContextType(v: unknown): ContextType {
  if (v === undefined || v === null) return 'AUTO';
  if (typeof v !== 'string' || !(CONTEXT_TYPES as readonly string[]).includes(v.toUpperCase())) {
    throw invalidInput('contextType', 'context-type', `'contextType' must be one of ${CONTEXT_TYPES.join(', ')}.`);
  }
  return v.toUpperCase() as ContextType;
}

function checkContext(type: ContextType, v: unknown): string | null {
  if (type !== 'CUSTOM') return null;
  if (typeof v !== 'string' || !CONTEXT_NAME.test(v) || v === '.') {
    throw invalidInput(
      'context',
      'context-name',
      "'context' is required with contextType CUSTOM: a context name such as '.analytics' (letters, digits, '.', '_', '-'; at most 63).",
    );
  }
  return v.startsWith('.') ? v : `.${v}`;
}

function checkSubjects(v: unknown): string[] {
  if (v === undefined || v === null) return ['*'];
  if (!Array.isArray(v)) throw invalidSubjects("'subjects' must be a list of subject names or patterns ('*' is a wildcard).");
  if (v.length === 0) throw invalidSubjects('\'subjects\' must name at least one subject or pattern; use ["*"] for every subject.');
  if (v.length > MAX_SUBJECTS) throw invalidSubjects(`'subjects' may hold at most ${MAX_SUBJECTS} entries.`);
  for (const s of v) {
    if (typeof s !== 'string' || s.length === 0 || s.length > MAX_SUBJECT_LENGTH || CONTROL.test(s)) {
      throw invalidSubjects(
        `every entry of 'subjects' must be a subject name or pattern of 1-${MAX_SUBJECT_LENGTH} characters without control characters.`,
      );
    }
  }
  return [...new Set(v as string[])];
}

function checkRenameFormat(v: unknown): string {
  if (v === undefined || v === null || v === '') return DEFAULT_RENAME_FORMAT;
  if (typeof v !== 'string' || !v.includes('${subject}') || v.length > MAX_SUBJECT_LENGTH || CONTROL.test(v) || v.includes(':')) {
    throw invalidInput(
      'subjectRenameFormat',
      'rename-format',
      "'subjectRenameFormat' must contain '${subject}' (the source subject's name), e.g. 'eu.${subject}', with no ':' and at most 255 characters.",
    );
  }
  return v;
}

function checkUrl(v: string | undefined): string {
  const first = v?.split(',')[0]?.trim();
  let parsed: URL | undefined;
  try {
    parsed = first ? new URL(first) : undefined;
  } catch {
    // reported below
  }
  if (!first || !parsed || !['http:', 'https:'].includes(parsed.protocol) || first.length > 2000) {
    throw invalidInput(
      `config.${CONFIG_URL}`,
      'http-url',
      `'config.${CONFIG_URL}' must be the destination registry's absolute http:// or https:// URL (at most 2000 characters).`,
    );
  }
  if (parsed.username || parsed.password) {
    throw invalidInput(
      `config.${CONFIG_URL}`,
      'no-credentials',
      `'config.${CONFIG_URL}' must not carry credentials; put them in 'basic.auth.user.info' (they are never shown again).`,
    );
  }
  return first.replace(/\/+$/, '');
}

function checkLegalBasis(config: Record<string, string>): LegalBasis | null {
  const mechanism = config[CONFIG_LEGAL_BASIS_MECHANISM];
  const reference = config[CONFIG_LEGAL_BASIS_REFERENCE];
  if (mechanism === undefined && reference === undefined) return null;
  if (!mechanism || !(LEGAL_BASIS_MECHANISMS as readonly string[]).includes(mechanism)) {
    throw invalidInput(
      `config.${CONFIG_LEGAL_BASIS_MECHANISM}`,
      'legal-basis-mechanism',
      `'config.${CONFIG_LEGAL_BASIS_MECHANISM}' must be one of ${LEGAL_BASIS_MECHANISMS.join(', ')} (with '${CONFIG_LEGAL_BASIS_REFERENCE}').`,
    );
  }
  if (!reference || reference.length > MAX_REFERENCE_LENGTH) {
    throw invalidInput(
      `config.${CONFIG_LEGAL_BASIS_REFERENCE}`,
      'legal-basis-reference',
      `'config.${CONFIG_LEGAL_BASIS_REFERENCE}' must be a document id or URL an auditor can follow (1-${MAX_REFERENCE_LENGTH} characters).`,
    );
  }
  return { mechanism: mechanism as LegalBasisMechanism, reference };
}

/** Config values are strings in Confluent's API; numbers and booleans are accepted and kept as text. */
export function checkConfig(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw invalidInput('config', 'config-map', "'config' must be an object of string settings.");
  const entries = Object.entries(v);
  if (entries.length > MAX_CONFIG_ENTRIES)
    throw invalidInput('config', 'config-size', `'config' may hold at most ${MAX_CONFIG_ENTRIES} settings.`);
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (!['string', 'number', 'boolean'].includes(typeof value) || String(value).length > MAX_CONFIG_VALUE) {
      throw invalidInput(`config.${key}`, 'config-value', `'config.${key}' must be a string of at most ${MAX_CONFIG_VALUE} characters.`);
    }
    out[key] = String(value);
  }
  return out;
}

/**
 * Checks a Confluent exporter body (`POST /exporters`, or a full `PUT /exporters/{name}` merged over
 * the stored definition). A body with no Charter-specific key is accepted: governance then decides.
 */
export function parseExporterDefinition(body: unknown, nameFromPath?: string): ExporterDefinition {
  if (!isRecord(body)) throw invalidInput('body', 'json-object', 'The body must be a JSON object describing the exporter.');
  const name = checkExporterName(nameFromPath ?? body.name);
  const contextType = checkContextType(body.contextType);
  const context = checkContext(contextType, body.context);
  const subjects = checkSubjects(body.subjects);
  const subjectRenameFormat = checkRenameFormat(body.subjectRenameFormat);
  const all = checkConfig(body.config);
  const url = checkUrl(all[CONFIG_URL]);
  const credentials: Record<string, string> = {};
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (CREDENTIAL_KEYS.includes(k) || /password|secret/i.test(k)) credentials[k] = v;
    else config[k] = v;
  }
  const declared = config[CONFIG_DESTINATION_JURISDICTION];
  if (declared !== undefined && !/^[A-Z]{2,8}$/.test(declared)) {
    throw invalidInput(
      `config.${CONFIG_DESTINATION_JURISDICTION}`,
      'jurisdiction-code',
      `'config.${CONFIG_DESTINATION_JURISDICTION}' must be an upper-case jurisdiction code such as EU, UK or US.`,
    );
  }
  return {
    name,
    contextType,
    context,
    subjects,
    subjectRenameFormat,
    config,
    credentials,
    url,
    declaredJurisdiction: declared ?? null,
    legalBasis: checkLegalBasis(config),
  };
}
