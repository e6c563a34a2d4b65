import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessActor } from '../../access/domain/access-vocabulary';
import { AccessCommand, decide, Decision } from '../../access/domain/decide';
import { assertVisible, canSee } from '../../access/domain/visibility';
import { AuditService } from '../../audit/audit.service';
import { Clock } from '../../kernel/clock';
import { DomainError, notFound } from '../../kernel/domain-error';
import { isUuid } from '../../access/access-ids';
import { mirrorAction, reviewMirror } from './domain/mirror-policy';
import { MirrorRequestEntity } from './persistence/mirror-request.entity';
import {
  LoadedMirror,
  lockMirror,
  mirrorLegalBasisOf,
  mirrorSnapshotOf,
  topicPolicyOf,
  writeMirrorDecision,
} from './persistence/mirror-request.store';

/**
 * Every decision on a mirror request goes through the access workflow's pure `decide` (the same
 * transition table, slots and rules), then the new state and its audit entry in one transaction.
 */
@Injectable()
export class MirrorDecisionService {
  private readonly logger = new Logger('Mirrors');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async command(actor: AccessActor, id: string, command: AccessCommand, expectedVersion?: number): Promise<MirrorRequestEntity> {
    if (!isUuid(id)) throw notFound('Mirror request', id);
    let hidden = false;
    try {
      return await this.dataSource.transaction(async (em) => {
        const loaded = await lockMirror(em, id);
        hidden = !canSee(mirrorSnapshotOf(loaded), actor);
        assertVisible(mirrorSnapshotOf(loaded), actor);
        if (expectedVersion !== undefined && expectedVersion !== loaded.request.version) {
          throw new DomainError(
            'STALE_VERSION',
            `Mirror request ${id} is at version ${loaded.request.version}, not ${expectedVersion}; reload it and retry.`,
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

  async apply(em: EntityManager, loaded: LoadedMirror, command: AccessCommand, actor: AccessActor, context: Record<string, unknown> = {}) {
    const now = this.clock.now();
    const result = decide(mirrorSnapshotOf(loaded), command, actor, now);
    if (!result.ok) throw result.error;
    const decision = result.decision;
    if (decision.from === 'PENDING' && decision.to === 'APPROVED') this.assertStillAllowed(loaded, decision);
    await writeMirrorDecision(em, loaded, decision, actor.username, now);
    await this.audit.append(em, {
      actor: actor.username,
      action: mirrorAction(decision.audit.action),
      targetType: 'mirror-request',
      targetId: loaded.request.id,
      details: {
        ...decision.audit.details,
        topic: loaded.topic.name,
        sourceCluster: loaded.source.name,
        targetCluster: loaded.target.name,
        ...context,
      },
    });
    return decision;
  }

  /** The topic may have changed since submission; the last approval checks it would allow the mirror now. */
  private assertStillAllowed(loaded: LoadedMirror, decision: Decision) {
    const approvedSlots = [
      ...loaded.slots.filter((s) => s.decision === 'APPROVED').map((s) => s.kind),
      ...(decision.slot ? [decision.slot.kind] : []),
    ];
    const review = reviewMirror(
      { target: loaded.target, legalBasis: mirrorLegalBasisOf(loaded.request), approvedSlots },
      topicPolicyOf(loaded.topic),
    );
    if (!review.allowed) {
      throw new DomainError(
        'CONFLICT',
        `Topic '${loaded.topic.name}' changed since mirror request ${loaded.request.id} was submitted and would not allow it now: ` +
          `${review.reasons.join('; ')}. Withdraw it and submit a new request.`,
        { field: 'state', rule: 'topic-policy-changed', reasons: review.reasons },
      );
    }
  }

  /** A refused decision is on the record too, in a transaction of its own (the decision's rolled back). */
  private async auditRefusal(actor: AccessActor, id: string, command: AccessCommand, err: DomainError, hidden: boolean) {
    try {
      await this.dataSource.transaction((em) =>
        this.audit.append(em, {
          actor: actor.username,
          action: 'mirror.decision.refused',
          targetType: 'mirror-request',
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
      this.logger.error({ err: auditErr, requestId: id }, 'Could not audit a refused mirror decision');
    }
  }
}
