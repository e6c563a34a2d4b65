import { EntityManager, In } from 'typeorm';
import { ClusterEntity } from './cluster.entity';

/** The catalogued Kafka clusters. */
export const clusterStore = {
  /** Inserts a cluster; the unique name index refuses a second cluster with the same name. */
  insert(em: EntityManager, cluster: Omit<ClusterEntity, 'id' | 'createdAt' | 'version'>): Promise<ClusterEntity> {
    return em.save(em.create(ClusterEntity, cluster));
  },

  /** Writes a changed cluster; TypeORM raises its version column by one. */
  save(em: EntityManager, cluster: ClusterEntity): Promise<ClusterEntity> {
    return em.save(cluster);
  },

  byName(em: EntityManager, name: string): Promise<ClusterEntity | null> {
    return em.findOneBy(ClusterEntity, { name });
  },

  /** The cluster, locked for the rest of the transaction: concurrent corrections queue. */
  lockByName(em: EntityManager, name: string): Promise<ClusterEntity | null> {
    return em.findOne(ClusterEntity, { where: { name }, lock: { mode: 'pessimistic_write' } });
  },

  /** The cluster topics that name none land on. */
  defaultCluster(em: EntityManager): Promise<ClusterEntity | null> {
    return em.findOneBy(ClusterEntity, { isDefault: true });
  },

  /** The clusters of `ids` that exist, in no particular order. */
  byIds(em: EntityManager, ids: readonly string[]): Promise<ClusterEntity[]> {
    return em.findBy(ClusterEntity, { id: In([...ids]) });
  },

  list(em: EntityManager): Promise<ClusterEntity[]> {
    return em.find(ClusterEntity, { order: { name: 'ASC' } });
  },

  /** The cluster a row refers to by its foreign key, which guarantees it exists (throws otherwise). */
  byId(em: EntityManager, id: string): Promise<ClusterEntity> {
    return em.findOneByOrFail(ClusterEntity, { id });
  },
};
