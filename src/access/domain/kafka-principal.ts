import { DomainError, invalidInput } from '../../kernel/domain-error';
import { MAX_REASON_LENGTH } from './access-vocabulary';

/**
 * The shape of a Kafka principal as an ACL sees it. Kafka matches `User:*` (and `*`) against
 * every user, so a grant to such a principal is a grant to everyone on the cluster; any `*` is
 * treated that way, since what a broker's authorizer makes of a partial wildcard is its own
 * affair. A blank principal names nobody and can only be a mistake.
 */
export type PrincipalShape = 'named' | 'wildcard' | 'blank';

export function principalShape(principal: string): PrincipalShape {
  const name = principal.includes(':') ? principal.slice(principal.indexOf(':') + 1) : principal;
  if (principal.trim().length === 0 || name.trim().length === 0) return 'blank';
  if (principal.includes('*')) return 'wildcard';
  return 'named';
}

export const isWildcardPrincipal = (principal: string) => principalShape(principal) === 'wildcard';

export interface PrincipalCheck {
  wildcard: boolean;
  /** The admin's reason for a wildcard principal; it goes into the audit entry. */
  wildcardReason: string | null;
}

// Kafka principals are `User:<name>`; the name may hold spaces (TLS distinguished names) but no control characters.
export const PRINCIPAL_FORMAT = /^User:[^\s\p{Cc}](?:[^\p{Cc}]{0,253}[^\s\p{Cc}])?$/u;
export const PRINCIPAL_RULE = 'must be a Kafka principal such as User:svc-fraud (at most 260 characters, no control characters)';

/** The principal's format, for callers whose input no class validator has seen (the approval preview). */
export function checkPrincipalFormat(principal: string): void {
  if (typeof principal !== 'string' || !PRINCIPAL_FORMAT.test(principal)) {
    throw invalidInput('kafkaPrincipal', 'principal-format', `'kafkaPrincipal' ${PRINCIPAL_RULE}.`);
  }
}

/**
 * Who may name which principal: anyone a named one; only an admin a wildcard; nobody a blank one.
 * The approval preview asks this too, so it refuses what submission would refuse.
 */
export function checkPrincipalShape(principal: string, requester: { admin: boolean }): PrincipalShape {
  const shape = principalShape(principal);
  if (shape === 'blank') {
    throw invalidInput(
      'kafkaPrincipal',
      'principal-format',
      "'kafkaPrincipal' must name a Kafka principal such as User:svc-fraud; it is empty.",
    );
  }
  if (shape === 'wildcard' && !requester.admin) {
    throw new DomainError(
      'FORBIDDEN',
      `'kafkaPrincipal' ${principal} is a wildcard: it would give every Kafka user access. Only an admin can request it, with a reason; name the service's own principal instead.`,
      { field: 'kafkaPrincipal', rule: 'wildcard-principal' },
    );
  }
  return shape;
}

/** The principal's shape, and for an admin's wildcard the reason that goes into the audit entry. */
export function checkKafkaPrincipal(principal: string, requester: { admin: boolean }, wildcardReason?: string | null): PrincipalCheck {
  if (checkPrincipalShape(principal, requester) === 'named') return { wildcard: false, wildcardReason: null };
  const reason = wildcardReason?.trim() ? wildcardReason.trim() : null;
  if (!reason || reason.length > MAX_REASON_LENGTH) {
    throw invalidInput(
      'wildcardReason',
      'reason-required',
      `'wildcardReason' is required (1 to ${MAX_REASON_LENGTH} characters) to request access for the wildcard principal ${principal}; it is audited.`,
    );
  }
  return { wildcard: true, wildcardReason: reason };
}

/**
 * The application name is the prefix of the consumer groups a READ grant allows (a PREFIXED
 * ACL): a one-letter or punctuation-edged prefix would cover other applications' groups too.
 */
export const APPLICATION_NAME = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;
export const APPLICATION_NAME_RULE =
  'must be 3-64 lowercase letters, digits, . _ or -, starting and ending with a letter or digit (it is the prefix of the consumer groups)';

export function checkApplicationName(name: string): void {
  if (typeof name !== 'string' || !APPLICATION_NAME.test(name)) {
    throw invalidInput('applicationName', 'application-name', `'applicationName' ${APPLICATION_NAME_RULE}.`);
  }
}
