import { ApiTokenEntity } from './api-token.entity';

/** The authentication context's tables, for whoever opens the database. */
export const AUTH_ENTITIES = [ApiTokenEntity];
