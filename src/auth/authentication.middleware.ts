import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { DomainError } from '../kernel/domain-error';
import { Authenticator } from './authenticator';
import { AuthenticatedRequest } from './request-principal';

/** Resolves the principal of every request once, before any controller or resolver runs. */
@Injectable()
export class AuthenticationMiddleware implements NestMiddleware {
  constructor(private readonly authenticator: Authenticator) {}

  async use(req: AuthenticatedRequest, _res: Response, next: NextFunction) {
    try {
      req.principal = await this.authenticator.authenticate(req.headers.authorization);
    } catch (err) {
      if (!(err instanceof DomainError)) return next(err);
      req.authError = err;
    }
    next();
  }
}
