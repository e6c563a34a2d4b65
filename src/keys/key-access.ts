import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GrantQueryService } from '../access/grant-query.service';
import { AuditService } from '../audit/audit.service';
import { isAdmin, isSteward, Principal } from '../auth/domain/principal';
import { topicOfSubject } from '../catalogue/topics/domain/topic-vocabulary';
import { topicStore } from '../catalogue/topics/topic.store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { forbidden } from '../kernel/domain-error';
import { decideDekRead, KeyTopic, mayWriteDek } from './domain/key-sovereignty';
import { keyErrors } from './domain/key-errors';
import { keyStore } from './persistence/key.store';

/**
 * Who may do what in the key registry, decided against the catalogue and the grants at the moment
 * of each request (nothing cached, so a revoked grant stops DEK reads at once). Refusals go on the
 * audit record in a transaction of their own; successful DEK reads are counted per principal.
 */
@Injectable()
export class KeyAccess {
  private readonly logger = new Logger('Keys');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly grants: GrantQueryService,
    private readonly audit: AuditService,
  ) {}

  /** The catalogued topic a subject belongs to under TopicNameStrategy, with its jurisdiction and owner. */
  async topicOfSubject(subject: string): Promise<KeyTopic | undefined> {
    const topic = topicOfSubject(subject)?.topic;
    if (topic === undefined) return undefined;
    const row = await topicStore.withOwnerByName(this.dataSource.manager, topic);
    return row && { name: row.name, jurisdiction: row.jurisdiction, ownerTeam: row.ownerSlug };
  }

  /** KEKs declare where a KMS lives: admins and stewards register and change them. */
  async assertMayWriteKek(actor: Principal, kekName: string, action: string): Promise<void> {
    if (isAdmin(actor) || isSteward(actor)) return;
    await this.refused(actor, 'keys.kek.write-refused', 'kek', kekName, { action });
    throw forbidden(
      `Only admins and data stewards can ${action} KEKs: a KEK declares the KMS and the jurisdiction of the keys under it. Ask a steward to register KEK '${kekName}'.`,
    );
  }

  async assertMayWriteDek(actor: Principal, kekName: string, subject: string, topic: KeyTopic | undefined, action: string): Promise<void> {
    if (mayWriteDek(actor.teams, isAdmin(actor), topic)) return;
    await this.refused(actor, 'keys.dek.write-refused', 'dek', `${kekName}/${subject}`, { action, topic: topic?.name });
    throw forbidden(
      topic
        ? `Only members of team '${topic.ownerTeam}', which owns topic '${topic.name}', can ${action} the data keys of subject '${subject}'.`
        : `Subject '${subject}' belongs to no catalogued topic; only admins can ${action} its data keys.`,
    );
  }

  /** Allows a DEK read, or refuses it on the record (the reason goes to the caller and the audit log). */
  async assertMayReadDek(actor: Principal, kekName: string, subject: string, version: number | string): Promise<void> {
    const topic = await this.topicOfSubject(subject);
    const owner = topic !== undefined && actor.teams.includes(topic.ownerTeam);
    const granted = topic !== undefined && !owner && (await this.grants.hasActiveGrant(topic.name, actor.teams, 'READ'));
    const decision = decideDekRead(actor.teams, subject, topic, granted);
    if (decision.allowed) return;
    await this.refused(actor, 'keys.dek.read-refused', 'dek', `${kekName}/${subject}`, {
      kek: kekName,
      subject,
      version,
      topic: topic?.name,
      reason: decision.reason,
    });
    throw forbidden(`Data key of subject '${subject}' under KEK '${kekName}' refused to '${actor.username}': ${decision.reason}.`);
  }

  /** A DEK placed outside its data's jurisdiction: refused and recorded, like a read refused. */
  async refusePlacement(actor: Principal, kekName: string, subject: string, reason: string): Promise<never> {
    await this.refused(actor, 'keys.dek.write-refused', 'dek', `${kekName}/${subject}`, { action: 'create', reason });
    throw keyErrors.invalid('subject', 'key-jurisdiction', reason);
  }

  /** One more successful DEK read. Counting never fails the read (a standby refuses the write). */
  async countRead(actor: Principal, kekName: string, subject: string): Promise<void> {
    try {
      await keyStore.countRead(this.dataSource.manager, actor.username, kekName, subject);
    } catch (err) {
      this.logger.warn({ err, kekName, subject }, 'Could not count a data key read');
    }
  }

  /** The jurisdiction of a new KEK: the one it declares, or this instance's own. */
  kekJurisdiction(declared: string | undefined): string {
    const jurisdiction = declared ?? this.config.continuity.jurisdiction;
    if (jurisdiction === undefined) {
      throw keyErrors.invalid(
        'jurisdiction',
        'required',
        "declare the jurisdiction of the KMS holding this key (Charter's 'jurisdiction' field), or set CHARTER_JURISDICTION for this instance",
      );
    }
    if (!this.config.jurisdictions.includes(jurisdiction)) {
      throw keyErrors.invalid(
        'jurisdiction',
        'known-jurisdiction',
        `'${jurisdiction}' is not a configured jurisdiction; use one of ${this.config.jurisdictions.join(', ')}`,
      );
    }
    return jurisdiction;
  }

  private async refused(actor: Principal, action: string, targetType: string, targetId: string, details: Record<string, unknown>) {
    try {
      await this.dataSource.transaction((em) => this.audit.append(em, { actor: actor.username, action, targetType, targetId, details }));
    } catch (err) {
      this.logger.error({ err, action, targetId }, 'Could not audit a refused key registry request');
    }
  }
}
