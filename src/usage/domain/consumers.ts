import { ClientIdentity } from './client-identity';

/** Reads of one topic, aggregated per reader, client, subject and version. */
export interface ConsumerRead {
  principal: string;
  authenticated: boolean;
  subject: string;
  schemaId: number;
  /** The version holding the schema in that subject (null when no version holds it any more). */
  version: number | null;
  userAgent: string;
  clientId: string;
  reads: number;
  firstReadAt: Date;
  lastReadAt: Date;
  hasGrant: boolean;
  ownerMember: boolean;
}

export interface FetchedVersion {
  subject: string;
  version: number | null;
  schemaId: number;
  reads: number;
  lastReadAt: Date;
}

/** One principal reading a topic. */
export interface Consumer {
  principal: string;
  authenticated: boolean;
  versions: FetchedVersion[];
  clients: ClientIdentity[];
  reads: number;
  firstReadAt: Date;
  lastReadAt: Date;
  hasGrant: boolean;
  ownerMember: boolean;
}

export interface TopicReaders {
  topic: string;
  classification: string;
  ownerTeam: string;
  reads: ConsumerRead[];
}

/** Reads folded per principal: the versions fetched, the clients used, first and last seen. */
export function consumersOf(reads: readonly ConsumerRead[]): Consumer[] {
  const byPrincipal = new Map<string, Consumer>();
  for (const r of reads) {
    let c = byPrincipal.get(r.principal);
    if (!c) {
      c = { ...r, versions: [], clients: [], reads: 0, hasGrant: false, ownerMember: false };
      byPrincipal.set(r.principal, c);
    }
    c.reads += r.reads;
    c.hasGrant ||= r.hasGrant;
    c.ownerMember ||= r.ownerMember;
    if (r.firstReadAt < c.firstReadAt) c.firstReadAt = r.firstReadAt;
    if (r.lastReadAt > c.lastReadAt) c.lastReadAt = r.lastReadAt;
    if (!c.clients.some((k) => k.userAgent === r.userAgent && k.clientId === r.clientId)) {
      c.clients.push({ userAgent: r.userAgent, clientId: r.clientId });
    }
    const v = c.versions.find((k) => k.subject === r.subject && k.version === r.version && k.schemaId === r.schemaId);
    if (v) {
      v.reads += r.reads;
      if (r.lastReadAt > v.lastReadAt) v.lastReadAt = r.lastReadAt;
    } else {
      c.versions.push({ subject: r.subject, version: r.version, schemaId: r.schemaId, reads: r.reads, lastReadAt: r.lastReadAt });
    }
  }
  for (const c of byPrincipal.values()) {
    c.versions.sort((a, b) => (a.subject === b.subject ? (a.version ?? 0) - (b.version ?? 0) : a.subject < b.subject ? 1 : -1));
  }
  return [...byPrincipal.values()].sort((a, b) => (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0));
}

export interface VersionReader {
  principal: string;
  authenticated: boolean;
  clients: ClientIdentity[];
  reads: number;
  lastReadAt: Date;
}

/** One version of a topic's subject and who fetched it in the window. */
export interface VersionReaders {
  subject: string;
  version: number;
  schemaId: number;
  deleted: boolean;
  readers: VersionReader[];
}

export interface ReadinessRow {
  subject: string;
  version: number;
  schemaId: number;
  deleted: boolean;
  principal?: string | null;
  authenticated?: boolean | null;
  userAgent?: string | null;
  clientId?: string | null;
  reads?: number;
  lastReadAt?: Date;
}

/** Rows (a version, or a version with one reader and client) folded per version, then per reader. */
export function versionReadiness(rows: readonly ReadinessRow[]): VersionReaders[] {
  const versions: VersionReaders[] = [];
  for (const r of rows) {
    let v = versions.find((k) => k.subject === r.subject && k.version === r.version);
    if (!v) {
      v = { subject: r.subject, version: r.version, schemaId: r.schemaId, deleted: r.deleted, readers: [] };
      versions.push(v);
    }
    if (!r.principal || !r.lastReadAt) continue;
    let reader = v.readers.find((k) => k.principal === r.principal);
    if (!reader) {
      reader = { principal: r.principal, authenticated: !!r.authenticated, clients: [], reads: 0, lastReadAt: r.lastReadAt };
      v.readers.push(reader);
    }
    reader.reads += r.reads ?? 0;
    if (r.lastReadAt > reader.lastReadAt) reader.lastReadAt = r.lastReadAt;
    reader.clients.push({ userAgent: r.userAgent ?? '', clientId: r.clientId ?? '' });
  }
  return versions;
}

/** Readers of any of the versions, once each: what blocks a retirement or a delete. */
export function readersOf(versions: readonly VersionReaders[]): VersionReader[] {
  const all = new Map<string, VersionReader>();
  for (const v of versions) {
    for (const r of v.readers) {
      const known = all.get(r.principal);
      if (!known) all.set(r.principal, { ...r, clients: [...r.clients] });
      else {
        known.reads += r.reads;
        if (r.lastReadAt > known.lastReadAt) known.lastReadAt = r.lastReadAt;
        for (const c of r.clients) {
          if (!known.clients.some((k) => k.userAgent === c.userAgent && k.clientId === c.clientId)) known.clients.push(c);
        }
      }
    }
  }
  return [...all.values()];
}

/** `alice (kafkajs/2.0; orders-app), bob` — for error messages. */
export function describeReaders(readers: readonly VersionReader[], max = 10): string {
  const named = readers.slice(0, max).map((r) => {
    const clients = r.clients.map((c) => [c.userAgent, c.clientId].filter(Boolean).join('; ')).filter(Boolean);
    return clients.length ? `${r.principal} (${clients.join(', ')})` : r.principal;
  });
  return readers.length > max ? `${named.join(', ')} and ${readers.length - max} more` : named.join(', ');
}
