import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isAdmin, Principal } from '../auth/domain/principal';
import { TopicChange, TopicChangeListeners } from '../catalogue/topics/topic-change-listeners';
import { DomainError, forbidden, invalidInput } from '../kernel/domain-error';
import { VersionSpec } from '../registry/registry-input';
import { registryStore } from '../registry/registry.store';
import { describeReaders, readersOf, VersionReader } from './domain/consumers';
import { UsageQueryService } from './usage-query.service';
import { UsageRecorder } from './usage-recorder';

/** A topic or version read within this many days is still in use. */
export const IN_USE_DAYS = 7;

const wireReaders = (readers: readonly VersionReader[]) =>
  readers.map((r) => ({ principal: r.principal, lastReadAt: r.lastReadAt.toISOString(), reads: r.reads, clients: r.clients }));

/**
 * Deprecation readiness as a guard: retiring a topic, or deleting a subject version, that
 * consumers read in the last 7 days is refused (IN_USE, 409 / 40910 on REST) with the readers
 * named, unless forced: a retirement with `force` and a reason, a REST delete with `?force=true`
 * by an admin. Every override is audited with the readers it overrode. Reads counted by another
 * replica and not yet flushed (at most one flush interval) are not seen.
 */
@Injectable()
export class DeprecationGuards implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: UsageQueryService,
    private readonly recorder: UsageRecorder,
    private readonly audit: AuditService,
    private readonly topicChanges: TopicChangeListeners,
  ) {}

  onModuleInit() {
    this.topicChanges.register({ onTopicChanged: (em, change) => this.onTopicChanged(em, change) });
  }

  /** Inside the retirement's transaction: throwing undoes it. */
  private async onTopicChanged(em: EntityManager, change: TopicChange): Promise<void> {
    if (change.before.lifecycle === 'RETIRED' || change.after.lifecycle !== 'RETIRED') return;
    const topic = change.after.name;
    const since = this.queries.since(IN_USE_DAYS);
    const readers = readersOf(await this.queries.readinessOfSubjects([`${topic}-value`, `${topic}-key`], since, undefined, em));
    if (readers.length === 0) return;
    if (!change.override?.force) {
      throw new DomainError(
        'IN_USE',
        `Topic '${topic}' was read in the last ${IN_USE_DAYS} days by ${describeReaders(readers)}; retire it with force: true and a reason, or wait until they stop.`,
        { field: 'force', rule: 'unread-before-retirement', readers: wireReaders(readers) },
      );
    }
    if (!change.override.reason) {
      throw invalidInput(
        'reason',
        'reason-required',
        `'reason' is required to retire topic '${topic}' while it is still read; it is audited.`,
      );
    }
    await this.audit.append(em, {
      actor: change.actor.username,
      action: 'topic.retired-while-read',
      targetType: 'topic',
      targetId: topic,
      details: { reason: change.override.reason, days: IN_USE_DAYS, readers: wireReaders(readers) },
    });
  }

  /** Before a REST delete of a subject version: refuses when it was read recently, unless an admin forces it. */
  async checkVersionDelete(actor: Principal, subject: string, spec: VersionSpec, force: boolean): Promise<void> {
    const rows = await registryStore.versionsOf(this.dataSource.manager, subject);
    const row = spec === 'latest' ? rows.filter((r) => !r.deleted).pop() : rows.find((r) => r.version === spec);
    if (!row) return; // the deletion itself answers for a missing version
    await this.recorder.flush();
    const readers = readersOf(await this.queries.readinessOfSubjects([subject], this.queries.since(IN_USE_DAYS), row.version));
    if (readers.length === 0) return;
    if (!force) {
      throw new DomainError(
        'IN_USE',
        `Subject '${subject}' version ${row.version} was read in the last ${IN_USE_DAYS} days by ${describeReaders(readers)}; an admin can delete it anyway with ?force=true.`,
        { subject, version: row.version, readers: wireReaders(readers) },
      );
    }
    if (!isAdmin(actor))
      throw forbidden(`Only admins can force the deletion of a version that consumers still read (subject '${subject}').`);
    await this.dataSource.transaction((em) =>
      this.audit.append(em, {
        actor: actor.username,
        action: 'registry.version-deleted-while-read',
        targetType: 'subject',
        targetId: subject,
        details: { version: row.version, days: IN_USE_DAYS, readers: wireReaders(readers) },
      }),
    );
  }
}
