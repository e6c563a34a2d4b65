import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/domain/principal';
import { DegradedReads } from './degraded-reads';
import { registryErrors } from './registry-errors';
import { VersionSpec } from './registry-input';
import { RegistrySettingsService } from './registry-settings.service';
import { contextPrefix } from './qualified-subject';
import { registryStore } from './registry.store';
import { registrySettingsStore } from './registry-settings.store';
import { ServableIds } from './servable-ids';
import { SubjectVersionRow } from './registry.types';

/**
 * Soft and permanent deletes (docs/reference/confluent-registry.md, part 1.2). Soft marks versions deleted (ids stay readable);
 * permanent removes rows that were soft-deleted first. Referenced versions stay (42206).
 */
@Injectable()
export class SubjectDeletionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: RegistrySettingsService,
    private readonly servable: ServableIds,
    private readonly degraded: DegradedReads,
  ) {}

  async deleteSubject(actor: Principal, subject: string, permanent: boolean): Promise<number[]> {
    return this.afterPurge(permanent, () =>
      this.dataSource.transaction(async (em) => {
        await registryStore.lockSubject(em, subject);
        await this.settings.refuseWhenReadOnly(em, subject);
        const rows = await registryStore.versionsOf(em, subject);
        if (rows.length === 0) throw registryErrors.subjectNotFound(subject);
        const live = rows.filter((r) => !r.deleted).map((r) => r.version);
        if (!permanent && live.length === 0) throw registryErrors.subjectSoftDeleted(subject);
        if (permanent && live.length > 0) throw registryErrors.subjectNotSoftDeleted(subject);
        const targets = permanent ? rows.map((r) => r.version) : live;
        await this.refuseReferenced(em, subject, targets);
        if (permanent) {
          await registryStore.deleteVersions(em, subject, targets);
          await this.dropSubjectSettings(em, subject);
        } else {
          await registryStore.markDeleted(em, subject, targets);
        }
        await this.record(em, actor, permanent ? 'registry.subject-purged' : 'registry.subject-deleted', subject, { versions: targets });
        return targets;
      }),
    );
  }

  async deleteVersion(actor: Principal, subject: string, spec: VersionSpec, permanent: boolean): Promise<number> {
    return this.afterPurge(permanent, () =>
      this.dataSource.transaction(async (em) => {
        await registryStore.lockSubject(em, subject);
        await this.settings.refuseWhenReadOnly(em, subject);
        const rows = await registryStore.versionsOf(em, subject);
        if (rows.length === 0) throw registryErrors.subjectNotFound(subject);
        const row = pick(rows, spec, subject);
        if (!permanent && row.deleted) throw registryErrors.versionSoftDeleted(subject, row.version);
        if (permanent && !row.deleted) throw registryErrors.versionNotSoftDeleted(subject, row.version);
        await this.refuseReferenced(em, subject, [row.version]);
        if (permanent) {
          await registryStore.deleteVersions(em, subject, [row.version]);
          // The last version gone takes the subject's own config and mode with it.
          if (rows.length === 1) await this.dropSubjectSettings(em, subject);
        } else {
          await registryStore.markDeleted(em, subject, [row.version]);
        }
        await this.record(em, actor, permanent ? 'registry.version-purged' : 'registry.version-deleted', subject, { version: row.version });
        return row.version;
      }),
    );
  }

  /**
   * `DELETE /contexts/{context}`: a context exists while it holds versions, so deleting one means
   * forgetting its own settings (`:.ctx:`), and is refused while any version (even soft-deleted) is in it.
   */
  async deleteContext(actor: Principal, context: string): Promise<void> {
    const key = contextPrefix(context);
    await this.dataSource.transaction(async (em) => {
      if (await registryStore.anyVersionInContext(em, context)) throw registryErrors.contextNotEmpty(context);
      if (key !== '') await this.dropSubjectSettings(em, key);
      await this.record(em, actor, 'registry.context-deleted', key || context, { context });
    });
  }

  /**
   * A purge may leave ids without versions: once committed, this replica stops serving them at once.
   * Any delete also drops the answers kept for an outage, which could otherwise bring it back.
   */
  private async afterPurge<T>(permanent: boolean, work: () => Promise<T>): Promise<T> {
    const result = await work();
    this.degraded.forgetAll();
    if (permanent) this.servable.forgetAll();
    return result;
  }

  private async refuseReferenced(em: EntityManager, subject: string, versions: number[]) {
    const referrers = await registryStore.referrersOf(em, subject, versions);
    if (referrers.length > 0) throw registryErrors.referenceExists(subject, referrers[0].version);
  }

  private async dropSubjectSettings(em: EntityManager, subject: string) {
    await registrySettingsStore.deleteConfig(em, subject);
    await registrySettingsStore.deleteMode(em, subject);
  }

  private record(em: EntityManager, actor: Principal, action: string, subject: string, details: Record<string, unknown>) {
    return this.audit.append(em, { actor: actor.username, action, targetType: 'subject', targetId: subject, details });
  }
}

/** `latest` is the newest live version; with none live it is a missing version. */
function pick(rows: SubjectVersionRow[], spec: VersionSpec, subject: string): SubjectVersionRow {
  const row = spec === 'latest' ? rows.filter((r) => !r.deleted).pop() : rows.find((r) => r.version === spec);
  if (!row) throw registryErrors.versionNotFound(subject, spec);
  return row;
}
