import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessRequestEntity } from '../access/persistence/access-request.entity';
import { Principal } from '../auth/domain/principal';
import { Clock } from '../kernel/clock';
import { forbidden, notFound } from '../kernel/domain-error';
import { ConsumerRead, TopicReaders, VersionReaders, versionReadiness } from './domain/consumers';
import { grantCoversSql, OWNER_MEMBER_SQL, SHADOW_CLASSIFICATIONS, SUBJECT_OF_TOPIC_SQL, TOPIC_OF_SUBJECT_SQL } from './usage-sql';

const DAY_MS = 86_400_000;

export interface ShadowConsumerRow {
  topic: string;
  classification: string;
  ownerTeam: string;
  principal: string;
  authenticated: boolean;
  reads: number;
  firstReadAt: Date;
  lastReadAt: Date;
  clients: Array<{ userAgent: string; clientId: string }>;
  raisedAt: Date | null;
}

const seesEverything = (p: Principal) => p.roles.includes('admin') || p.roles.includes('steward');
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

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
    const rows: Array<ConsumerRead & { topicId: string }> = await this.dataSource.query(
      `SELECT t.id AS "topicId", u.principal, u.authenticated, u.subject, u.schema_id AS "schemaId", v.version,
              u.user_agent AS "userAgent", u.client_id AS "clientId", sum(u.reads)::float8 AS reads,
              min(u.first_read_at) AS "firstReadAt", max(u.last_read_at) AS "lastReadAt",
              bool_or(${grantCoversSql('$3')}) AS "hasGrant", bool_or(${OWNER_MEMBER_SQL}) AS "ownerMember"
         FROM topic t
         JOIN schema_usage u ON ${SUBJECT_OF_TOPIC_SQL}
         LEFT JOIN registry_subject_version v ON v.subject = u.subject AND v.schema_id = u.schema_id
        WHERE t.id = ANY($1::uuid[]) AND u.day >= $2::date AND u.last_read_at >= $4
        GROUP BY t.id, u.principal, u.authenticated, u.subject, u.schema_id, v.version, u.user_agent, u.client_id
        ORDER BY u.principal, u.subject, v.version`,
      [[...topicIds], dayOf(since), this.clock.now(), since],
    );
    return topicIds.map((id) => rows.filter((r) => r.topicId === id).map(normalised));
  }

  /** Every version of the topic's subjects, with who fetched it since `since` (none for an unread version). */
  async readiness(topicName: string, since: Date): Promise<VersionReaders[]> {
    return this.readinessOfSubjects([`${topicName}-value`, `${topicName}-key`], since);
  }

  /** Inside a transaction, pass its manager: the embedded database has one session. */
  async readinessOfSubjects(subjects: string[], since: Date, version?: number, em?: EntityManager): Promise<VersionReaders[]> {
    const rows: Array<{ subject: string; version: number; schemaId: number; deleted: boolean } & Partial<ConsumerRead>> = await (
      em ?? this.dataSource.manager
    ).query(
      `SELECT v.subject, v.version, v.schema_id AS "schemaId", v.deleted, u.principal, u.authenticated,
                u.user_agent AS "userAgent", u.client_id AS "clientId", sum(u.reads)::float8 AS reads,
                min(u.first_read_at) AS "firstReadAt", max(u.last_read_at) AS "lastReadAt"
           FROM registry_subject_version v
           LEFT JOIN schema_usage u ON u.subject = v.subject AND u.schema_id = v.schema_id AND u.day >= $2::date AND u.last_read_at >= $3
          WHERE v.subject = ANY($1::text[]) AND ($4::int IS NULL OR v.version = $4::int)
          GROUP BY v.subject, v.version, v.schema_id, v.deleted, u.principal, u.authenticated, u.user_agent, u.client_id
          ORDER BY v.subject DESC, v.version, u.principal`,
      [subjects, dayOf(since), since, version ?? null],
    );
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
    const params: unknown[] = [dayOf(since), since, this.clock.now(), SHADOW_CLASSIFICATIONS, topic ?? null];
    let visible = '';
    if (!seesEverything(caller)) {
      params.push([...caller.teams]);
      visible = `AND o.slug = ANY($${params.length}::text[])`;
    }
    const rows: Array<ShadowConsumerRow & { userAgents: string[]; clientIds: string[] }> = await this.dataSource.query(
      `SELECT t.name AS topic, t.classification, o.slug AS "ownerTeam", u.principal, bool_or(u.authenticated) AS authenticated,
              sum(u.reads)::float8 AS reads, min(u.first_read_at) AS "firstReadAt", max(u.last_read_at) AS "lastReadAt",
              array_agg(u.user_agent ORDER BY u.user_agent, u.client_id) AS "userAgents",
              array_agg(u.client_id ORDER BY u.user_agent, u.client_id) AS "clientIds",
              min(f.raised_at) AS "raisedAt"
         FROM schema_usage u
         JOIN topic t ON t.name = ${TOPIC_OF_SUBJECT_SQL}
         JOIN team o ON o.id = t.owner_team_id
         LEFT JOIN usage_shadow_finding f ON f.topic_id = t.id AND f.principal = u.principal
        WHERE u.day >= $1::date AND u.last_read_at >= $2 AND t.classification = ANY($4::text[])
          AND ($5::text IS NULL OR t.name = $5::text)
          AND NOT ${grantCoversSql('$3')} AND NOT ${OWNER_MEMBER_SQL} ${visible}
        GROUP BY t.name, t.classification, o.slug, u.principal
        ORDER BY t.name, u.principal`,
      params,
    );
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
    const params: unknown[] = [dayOf(since), this.clock.now()];
    let visible = '';
    if (!seesEverything(caller)) {
      params.push([...caller.teams]);
      visible = `AND (rt.slug = ANY($3::text[]) OR t.owner_team_id IN (SELECT id FROM team WHERE slug = ANY($3::text[])))`;
    }
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT r.id FROM access_request r
         JOIN topic t ON t.id = r.topic_id
         JOIN team rt ON rt.id = r.requesting_team_id
        WHERE r.state = 'APPROVED' AND r.grant_end > $2 ${visible}
          AND NOT EXISTS (
            SELECT 1 FROM schema_usage u
             WHERE ${SUBJECT_OF_TOPIC_SQL} AND u.day >= $1::date AND u.authenticated
               AND (rt.slug = ANY(u.principal_teams) OR r.kafka_principal = 'User:' || u.principal))
        ORDER BY r.grant_start, r.id`,
      params,
    );
    if (rows.length === 0) return [];
    const entities = await this.dataSource.getRepository(AccessRequestEntity).findBy({ id: In(rows.map((r) => r.id)) });
    const order = new Map(rows.map((r, i) => [r.id, i]));
    return entities.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /** For records of processing: who of each grant's holders actually read, and when last. */
  async readsOfGrants(requestIds: readonly string[]): Promise<Array<{ readers: string[]; reads: number; lastReadAt: Date | null }>> {
    const rows: Array<{ id: string; principal: string; reads: number; lastReadAt: Date }> = await this.dataSource.query(
      `SELECT r.id, u.principal, sum(u.reads)::float8 AS reads, max(u.last_read_at) AS "lastReadAt"
         FROM access_request r
         JOIN topic t ON t.id = r.topic_id
         JOIN team rt ON rt.id = r.requesting_team_id
         JOIN schema_usage u ON ${SUBJECT_OF_TOPIC_SQL} AND u.authenticated
              AND (rt.slug = ANY(u.principal_teams) OR r.kafka_principal = 'User:' || u.principal)
              AND u.last_read_at >= COALESCE(r.grant_start, r.created_at)
        WHERE r.id = ANY($1::uuid[])
        GROUP BY r.id, u.principal ORDER BY u.principal`,
      [[...requestIds]],
    );
    return requestIds.map((id) => {
      const mine = rows.filter((r) => r.id === id);
      const last = mine.reduce<Date | null>((m, r) => (!m || new Date(r.lastReadAt) > m ? new Date(r.lastReadAt) : m), null);
      return { readers: mine.map((r) => r.principal), reads: mine.reduce((n, r) => n + Number(r.reads), 0), lastReadAt: last };
    });
  }

  /** A topic's id, name and owner slug, for checks. */
  async topicByName(name: string): Promise<{ id: string; name: string; classification: string; ownerSlug: string }> {
    const rows: Array<{ id: string; name: string; classification: string; ownerSlug: string }> = await this.dataSource.query(
      `SELECT t.id, t.name, t.classification, o.slug AS "ownerSlug" FROM topic t JOIN team o ON o.id = t.owner_team_id WHERE t.name = $1`,
      [name],
    );
    if (rows.length === 0) throw notFound('Topic', name);
    return rows[0];
  }

  /** Every topic's consumers (or one topic's), for the auditors' CSV. */
  async consumersForExport(caller: Principal, since: Date, topic?: string): Promise<TopicReaders[]> {
    const params: unknown[] = [topic ?? null];
    let visible = '';
    if (!seesEverything(caller)) {
      params.push([...caller.teams]);
      visible = `AND o.slug = ANY($2::text[])`;
    }
    const topics: Array<{ id: string; name: string; classification: string; ownerTeam: string }> = await this.dataSource.query(
      `SELECT t.id, t.name, t.classification, o.slug AS "ownerTeam" FROM topic t JOIN team o ON o.id = t.owner_team_id
        WHERE ($1::text IS NULL OR t.name = $1::text) ${visible} ORDER BY t.name`,
      params,
    );
    if (topic && topics.length === 0) throw notFound('Topic', topic);
    const reads = topics.length
      ? await this.readsOfTopics(
          topics.map((t) => t.id),
          since,
        )
      : [];
    return topics.map((t, i) => ({ topic: t.name, classification: t.classification, ownerTeam: t.ownerTeam, reads: reads[i] }));
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
