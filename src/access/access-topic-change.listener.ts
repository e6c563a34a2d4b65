import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { SYSTEM } from '../auth/domain/principal';
import { TopicChange, TopicChangeListener, TopicChangeListeners } from '../catalogue/topics/topic-change-listeners';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { AccessDecisionService } from './access-decision.service';
import { requiredApprovals } from './domain/approval-policy';
import { reviewGrant, topicChangeNeedsReview } from './domain/grant-review';
import { accessRequestStore, legalBasisOf, LoadedRequest, requestShapeOf, topicPolicyOf } from './persistence/access-request.store';
import { accessEventPayload, enqueueAccessEvent } from './webhooks/webhook-outbox';

/**
 * Reacts to topic changes inside the topic's transaction: live grants the topic would no longer
 * allow are flagged (and suspended when CHARTER_SUSPEND_ON_POLICY_CHANGE is on); grants that are
 * allowed again lose their flag; pending requests get the approval slots the topic now demands.
 */
@Injectable()
export class AccessTopicChangeListener implements TopicChangeListener, OnModuleInit {
  constructor(
    private readonly listeners: TopicChangeListeners,
    private readonly decisions: AccessDecisionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.listeners.register(this);
  }

  async onTopicChanged(em: EntityManager, change: TopicChange): Promise<void> {
    if (!topicChangeNeedsReview(topicPolicyOf(change.before), topicPolicyOf(change.after))) return;
    const now = this.clock.now();
    // The topic row is locked by this transaction, so decisions (which take it shared first) wait.
    // Rows locked anyway belong to the expiry job, which is ending those grants: skip them.
    const requests = await accessRequestStore.lockLiveOnTopic(em, change.after.id, now);
    const cause = { cause: 'topic-change', changedBy: change.actor.username };
    for (const request of requests) {
      const loaded = await accessRequestStore.loadRest(em, request, change.after);
      if (request.state === 'PENDING') await this.addMissingSlots(em, loaded, change, cause);
      else await this.review(em, loaded, change, now, cause);
    }
  }

  private async review(em: EntityManager, loaded: LoadedRequest, change: TopicChange, now: Date, cause: Record<string, unknown>) {
    const { request } = loaded;
    const approvedSlots = loaded.slots.filter((s) => s.decision === 'APPROVED').map((s) => s.kind);
    const review = reviewGrant(
      { ...requestShapeOf(request), legalBasis: legalBasisOf(request), approvedSlots },
      topicPolicyOf(change.after),
      this.config.access.allowedTransfers,
    );
    if (review.allowed && !request.flaggedAt) return;
    const flag = review.allowed ? { flaggedAt: null, flagReasons: [] } : { flaggedAt: now, flagReasons: review.reasons };
    await accessRequestStore.writeFlag(em, request, flag, now);
    Object.assign(request, flag, { updatedAt: now, version: request.version + 1 });
    const action = review.allowed ? 'access.grant.flag-cleared' : 'access.grant.flagged';
    await this.audit.append(em, {
      actor: change.actor.username,
      action,
      targetType: 'access-request',
      targetId: request.id,
      details: { topic: change.after.name, reasons: review.reasons, ...cause },
    });
    if (review.allowed) return;
    await enqueueAccessEvent(em, loaded, accessEventPayload(action, loaded, change.actor.username, now));
    if (this.config.access.suspendOnPolicyChange && request.state === 'APPROVED') {
      const reason = `Topic '${change.after.name}' changed: ${review.reasons.join('; ')}`;
      await this.decisions.apply(em, loaded, { kind: 'suspend', reason: reason.slice(0, 2000) }, SYSTEM, cause);
    }
  }

  private async addMissingSlots(em: EntityManager, loaded: LoadedRequest, change: TopicChange, cause: Record<string, unknown>) {
    const { request } = loaded;
    const topic = change.after;
    const requirement = requiredApprovals(topicPolicyOf(topic), requestShapeOf(request), this.config.access.allowedTransfers);
    const missing = requirement.slots.filter((kind) => !loaded.slots.some((s) => s.kind === kind));
    if (missing.length === 0) return;
    await accessRequestStore.insertSlots(em, request.id, missing, request.requestedBy);
    const reasons = [...new Set([...request.approvalReasons, ...requirement.reasons])];
    await accessRequestStore.writeApprovalReasons(em, request, reasons, this.clock.now());
    await this.audit.append(em, {
      actor: change.actor.username,
      action: 'access.request.slots-added',
      targetType: 'access-request',
      targetId: request.id,
      details: { topic: topic.name, slots: missing, reasons: requirement.reasons, ...cause },
    });
  }
}
