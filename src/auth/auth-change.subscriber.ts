import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { pendingAuthChanges } from './auth-change';
import { PrincipalCache } from './principal-cache';

/**
 * Applies the auth changes a transaction announced to this replica's cache as soon as it commits,
 * so that the caller who revoked a token or removed a member is never answered from stale entries
 * by the very replica that did it. Other replicas hear of it through the notification.
 */
@Injectable()
export class AuthChangeSubscriber implements EntitySubscriberInterface {
  constructor(
    dataSource: DataSource,
    private readonly cache: PrincipalCache,
  ) {
    dataSource.subscribers.push(this);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent) {
    // A released savepoint is not a commit: the outer transaction may still roll back.
    if (queryRunner.isTransactionActive) return;
    for (const change of pendingAuthChanges(queryRunner.data).splice(0)) this.cache.apply(change);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent) {
    if (!queryRunner.isTransactionActive) pendingAuthChanges(queryRunner.data).splice(0);
  }
}
