import { Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest, principalOf, requireAuthenticated } from '../auth/request-principal';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * Who may use the registry: every write needs an authenticated principal; reads are open to
 * anonymous callers when the operator allows it (consumers often decode without credentials).
 */
@Injectable()
export class RegistryAccess {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  reader(req: AuthenticatedRequest): Principal {
    return this.config.anonymousRegistryReads ? principalOf(req) : requireAuthenticated(req);
  }

  writer(req: AuthenticatedRequest): Principal {
    return requireAuthenticated(req);
  }
}
