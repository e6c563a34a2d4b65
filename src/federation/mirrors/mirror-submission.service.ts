import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { LegalBasis, PurposeCategory } from '../../access/domain/access-vocabulary';
import { AccessActor } from '../../access/domain/access-vocabulary';
import { AuditService } from '../../audit/audit.service';
import { unknownCluster } from '../../catalogue/clusters/cluster.service';
import { clusterStore } from '../../catalogue/clusters/cluster.store';
import { teamStore } from '../../catalogue/teams/team.store';
import { topicStore } from '../../catalogue/topics/topic.store';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { isUniqueViolation } from '../../database/pg-errors';
import { Clock } from '../../kernel/clock';
import { DomainError, forbidden } from '../../kernel/domain-error';
import { evaluateMirrorSubmission } from './domain/mirror-policy';
import { MirrorRequestEntity } from './persistence/mirror-request.entity';
import { mirrorRequestStore, topicPolicyOf } from './persistence/mirror-request.store';

export interface MirrorRequestDraft {
  topic: string;
  targetCluster: string;
  requestingTeam: string;
  purpose: string;
  purposeCategory: PurposeCategory;
  durationDays: number;
  legalBasis?: LegalBasis | null;
}

/** Submitting a mirror request: its approval slots come from the topic and both clusters as they are now. */
@Injectable()
export class MirrorSubmissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async submit(actor: AccessActor, draft: MirrorRequestDraft): Promise<MirrorRequestEntity> {
    if (!actor.roles.includes('admin') && !actor.teams.includes(draft.requestingTeam)) {
      throw forbidden(`Only members of team '${draft.requestingTeam}' (or admins) can request a mirror for it.`);
    }
    try {
      return await this.dataSource.transaction((em) => this.submitIn(em, actor, draft));
    } catch (err) {
      if (isUniqueViolation(err, 'mirror_request_one_pending')) {
        throw new DomainError(
          'ALREADY_EXISTS',
          `Topic '${draft.topic}' already has a pending mirror request to cluster '${draft.targetCluster}'.`,
          { field: 'topic', rule: 'one-pending-request' },
        );
      }
      throw err;
    }
  }

  private async submitIn(em: EntityManager, actor: AccessActor, draft: MirrorRequestDraft): Promise<MirrorRequestEntity> {
    // Shared lock: a topic change waits for this submission, and this one sees the topic as committed.
    const topic = await topicStore.shareLockByName(em, draft.topic);
    if (!topic) throw new DomainError('NOT_FOUND', `Topic '${draft.topic}' does not exist.`, { field: 'topic', rule: 'exists' });
    const target = await clusterStore.byName(em, draft.targetCluster);
    if (!target) throw unknownCluster(draft.targetCluster, 'targetCluster');
    const source = await clusterStore.byId(em, topic.clusterId);
    const team = await teamStore.bySlug(em, draft.requestingTeam);
    if (!team) {
      throw new DomainError('NOT_FOUND', `Team '${draft.requestingTeam}' does not exist.`, { field: 'requestingTeam', rule: 'exists' });
    }
    const legalBasis = draft.legalBasis ?? null;
    const requirement = evaluateMirrorSubmission(
      topicPolicyOf(topic),
      source,
      target,
      { purpose: draft.purpose, purposeCategory: draft.purposeCategory, durationDays: draft.durationDays, legalBasis },
      { defaultMaxGrantDays: this.config.access.defaultMaxGrantDays },
    );
    const now = this.clock.now();
    const request = await mirrorRequestStore.insert(
      em,
      {
        topicId: topic.id,
        sourceClusterId: source.id,
        targetClusterId: target.id,
        requestingTeamId: team.id,
        purpose: draft.purpose.trim(),
        purposeCategory: draft.purposeCategory,
        sourceJurisdiction: source.jurisdiction,
        targetJurisdiction: target.jurisdiction,
        crossBorder: requirement.crossBorder,
        legalBasisMechanism: legalBasis?.mechanism ?? null,
        legalBasisReference: legalBasis?.reference.trim() ?? null,
        durationDays: draft.durationDays,
        state: 'PENDING',
        approvalReasons: requirement.reasons,
        requestedBy: actor.username,
        stateReason: null,
        stateChangedBy: null,
        stateChangedAt: null,
        grantStart: null,
        grantEnd: null,
        flaggedAt: null,
        flagReasons: [],
        createdAt: now,
        updatedAt: now,
      },
      requirement.slots,
      actor.username,
    );
    await this.audit.append(em, {
      actor: actor.username,
      action: 'mirror.request.submitted',
      targetType: 'mirror-request',
      targetId: request.id,
      details: {
        topic: topic.name,
        requestingTeam: team.slug,
        sourceCluster: source.name,
        targetCluster: target.name,
        sourceJurisdiction: source.jurisdiction,
        targetJurisdiction: target.jurisdiction,
        crossBorder: requirement.crossBorder,
        legalBasis: legalBasis ? { mechanism: request.legalBasisMechanism, reference: request.legalBasisReference } : null,
        slots: requirement.slots,
        reasons: requirement.reasons,
      },
    });
    return request;
  }
}
