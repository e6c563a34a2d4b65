import { Foundation1700000000001 } from './1700000000001-foundation';

/** Every migration, in order. Landed migrations are never edited; add a new one instead. */
export const MIGRATIONS = [Foundation1700000000001];
