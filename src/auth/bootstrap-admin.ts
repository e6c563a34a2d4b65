import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withAdvisoryLock } from '../database/advisory-lock';
import { DATABASE } from '../database/database.module';
import { Database } from '../database/open-database';
import { ApiTokenService } from './api-token.service';
import { SYSTEM } from './domain/principal';

const BOOTSTRAP_LOCK_KEY = 7_316_003;

/**
 * On first start with an empty token table, creates the initial admin token: the value of
 * CHARTER_BOOTSTRAP_TOKEN when set, otherwise a random one written to `<data dir>/admin-token`
 * (mode 0600). The log says where the token is, never what it is.
 */
@Injectable()
export class BootstrapAdmin {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: Database,
    private readonly tokens: ApiTokenService,
  ) {}

  async ensureAdminToken(): Promise<void> {
    // Replicas starting together on an empty database must create one token, not one each.
    await withAdvisoryLock(this.database, BOOTSTRAP_LOCK_KEY, async () => {
      if ((await this.tokens.count()) > 0) return;
      const { secret } = await this.tokens.create(SYSTEM, {
        username: 'admin',
        roles: ['admin'],
        description: 'initial admin token created at first start',
        secret: this.config.bootstrapToken,
        bootstrap: true,
      });
      if (this.config.bootstrapToken) {
        this.logger.log(`Created the initial admin token from CHARTER_BOOTSTRAP_TOKEN.`);
      } else {
        this.writeTokenFile(secret);
        this.logger.log(`Created the initial admin token; it is in ${this.tokenFile()} (mode 0600).`);
      }
    });
  }

  private tokenFile(): string {
    return resolve(this.config.dataDir, 'admin-token');
  }

  private writeTokenFile(secret: string) {
    mkdirSync(resolve(this.config.dataDir), { recursive: true });
    writeFileSync(this.tokenFile(), `${secret}\n`, { mode: 0o600 });
    chmodSync(this.tokenFile(), 0o600);
  }
}
