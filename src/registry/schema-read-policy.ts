import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Principal } from '../auth/domain/principal';

/**
 * Who may read the schemas of which subjects, when the operator makes reads depend on rights
 * (`CHARTER_SCHEMA_READS_REQUIRE_GRANT`). The access workflow plugs its rule in here (membership of
 * the owning team or a READ grant for RESTRICTED topics), so the registry depends on neither the
 * catalogue's policies nor the grants.
 */
export abstract class SchemaReadPolicy {
  /** The subset of `subjects` whose schemas `actor` may read, in one round trip. */
  abstract readable(actor: Principal, subjects: readonly string[]): Promise<Set<string>>;
}

/** Schemas are not secret: everything is readable. */
@Injectable()
export class OpenReadPolicy extends SchemaReadPolicy {
  async readable(_actor: Principal, subjects: readonly string[]): Promise<Set<string>> {
    return new Set(subjects);
  }
}

/** How long a "readable by anyone" verdict is believed: a topic raised to RESTRICTED is enforced on the fast path within this. */
export const OPEN_ID_TTL_MS = 5_000;

/**
 * Schema ids recently found readable by an anonymous caller, so that the schema-by-id fast path
 * (which answers before authentication and the database) may serve them while enforcement is on.
 * Everything else goes through the framework route and its full check.
 */
@Injectable()
export class OpenSchemaIds {
  private readonly open = new LRUCache<number, true>({ max: 10_000, ttl: OPEN_ID_TTL_MS });

  isOpen(id: number): boolean {
    return this.open.get(id) === true;
  }

  remember(id: number): void {
    this.open.set(id, true);
  }
}
