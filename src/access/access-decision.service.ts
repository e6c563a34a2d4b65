import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../kernel/clock';
import { DomainError, notFound } from '../kernel/domain-error';
import { isUuid } from './access-ids';
import { AccessActor } from './domain/access-vocabulary';
import { AccessCommand, decide, Decision } from './domain/decide';
import { reviewGrant } from './domain/grant-review';
import { assertVisible, canSee } from './domain/visibility';
import { AccessRequestEntity } from './persistence/access-request.entity';
import {
  accessRequestStore,
  legalBasisOf,
  LoadedRequest,
  requestShapeOf,
  snapshotOf,
  topicPolicyOf,
} from './persistence/access-request.store';
import { accessEventPayload, enqueueAccessEvent } from './webhooks/webhook-outbox';

/**
 * Every decision on a request — by a person, the expiry job or a topic change — goes through
 * `apply`: the pure `decide`, then the new state, the slot, the audit entry and the webhook rows
 * in the caller's transaction.
 */
@Injectable()
export class AccessDecisionService {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async command(actor: AccessActor, id: string, command: AccessCommand, expectedVersion?: number): Promise<AccessRequestEntity> {
    if (!isUuid(id)) throw notFound('Access request', id);
    let hidden = false;
    try {
      return await this.dataSource.transaction(async (em) => {
        const loaded = await accessRequestStore.lockRequest(em, id, { lockTopic: true });
        // Before the version or any rule: an invisible request answers as a missing one.
        hidden = !canSee(snapshotOf(loaded), actor);
        assertVisible(snapshotOf(loaded), actor);
        if (expectedVersion !== undefined && expectedVersion !== loaded.request.version) {
          throw new DomainError(
            'STALE_VERSION',
            `Access request ${id} is at version ${loaded.request.version}, not ${expectedVersion}; reload it and retry.`,
            { field: 'expectedVersion', rule: 'current-version' },
          );
        }
        await this.apply(em, loaded, command, actor);
        return loaded.request;
      });
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'FORBIDDEN' || hidden)) await this.auditRefusal(actor, id, command, err, hidden);
      throw err;
    }
  }

  /**
   * A refused decision is itself on the record. The decision's transaction rolled back, so the
   * entry is written in a transaction of its own; the caller still gets the refusal if it fails.
   */
  private async auditRefusal(actor: AccessActor, id: string, command: AccessCommand, err: DomainError, hidden: boolean) {
    try {
      await this.dataSource.transaction((em) =>
        this.audit.append(em, {
          actor: actor.username,
          action: 'access.decision.refused',
          targetType: 'access-request',
          targetId: id,
          details: {
            command: command.kind,
            code: hidden ? 'NOT_FOUND' : err.code,
            rule: hidden ? 'not-visible' : (err.details.rule ?? null),
            message: err.message,
          },
        }),
      );
    } catch (auditErr) {
      this.logger.error({ err: auditErr, requestId: id }, 'Could not audit a refused access decision');
    }
  }

  async apply(
    em: EntityManager,
    loaded: LoadedRequest,
    command: AccessCommand,
    actor: AccessActor,
    context: Record<string, unknown> = {},
  ): Promise<Decision> {
    const now = this.clock.now();
    const result = decide(snapshotOf(loaded), command, actor, now);
    if (!result.ok) throw result.error;
    const decision = result.decision;
    if (decision.from === 'PENDING' && decision.to === 'APPROVED') this.assertStillGrantable(loaded, decision);
    await accessRequestStore.writeDecision(em, loaded, decision, actor.username, now);
    await this.audit.append(em, {
      actor: actor.username,
      action: decision.audit.action,
      targetType: 'access-request',
      targetId: loaded.request.id,
      details: { ...decision.audit.details, topic: loaded.topic.name, requestingTeam: loaded.requestingTeam.slug, ...context },
    });
    if (decision.notification) {
      await enqueueAccessEvent(em, loaded, accessEventPayload(decision.notification, loaded, actor.username, now));
    }
    return decision;
  }

  /**
   * The topic may have changed since the request was submitted (slots were added then); the last
   * approval checks that the topic as it is now would grant this request.
   */
  private assertStillGrantable(loaded: LoadedRequest, decision: Decision) {
    const approvedSlots = [
      ...loaded.slots.filter((s) => s.decision === 'APPROVED').map((s) => s.kind),
      ...(decision.slot ? [decision.slot.kind] : []),
    ];
    const review = reviewGrant(
      { ...requestShapeOf(loaded.request), legalBasis: legalBasisOf(loaded.request), approvedSlots },
      topicPolicyOf(loaded.topic),
      this.config.access.allowedTransfers,
    );
    if (!review.allowed) {
      throw new DomainError(
        'CONFLICT',
        `Topic '${loaded.topic.name}' changed since access request ${loaded.request.id} was submitted and would not grant it now: ` +
          `${review.reasons.join('; ')}. Withdraw it and submit a new request.`,
        { field: 'state', rule: 'topic-policy-changed', reasons: review.reasons },
      );
    }
  }
}
