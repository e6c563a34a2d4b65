import { EntityManager, In } from 'typeorm';
import { CatalogueEntityEntity } from './catalogue-entity.entity';

/** System-of-record entities. Their names are compared without case, as the unique index does. */
export const catalogueEntityStore = {
  /** Inserts an entity; the unique index on its lower-cased name refuses a second one. */
  insert(em: EntityManager, entity: Omit<CatalogueEntityEntity, 'id' | 'createdAt' | 'version'>): Promise<CatalogueEntityEntity> {
    return em.save(em.create(CatalogueEntityEntity, entity));
  },

  /** Writes a changed entity; TypeORM raises its version column by one. */
  save(em: EntityManager, entity: CatalogueEntityEntity): Promise<CatalogueEntityEntity> {
    return em.save(entity);
  },

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.delete(CatalogueEntityEntity, { id });
  },

  byName(em: EntityManager, name: string): Promise<CatalogueEntityEntity | null> {
    return named(em, name).getOne();
  },

  /** The entity, locked for the rest of the transaction: concurrent edits and deletes queue. */
  lockByName(em: EntityManager, name: string): Promise<CatalogueEntityEntity | null> {
    return named(em, name).setLock('pessimistic_write').getOne();
  },

  list(em: EntityManager): Promise<CatalogueEntityEntity[]> {
    return em.find(CatalogueEntityEntity, { order: { name: 'ASC' } });
  },

  /** The entities of many teams in one statement, by name. */
  ofOwnerTeams(em: EntityManager, teamIds: readonly string[]): Promise<CatalogueEntityEntity[]> {
    return em.find(CatalogueEntityEntity, { where: { ownerTeamId: In([...teamIds]) }, order: { name: 'ASC' } });
  },
};

function named(em: EntityManager, name: string) {
  return em.createQueryBuilder(CatalogueEntityEntity, 'e').where('lower(e.name) = lower(:name)', { name });
}
