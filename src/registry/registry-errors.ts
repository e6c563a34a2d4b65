import { DomainError } from '../kernel/domain-error';

/** The registry's errors with Confluent's wording, so clients and people recognise them. */
export const registryErrors = {
  subjectNotFound: (subject: string) => new DomainError('SUBJECT_NOT_FOUND', `Subject '${subject}' not found.`, { subject }),
  versionNotFound: (subject: string, version: number | string) =>
    new DomainError('VERSION_NOT_FOUND', `Version ${version} not found for subject '${subject}'.`, { subject, version }),
  schemaNotFound: (id?: number) =>
    new DomainError('SCHEMA_NOT_FOUND', id === undefined ? 'Schema not found' : `Schema ${id} not found`, { id }),
  subjectSoftDeleted: (subject: string) =>
    new DomainError('SUBJECT_SOFT_DELETED', `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`, { subject }),
  subjectNotSoftDeleted: (subject: string) =>
    new DomainError('SUBJECT_NOT_SOFT_DELETED', `Subject '${subject}' was not deleted first before being permanently deleted`, { subject }),
  versionSoftDeleted: (subject: string, version: number) =>
    new DomainError(
      'VERSION_SOFT_DELETED',
      `Subject '${subject}' Version ${version} was soft deleted. Set permanent=true to delete permanently`,
      {
        subject,
        version,
      },
    ),
  versionNotSoftDeleted: (subject: string, version: number) =>
    new DomainError(
      'VERSION_NOT_SOFT_DELETED',
      `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
      {
        subject,
        version,
      },
    ),
  configNotFound: (subject: string) =>
    new DomainError('SUBJECT_CONFIG_NOT_FOUND', `Subject '${subject}' does not have subject-level compatibility configured`, { subject }),
  modeNotFound: (subject: string) =>
    new DomainError('SUBJECT_MODE_NOT_FOUND', `Subject '${subject}' does not have subject-level mode configured`, { subject }),
  invalidSchema: (message: string, field = 'schema') => new DomainError('INVALID_SCHEMA', message, { field, rule: 'valid-schema' }),
  /** Confluent's 42210; `field` points into the body (`ruleSet.domainRules[0].expr`), `rule` names the broken rule. */
  invalidRuleSet: (message: string, field: string, ruleName?: string) =>
    new DomainError('INVALID_RULESET', message, { field, rule: 'valid-rule-set', ...(ruleName !== undefined ? { ruleName } : {}) }),
  invalidVersion: (value: string) =>
    new DomainError(
      'INVALID_VERSION',
      `The specified version '${value}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
      { field: 'version', rule: 'version-id' },
    ),
  invalidLevel: (value: unknown) =>
    new DomainError(
      'INVALID_COMPATIBILITY_LEVEL',
      `Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive (got '${String(value)}')`,
      {
        field: 'compatibility',
        rule: 'compatibility-level',
      },
    ),
  invalidMode: (value: unknown) =>
    new DomainError(
      'INVALID_MODE',
      `Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT and FORWARD (got '${String(value)}')`,
      {
        field: 'mode',
        rule: 'mode',
      },
    ),
  notPermitted: (message: string) => new DomainError('OPERATION_NOT_PERMITTED', message),
  referenceExists: (subject: string, version: number) =>
    new DomainError('REFERENCE_EXISTS', `One or more references exist to the schema {subject=${subject}, version=${version}}`, {
      subject,
      version,
    }),
  invalidSubject: (subject: string, reason?: string) =>
    new DomainError(
      'INVALID_SUBJECT',
      `The specified subject '${printable(subject)}' is not a valid subject name.${reason ? ` ${reason}` : ''}`,
      {
        field: 'subject',
        rule: 'subject-name',
      },
    ),
  contextNotEmpty: (context: string) =>
    new DomainError('CONTEXT_NOT_EMPTY', `Context '${context}' is not empty: delete its subjects permanently first.`, { context }),
  malformed: (message: string) => new DomainError('MALFORMED_REQUEST', message),
  missingBody: () =>
    new DomainError('INVALID_INPUT', 'The request body is missing; send a JSON object.', { field: 'body', rule: 'required' }),
};

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
