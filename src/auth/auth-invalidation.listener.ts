import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DATABASE } from '../database/database.module';
import { feedFromChannel } from '../database/notified-cache';
import { NotificationListener } from '../database/notification-listener';
import { Database } from '../database/open-database';
import { AUTH_CHANNEL } from './auth-change';
import { PrincipalCache } from './principal-cache';

/** Feeds the principal cache with the changes every replica announces on the auth channel. */
@Injectable()
export class AuthInvalidationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuthInvalidationListener.name);
  private listener?: NotificationListener;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly cache: PrincipalCache,
  ) {}

  async onApplicationBootstrap() {
    this.listener = await feedFromChannel(this.database, AUTH_CHANNEL, this.cache, this.logger, {
      changes: 'credential changes',
      reads: 'credentials',
    });
  }

  async onApplicationShutdown() {
    await this.listener?.close();
  }
}
