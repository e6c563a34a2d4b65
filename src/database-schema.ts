import { MIGRATIONS } from '../migrations';
import { ACCESS_ENTITIES } from './access/persistence/access-entities';
import { AUDIT_ENTITIES } from './audit/audit-entities';
import { AUTH_ENTITIES } from './auth/auth-entities';
import { CATALOGUE_ENTITIES } from './catalogue/catalogue-entities';
import { CONTRACT_ENTITIES } from './contracts/contract-entities';
import { DatabaseSchema } from './database/open-database';
import { MIRROR_ENTITIES } from './federation/mirrors/persistence/mirror-request.entity';

/**
 * Charter's tables: every context's entities and the migrations that create them (tables are
 * never synchronised). Composed here, above the contexts, so that database/ serves them without
 * depending on any; the app and the operator commands open the database with this one list.
 */
export const CHARTER_SCHEMA: DatabaseSchema = {
  entities: [...AUDIT_ENTITIES, ...AUTH_ENTITIES, ...CATALOGUE_ENTITIES, ...CONTRACT_ENTITIES, ...ACCESS_ENTITIES, ...MIRROR_ENTITIES],
  migrations: MIGRATIONS,
};
