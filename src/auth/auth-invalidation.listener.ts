import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DATABASE } from '../database/database.module';
import { LISTEN_PING_INTERVAL_MS, NotificationListener } from '../database/notification-listener';
import { Database } from '../database/open-database';
import { AUTH_CHANNEL } from './auth-change';
import { PrincipalCache } from './principal-cache';

/**
 * How long after the listening connection last proved alive the cache may still be used. A change
 * committed while the connection was silently gone is then served for at most this long (plus one
 * ping), which keeps every replica within a second of a revocation or a membership change.
 */
const TRUST_AFTER_PING_MS = 3 * LISTEN_PING_INTERVAL_MS;

/** Feeds the principal cache with the changes every replica announces on the auth channel. */
@Injectable()
export class AuthInvalidationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuthInvalidationListener.name);
  private listener?: NotificationListener;
  /** undefined until the first connection attempt ends either way. */
  private connected?: boolean;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly cache: PrincipalCache,
  ) {}

  async onApplicationBootstrap() {
    this.listener = await this.database.listen(AUTH_CHANNEL, {
      notify: (payload) => this.cache.apply(payload),
      caughtUp: (at) => {
        if (!this.connected) this.logger.log(`Listening for credential changes on '${AUTH_CHANNEL}'.`);
        this.connected = true;
        this.cache.trustUntil(at + TRUST_AFTER_PING_MS);
      },
      lost: (reason) => {
        // Said once per outage (and once if it never came up), not at every reconnection attempt.
        if (this.connected !== false) {
          this.logger.warn(`No '${AUTH_CHANNEL}' listener (${reason}); credentials are read from the database until it is back.`);
        }
        this.connected = false;
        this.cache.lost();
      },
    });
  }

  async onApplicationShutdown() {
    await this.listener?.close();
  }
}
