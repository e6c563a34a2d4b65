import { Injectable } from '@nestjs/common';
import { DomainError } from '../kernel/domain-error';
import { Authenticator } from './authenticator';
import { AuthenticatedRequest } from './request-principal';

/**
 * Resolves the principal of every request once, before any controller or resolver runs (as a
 * Fastify `preHandler` hook, so after the body is read and never for a request refused before).
 * Invalid credentials are recorded, not thrown: the error is raised when the principal is asked for.
 */
@Injectable()
export class AuthenticationMiddleware {
  constructor(private readonly authenticator: Authenticator) {}

  async use(req: AuthenticatedRequest): Promise<void> {
    try {
      req.principal = await this.authenticator.authenticate(req.headers.authorization);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      req.authError = err;
    }
  }
}
