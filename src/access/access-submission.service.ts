import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM } from '../auth/domain/principal';
import { TeamEntity } from '../catalogue/teams/team.entity';
import { teamStore } from '../catalogue/teams/team.store';
import { TopicEntity } from '../catalogue/topics/topic.entity';
import { topicStore } from '../catalogue/topics/topic.store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUniqueViolation } from '../database/pg-errors';
import { Clock } from '../kernel/clock';
import { DomainError, forbidden, invalidInput } from '../kernel/domain-error';
import { isUuid } from './access-ids';
import { AccessActor, AccessOperation, LegalBasis, PurposeCategory } from './domain/access-vocabulary';
import { evaluateSubmission, unknownTopic } from './domain/approval-policy';
import { effectiveState } from './domain/decide';
import { AccessRequestEntity } from './persistence/access-request.entity';
import { accessRequestStore, topicPolicyOf } from './persistence/access-request.store';
import { accessEventPayload, enqueueAccessEvent } from './webhooks/webhook-outbox';

export interface AccessRequestDraft {
  topic: string;
  requestingTeam: string;
  operation: AccessOperation;
  applicationName: string;
  kafkaPrincipal: string;
  purpose: string;
  purposeCategory: PurposeCategory;
  consumerJurisdiction: string;
  durationDays: number;
  legalBasis?: LegalBasis | null;
  renewalOf?: string | null;
  /** Why an admin asks for a wildcard principal. */
  wildcardReason?: string | null;
}

const RENEWABLE = ['APPROVED', 'SUSPENDED', 'EXPIRED'];

/** Submitting a request: the approval slots are computed now, from the topic as it is now. */
@Injectable()
export class AccessSubmissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async submit(actor: AccessActor, draft: AccessRequestDraft): Promise<AccessRequestEntity> {
    if (!actor.roles.includes('admin') && !actor.teams.includes(draft.requestingTeam)) {
      throw forbidden(`Only members of team '${draft.requestingTeam}' (or admins) can request access for it.`);
    }
    try {
      return await this.dataSource.transaction((em) => this.submitIn(em, actor, draft));
    } catch (err) {
      if (isUniqueViolation(err, 'access_request_one_pending')) {
        throw new DomainError(
          'ALREADY_EXISTS',
          `Team '${draft.requestingTeam}' already has a pending ${draft.operation} request for '${draft.kafkaPrincipal}' on topic '${draft.topic}'.`,
          { field: 'topic', rule: 'one-pending-request' },
        );
      }
      throw err;
    }
  }

  private async submitIn(em: EntityManager, actor: AccessActor, draft: AccessRequestDraft): Promise<AccessRequestEntity> {
    // Shared lock: a topic change waits for this submission, and this one sees the topic as committed.
    const topic = await topicStore.shareLockByName(em, draft.topic);
    if (!topic) throw unknownTopic(draft.topic);
    const team = await teamStore.bySlug(em, draft.requestingTeam);
    if (!team)
      throw new DomainError('NOT_FOUND', `Team '${draft.requestingTeam}' does not exist.`, { field: 'requestingTeam', rule: 'exists' });
    const now = this.clock.now();
    const outcome = evaluateSubmission(
      topicPolicyOf(topic),
      { ...draft, legalBasis: draft.legalBasis ?? null },
      {
        transferRules: this.config.access.allowedTransfers,
        jurisdictions: this.config.jurisdictions,
        defaultMaxGrantDays: this.config.access.defaultMaxGrantDays,
      },
      now,
      { admin: actor.roles.includes('admin') },
    );
    if (draft.renewalOf) await this.checkRenewal(em, draft, topic, team, now);
    const request = await accessRequestStore.insertRequest(em, {
      topicId: topic.id,
      requestingTeamId: team.id,
      operation: draft.operation,
      applicationName: draft.applicationName,
      kafkaPrincipal: draft.kafkaPrincipal,
      purpose: draft.purpose.trim(),
      purposeCategory: draft.purposeCategory,
      consumerJurisdiction: draft.consumerJurisdiction,
      topicJurisdiction: topic.jurisdiction,
      crossBorder: outcome.crossBorder,
      legalBasisMechanism: draft.legalBasis?.mechanism ?? null,
      legalBasisReference: draft.legalBasis?.reference.trim() ?? null,
      durationDays: draft.durationDays,
      state: outcome.state,
      approvalReasons: outcome.reasons,
      requestedBy: actor.username,
      renewalOf: draft.renewalOf ?? null,
      stateReason: null,
      stateChangedBy: outcome.grant ? SYSTEM.username : null,
      stateChangedAt: outcome.grant ? now : null,
      grantStart: outcome.grant?.start ?? null,
      grantEnd: outcome.grant?.end ?? null,
      expiryWarnedAt: null,
      flaggedAt: null,
      flagReasons: [],
      createdAt: now,
      updatedAt: now,
    });
    if (outcome.slots.length) await accessRequestStore.insertSlots(em, request.id, outcome.slots, actor.username);
    const loaded = await accessRequestStore.loadRest(em, request, topic);
    await this.audit.append(em, {
      actor: actor.username,
      action: 'access.request.submitted',
      targetType: 'access-request',
      targetId: request.id,
      details: {
        topic: topic.name,
        requestingTeam: team.slug,
        operation: request.operation,
        kafkaPrincipal: request.kafkaPrincipal,
        consumerJurisdiction: request.consumerJurisdiction,
        crossBorder: request.crossBorder,
        legalBasis: draft.legalBasis ? { mechanism: request.legalBasisMechanism, reference: request.legalBasisReference } : null,
        slots: outcome.slots,
        reasons: outcome.reasons,
        ...(outcome.wildcardReason ? { wildcardPrincipal: true, wildcardReason: outcome.wildcardReason } : {}),
        ...(request.renewalOf ? { renewalOf: request.renewalOf } : {}),
      },
    });
    await enqueueAccessEvent(em, loaded, accessEventPayload('access.request.submitted', loaded, actor.username, now));
    if (outcome.grant) {
      // Nobody had to approve; the grant is still a decision on the record, taken by Charter.
      await this.audit.append(em, {
        actor: SYSTEM.username,
        action: 'access.request.approved',
        targetType: 'access-request',
        targetId: request.id,
        details: {
          from: 'PENDING',
          to: 'APPROVED',
          rule: 'open-policy',
          grantStart: outcome.grant.start.toISOString(),
          grantEnd: outcome.grant.end.toISOString(),
        },
      });
      await enqueueAccessEvent(em, loaded, accessEventPayload('access.request.approved', loaded, SYSTEM.username, now));
    }
    return request;
  }

  private async checkRenewal(em: EntityManager, draft: AccessRequestDraft, topic: TopicEntity, team: TeamEntity, now: Date) {
    const old = isUuid(draft.renewalOf!) ? await accessRequestStore.requestWithId(em, draft.renewalOf!) : null;
    const same =
      old &&
      old.topicId === topic.id &&
      old.requestingTeamId === team.id &&
      old.operation === draft.operation &&
      old.kafkaPrincipal === draft.kafkaPrincipal;
    if (
      !old ||
      !same ||
      !RENEWABLE.includes(
        effectiveState(
          { state: old.state, grant: old.grantStart && old.grantEnd ? { start: old.grantStart, end: old.grantEnd } : null },
          now,
        ),
      )
    ) {
      throw invalidInput(
        'renewalOf',
        'renewable-grant',
        `'renewalOf' must name a grant (approved, suspended or expired) of team '${team.slug}' for ${draft.operation} on '${topic.name}' by '${draft.kafkaPrincipal}'.`,
      );
    }
  }
}
