import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { DATABASE } from '../database/database.module';
import { feedFromChannel } from '../database/notified-cache';
import { NotificationListener } from '../database/notification-listener';
import { Database } from '../database/open-database';
import { REGISTRY_CHANNEL, registryChangePending } from './registry-change';
import { SubjectVersionCache } from './subject-version-cache';

/**
 * Keeps the subject-version cache fresh: from the notifications of every writer, and from this
 * replica's own transactions the moment they commit (`noteRegistryChange`).
 */
@Injectable()
export class RegistryChangeFeed implements EntitySubscriberInterface, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistryChangeFeed.name);
  private listener?: NotificationListener;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    dataSource: DataSource,
    private readonly cache: SubjectVersionCache,
  ) {
    dataSource.subscribers.push(this);
  }

  async onApplicationBootstrap() {
    this.listener = await feedFromChannel(this.database, REGISTRY_CHANNEL, this.cache, this.logger, {
      changes: 'subject version changes',
      reads: 'subject versions',
    });
    this.cache.fedBy(this.listener);
  }

  async onApplicationShutdown() {
    await this.listener?.close();
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent) {
    // A released savepoint is not a commit: the outer transaction may still roll back.
    if (queryRunner.isTransactionActive || !registryChangePending(queryRunner.data)) return;
    registryChangePending(queryRunner.data, false);
    this.cache.apply();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent) {
    if (!queryRunner.isTransactionActive) registryChangePending(queryRunner.data, false);
  }
}
