import { DomainError } from '../../kernel/domain-error';

/**
 * The key registry's errors with Confluent's wording and codes (its `DekRegistryErrors`), so that
 * the official clients' encryption executors and people who know Confluent recognise them. Where
 * Charter refuses for a reason of its own, the message says why after Confluent's sentence.
 */
export const keyErrors = {
  /** 40470 */
  notFound: (name: string) => new DomainError('KEY_NOT_FOUND', `Key '${name}' not found`, { key: name }),
  /** 40471 */
  notSoftDeleted: (name: string) =>
    new DomainError('KEY_NOT_SOFT_DELETED', `Key '${name}' was not deleted first before being permanently deleted`, { key: name }),
  /** 40472 */
  softDeleted: (name: string) => new DomainError('KEY_SOFT_DELETED', `Key '${name}' must be undeleted first`, { key: name }),
  /** 40971 */
  alreadyExists: (name: string) =>
    new DomainError('KEY_ALREADY_EXISTS', `Key '${name}' already exists; use a different value`, { key: name }),
  /** 42271: the field, and Charter's reason when it has one. */
  invalid: (field: string, rule: string, why?: string) =>
    new DomainError('INVALID_KEY', `Invalid or missing value for field '${field}' of key${why ? `: ${why}` : ''}`, { field, rule }),
  /** 42272 */
  referenceExists: (name: string) =>
    new DomainError('KEY_REFERENCE_EXISTS', `One or more references exist to the key '${name}'`, { key: name }),
  /** 42202, as the schema registry words it. */
  invalidVersion: (value: string) =>
    new DomainError(
      'INVALID_VERSION',
      `The specified version '${value}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
      { field: 'version', rule: 'version-id' },
    ),
};
