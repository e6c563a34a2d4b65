import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { teamStore } from '../catalogue/teams/team.store';
import { topicStore } from '../catalogue/topics/topic.store';
import { Clock } from '../kernel/clock';
import { forbidden, notFound } from '../kernel/domain-error';
import { seesEverything } from './access-visibility';
import { AccessActor, AccessOperation } from './domain/access-vocabulary';
import { ProcessingRow } from './processing-row';
import { AclBinding, aclBindings, GrantForAcl } from './domain/acl-bindings';
import { AccessRequestEntity } from './persistence/access-request.entity';
import { grantStore } from './persistence/grant.store';
import { ProcessingRecordSources } from './processing-record-sources';

export type { ProcessingRow, ProcessingTransfer } from './processing-row';

/** Reads of grants: active ones by team or topic, flagged ones, records of processing, Kafka ACLs. */
@Injectable()
export class GrantQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly sources: ProcessingRecordSources,
  ) {}

  /** Active grants held by each team, in one statement. */
  async activeByTeamIds(teamIds: readonly string[]): Promise<AccessRequestEntity[][]> {
    const rows = await grantStore.activeOfTeams(this.dataSource.manager, teamIds, this.clock.now());
    return teamIds.map((id) => rows.filter((r) => r.requestingTeamId === id));
  }

  /**
   * Whether one of the teams holds an active grant (approved, not suspended, end not reached) for
   * `operation` on the topic, as of now: the key registry asks at every data key read.
   */
  async hasActiveGrant(topicName: string, teamSlugs: readonly string[], operation: AccessOperation): Promise<boolean> {
    if (teamSlugs.length === 0) return false;
    return grantStore.anyActive(this.dataSource.manager, topicName, teamSlugs, operation, this.clock.now());
  }

  /** Active grants on each topic, in one statement. */
  async activeByTopicIds(topicIds: readonly string[]): Promise<AccessRequestEntity[][]> {
    const rows = await grantStore.activeOnTopics(this.dataSource.manager, topicIds, this.clock.now());
    return topicIds.map((id) => rows.filter((r) => r.topicId === id));
  }

  /** Grants a topic change flagged that are still live (active or suspended), for owners and stewards. */
  flagged(actor: AccessActor, topic?: string): Promise<AccessRequestEntity[]> {
    return grantStore.flagged(this.dataSource.manager, topic, ownedBy(actor), this.clock.now());
  }

  /** Who receives which topic's data, where and why: active grants, by topic then consumer team. */
  async recordsOfProcessing(actor: AccessActor, topic?: string): Promise<ProcessingRow[]> {
    const now = this.clock.now();
    const grants = await grantStore.processingRows(this.dataSource.manager, topic, ownedBy(actor), now);
    const others = await this.sources.rows(actor, topic, now);
    if (others.length === 0) return grants;
    // Grants arrive in the database's order; with other transfers, one order for all, topic first.
    return [...grants, ...others].sort(
      (a, b) =>
        compare(a.topic, b.topic) ||
        compare(a.transfer, b.transfer) ||
        compare(a.consumerTeam, b.consumerTeam) ||
        a.grantStart.getTime() - b.grantStart.getTime(),
    );
  }

  /** The ACL bindings a topic's active grants imply; for its owners, stewards and admins. */
  async aclsOfTopic(actor: AccessActor, topicName: string): Promise<AclBinding[]> {
    const topic = await topicStore.byName(this.dataSource.manager, topicName);
    if (!topic) throw notFound('Topic', topicName);
    if (!seesEverything(actor)) {
      const owner = await teamStore.byId(this.dataSource.manager, topic.ownerTeamId);
      if (!actor.teams.includes(owner.slug)) {
        throw forbidden(`Only admins, stewards and members of the owning team can read the ACLs of topic '${topicName}'.`);
      }
    }
    const [grants] = await this.aclGrantsByTopicIds([{ id: topic.id, name: topic.name }]);
    return aclBindings(grants);
  }

  /** Active grants of each topic as the ACL rules see them, whether an owner approved each, in two statements. */
  async aclGrantsByTopicIds(topics: ReadonlyArray<{ id: string; name: string }>): Promise<GrantForAcl[][]> {
    const byTopic = await this.activeByTopicIds(topics.map((t) => t.id));
    const ids = byTopic.flat().map((g) => g.id);
    const ownerApproved = await grantStore.ownerApproved(this.dataSource.manager, ids);
    return byTopic.map((grants, i) =>
      grants.map((g) => ({
        topic: topics[i].name,
        operation: g.operation,
        kafkaPrincipal: g.kafkaPrincipal,
        applicationName: g.applicationName,
        ownerApproved: ownerApproved.has(g.id),
      })),
    );
  }
}

/** Owners see their own topics' grants; admins and stewards every topic's. */
const ownedBy = (actor: AccessActor) => (seesEverything(actor) ? null : actor.teams);

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
