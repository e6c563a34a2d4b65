import { EntityManager } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';

/** API tokens, stored by the hash of their secret. */
export const apiTokenStore = {
  insert(em: EntityManager, token: Omit<ApiTokenEntity, 'id' | 'createdAt' | 'revokedAt' | 'revokedBy'>): Promise<ApiTokenEntity> {
    return em.save(em.create(ApiTokenEntity, token));
  },

  save(em: EntityManager, token: ApiTokenEntity): Promise<ApiTokenEntity> {
    return em.save(token);
  },

  /** The token, locked for the rest of the transaction: two revocations of it queue. */
  lockById(em: EntityManager, id: string): Promise<ApiTokenEntity | null> {
    return em.findOne(ApiTokenEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  },

  /** The token with this hash, whether live, revoked or expired. */
  byHash(em: EntityManager, tokenHash: string): Promise<ApiTokenEntity | null> {
    return em.findOne(ApiTokenEntity, { where: { tokenHash } });
  },

  /** Every token, or only `username`'s, oldest first. */
  list(em: EntityManager, username?: string): Promise<ApiTokenEntity[]> {
    if (username === undefined) return em.find(ApiTokenEntity, { order: { createdAt: 'ASC' } });
    return em.find(ApiTokenEntity, { where: { username }, order: { createdAt: 'ASC' } });
  },

  count(em: EntityManager): Promise<number> {
    return em.count(ApiTokenEntity);
  },
};
