import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { topicChangeNeedsReview } from '../../access/domain/grant-review';
import { AuditService } from '../../audit/audit.service';
import { SYSTEM } from '../../auth/domain/principal';
import { TopicChange, TopicChangeListener, TopicChangeListeners } from '../../catalogue/topics/topic-change-listeners';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Clock } from '../../kernel/clock';
import { reviewMirror } from './domain/mirror-policy';
import { MirrorDecisionService } from './mirror-decision.service';
import { loadMirrorRest, mirrorLegalBasisOf, mirrorRequestStore, topicPolicyOf } from './persistence/mirror-request.store';

/**
 * The grants' reaction to topic changes, for mirrors: inside the topic's transaction, live mirrors
 * the topic would no longer allow are flagged (and suspended when CHARTER_SUSPEND_ON_POLICY_CHANGE
 * is on, which takes them out of the next MirrorMaker 2 export); mirrors allowed again lose their flag.
 */
@Injectable()
export class MirrorTopicChangeListener implements TopicChangeListener, OnModuleInit {
  constructor(
    private readonly listeners: TopicChangeListeners,
    private readonly decisions: MirrorDecisionService,
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
    const mirrors = await mirrorRequestStore.lockLiveOfTopic(em, change.after.id, now);
    const cause = { cause: 'topic-change', changedBy: change.actor.username };
    for (const request of mirrors) {
      const loaded = await loadMirrorRest(em, request, change.after);
      const approvedSlots = loaded.slots.filter((s) => s.decision === 'APPROVED').map((s) => s.kind);
      const review = reviewMirror(
        { target: loaded.target, legalBasis: mirrorLegalBasisOf(request), approvedSlots },
        topicPolicyOf(change.after),
      );
      if (review.allowed && !request.flaggedAt) continue;
      const flag = review.allowed ? { flaggedAt: null, flagReasons: [] } : { flaggedAt: now, flagReasons: review.reasons };
      await mirrorRequestStore.writeFlag(em, request, flag, now);
      Object.assign(request, flag, { updatedAt: now, version: request.version + 1 });
      await this.audit.append(em, {
        actor: change.actor.username,
        action: review.allowed ? 'mirror.flag-cleared' : 'mirror.flagged',
        targetType: 'mirror-request',
        targetId: request.id,
        details: { topic: change.after.name, targetCluster: loaded.target.name, reasons: review.reasons, ...cause },
      });
      if (!review.allowed && this.config.access.suspendOnPolicyChange && request.state === 'APPROVED') {
        const reason = `Topic '${change.after.name}' changed: ${review.reasons.join('; ')}`;
        await this.decisions.apply(em, loaded, { kind: 'suspend', reason: reason.slice(0, 2000) }, SYSTEM, cause);
      }
    }
  }
}
