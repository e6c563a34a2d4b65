import type { FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/domain-error';
import { ANONYMOUS, Principal } from './domain/principal';

/** What the authentication hook leaves on every request. */
export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
  authError?: DomainError;
}

/**
 * The request's principal. Invalid credentials are not silently downgraded to anonymous: the
 * error the middleware recorded is raised as soon as anything asks who the caller is.
 */
export function principalOf(req: AuthenticatedRequest): Principal {
  if (req.authError) throw req.authError;
  return req.principal ?? ANONYMOUS;
}

/** The principal, which must be authenticated: every write, and every GraphQL operation. */
export function requireAuthenticated(req: AuthenticatedRequest): Principal {
  const principal = principalOf(req);
  if (!principal.authenticated) {
    throw new DomainError('UNAUTHENTICATED', 'Authentication required: send an API token as a Bearer token or as the Basic password.');
  }
  return principal;
}
