import { AuditEntryEntity } from './audit-entry.entity';

/** The audit context's tables, for whoever opens the database. */
export const AUDIT_ENTITIES = [AuditEntryEntity];
