import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRequestEntity } from '../access/persistence/access-request.entity';
import { Principal } from '../auth/domain/principal';
import { topicStore } from '../catalogue/topics/topic.store';
import { Clock } from '../kernel/clock';
import { forbidden, notFound } from '../kernel/domain-error';
import { ConsumerRead, TopicReaders, VersionReaders, versionReadiness } from './domain/consumers';
import { ShadowReaderRow, usageStore } from './usage.store';

const DAY_MS = 86_400_000;

/** A shadow reader as GraphQL shows it: its clients as pairs rather than two parallel arrays. */
export type ShadowConsumerRow = Omit<ShadowReaderRow, 'userAgents' | 'clientIds'> & {
  clients: Array<{ userAgent: string; clientId: string }>;
};

const seesEverything = (p: Principal) => p.roles.includes('admin') || p.roles.includes('steward');

/** Who reads what, from the counted registry reads: consumers, readiness, shadow consumers. */
@Injectable()
export class UsageQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  since(days: number | null | undefined): Date {
    return days ? new Date(this.clock.now().getTime() - days * DAY_MS) : new Date(0);
  }

  /** Owners' members, stewards and admins see who reads a topic. */
  assertMaySee(caller: Principal, topic: string, ownerSlug: string): void {
    if (seesEverything(caller) || caller.teams.includes(ownerSlug)) return;
    throw forbidden(`Only admins, stewards and members of team '${ownerSlug}' can see who reads topic '${topic}'.`);
  }

  /** The reads of each topic's subjects since `since`, per reader, client, subject and version, in one statement. */
  async readsOfTopics(topicIds: readonly string[], since: Date): Promise<ConsumerRead[][]> {
    const rows = await usageStore.readsOfTopics(this.dataSource.manager, topicIds, since, this.clock.now());
    return topicIds.map((id) => rows.filter((r) => r.topicId === id).map(normalised));
  }

  /** Every version of the topic's subjects, with who fetched it since `since` (none for an unread version). */
  async readiness(topicName: string, since: Date): Promise<VersionReaders[]> {
    return this.readinessOfSubjects([`${topicName}-value`, `${topicName}-key`], since);
  }

  /** Inside a transaction, pass its manager: the embedded database has one session. */
  async readinessOfSubjects(subjects: string[], since: Date, version?: number, em?: EntityManager): Promise<VersionReaders[]> {
    const rows = await usageStore.versionReads(em ?? this.dataSource.manager, subjects, since, version);
    return versionReadiness(
      rows.map((r) => ({
        ...r,
        reads: r.reads === null || r.reads === undefined ? undefined : Number(r.reads),
        lastReadAt: r.lastReadAt ? new Date(r.lastReadAt) : undefined,
        firstReadAt: r.firstReadAt ? new Date(r.firstReadAt) : undefined,
      })),
    );
  }

  /** Principals reading schemas of CONFIDENTIAL or RESTRICTED topics without a grant (or ownership), since `since`. */
  async shadowConsumers(caller: Principal, since: Date, topic?: string): Promise<ShadowConsumerRow[]> {
    const ownerTeams = seesEverything(caller) ? null : caller.teams;
    const rows = await usageStore.shadowReaders(this.dataSource.manager, since, this.clock.now(), topic, ownerTeams);
    return rows.map((r) => ({
      topic: r.topic,
      classification: r.classification,
      ownerTeam: r.ownerTeam,
      principal: r.principal,
      authenticated: r.authenticated,
      reads: Number(r.reads),
      firstReadAt: new Date(r.firstReadAt),
      lastReadAt: new Date(r.lastReadAt),
      clients: distinctClients(r.userAgents, r.clientIds),
      raisedAt: r.raisedAt ? new Date(r.raisedAt) : null,
    }));
  }

  /** Active grants with no read by a principal they cover since `since`; others than stewards and admins see their teams' (held or owned). */
  async unusedGrants(caller: Principal, since: Date): Promise<AccessRequestEntity[]> {
    const teams = seesEverything(caller) ? null : caller.teams;
    return usageStore.unusedGrants(this.dataSource.manager, since, this.clock.now(), teams);
  }

  /** For records of processing: who of each grant's holders actually read, and when last. */
  async readsOfGrants(requestIds: readonly string[]): Promise<Array<{ readers: string[]; reads: number; lastReadAt: Date | null }>> {
    const rows = await usageStore.readsOfGrants(this.dataSource.manager, requestIds);
    return requestIds.map((id) => {
      const mine = rows.filter((r) => r.id === id);
      const last = mine.reduce<Date | null>((m, r) => (!m || new Date(r.lastReadAt) > m ? new Date(r.lastReadAt) : m), null);
      return { readers: mine.map((r) => r.principal), reads: mine.reduce((n, r) => n + Number(r.reads), 0), lastReadAt: last };
    });
  }

  /** A topic's id, name and owner slug, for checks. */
  async topicByName(name: string): Promise<{ id: string; name: string; classification: string; ownerSlug: string }> {
    const row = await topicStore.withOwnerByName(this.dataSource.manager, name);
    if (!row) throw notFound('Topic', name);
    return { id: row.id, name: row.name, classification: row.classification, ownerSlug: row.ownerSlug };
  }

  /** Every topic's consumers (or one topic's), for the auditors' CSV. */
  async consumersForExport(caller: Principal, since: Date, topic?: string): Promise<TopicReaders[]> {
    const ownerTeams = seesEverything(caller) ? null : caller.teams;
    const topics = await topicStore.withOwners(this.dataSource.manager, topic, ownerTeams);
    if (topic && topics.length === 0) throw notFound('Topic', topic);
    const reads = topics.length
      ? await this.readsOfTopics(
          topics.map((t) => t.id),
          since,
        )
      : [];
    return topics.map((t, i) => ({ topic: t.name, classification: t.classification, ownerTeam: t.ownerSlug, reads: reads[i] }));
  }
}

function normalised(r: ConsumerRead): ConsumerRead {
  return {
    principal: r.principal,
    authenticated: r.authenticated,
    subject: r.subject,
    schemaId: r.schemaId,
    version: r.version ?? null,
    userAgent: r.userAgent,
    clientId: r.clientId,
    reads: Number(r.reads),
    firstReadAt: new Date(r.firstReadAt),
    lastReadAt: new Date(r.lastReadAt),
    hasGrant: r.hasGrant,
    ownerMember: r.ownerMember,
  };
}

function distinctClients(userAgents: string[], clientIds: string[]): Array<{ userAgent: string; clientId: string }> {
  const seen = new Map<string, { userAgent: string; clientId: string }>();
  userAgents.forEach((ua, i) => seen.set(`${ua}\u0000${clientIds[i]}`, { userAgent: ua, clientId: clientIds[i] }));
  return [...seen.values()];
}
