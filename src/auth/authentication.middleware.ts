import { Injectable } from '@nestjs/common';
import { databaseUnavailable, isDatabaseUnreachable } from '../continuity/database-failure';
import { DomainError } from '../kernel/domain-error';
import { Authenticator } from './authenticator';
import { RecentPrincipals } from './recent-principals';
import { AuthenticatedRequest } from './request-principal';

/** Only these may run on a credential vouched for by memory while the database is away. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Resolves the principal of every request once, before any controller or resolver runs (as a
 * Fastify `preHandler` hook, so after the body is read and never for a request refused before).
 * Invalid credentials are recorded, not thrown: the error is raised when the principal is asked for.
 * When the database cannot be reached, a credential verified within the last minutes still
 * stands for reads; anything else is told the service is unavailable, not that it is unknown.
 */
@Injectable()
export class AuthenticationMiddleware {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly recent: RecentPrincipals,
  ) {}

  async use(req: AuthenticatedRequest): Promise<void> {
    const authorization = req.headers.authorization;
    try {
      req.principal = await this.authenticator.authenticate(authorization);
      if (authorization && req.principal.authenticated) this.recent.remember(authorization, req.principal);
    } catch (err) {
      if (isDatabaseUnreachable(err)) {
        const recalled = authorization && READ_METHODS.has(req.method) ? this.recent.recall(authorization) : undefined;
        if (recalled) req.principal = recalled;
        else req.authError = databaseUnavailable();
        return;
      }
      if (!(err instanceof DomainError)) throw err;
      if (authorization) this.recent.forget(authorization);
      req.authError = err;
    }
  }
}
