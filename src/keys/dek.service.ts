import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/domain/principal';
import { isUniqueViolation } from '../database/pg-errors';
import { DomainError } from '../kernel/domain-error';
import { keyErrors } from './domain/key-errors';
import { CreateDekCommand } from './domain/key-requests';
import { dekPlacementProblem } from './domain/key-sovereignty';
import { Dek, DekAlgorithm, Kek, LATEST_VERSION } from './domain/key-vocabulary';
import { KeyAccess } from './key-access';
import { DekScope, keyStore } from './persistence/key.store';

export interface DekAddress {
  kekName: string;
  subject: string;
  algorithm: DekAlgorithm;
}

/**
 * Data encryption keys under a KEK, per subject, algorithm and version, with Confluent's
 * semantics. Charter stores the wrapped key the client sends and never sees a plain one. Writes are
 * for the topic's owning team; reads for its members and READ grantees, decided at every read.
 */
@Injectable()
export class DekService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: KeyAccess,
    private readonly audit: AuditService,
  ) {}

  async subjects(kekName: string, deleted: boolean): Promise<string[]> {
    await this.kekOrFail(this.dataSource.manager, kekName, deleted);
    return keyStore.dekSubjects(this.dataSource.manager, kekName, deleted);
  }

  async versions(at: DekAddress, deleted: boolean): Promise<number[]> {
    await this.kekOrFail(this.dataSource.manager, at.kekName, deleted);
    return (await keyStore.deks(this.dataSource.manager, at, deleted)).map((d) => d.version);
  }

  /** One version (or the latest, `-1`), for a principal allowed to read it; the read is counted. */
  async read(actor: Principal, at: DekAddress, version: number, deleted: boolean): Promise<Dek> {
    await this.access.assertMayReadDek(actor, at.kekName, at.subject, version === LATEST_VERSION ? 'latest' : version);
    const em = this.dataSource.manager;
    await this.kekOrFail(em, at.kekName, deleted);
    const dek = await this.find(em, at, version, deleted);
    if (!dek) throw keyErrors.notFound(at.subject);
    await this.access.countRead(actor, at.kekName, at.subject);
    return dek;
  }

  async create(actor: Principal, kekName: string, cmd: CreateDekCommand): Promise<Dek> {
    const topic = await this.access.topicOfSubject(cmd.subject);
    await this.access.assertMayWriteDek(actor, kekName, cmd.subject, topic, 'create');
    const scope = { kekName, subject: cmd.subject, algorithm: cmd.algorithm, version: cmd.version };
    try {
      return await this.dataSource.transaction(async (em) => {
        // Locked, so the KEK cannot be deleted between this check and the insert.
        const kek = await this.kekOrFail(em, kekName, cmd.deleted, true);
        const problem = dekPlacementProblem(kek, cmd.subject, topic);
        if (problem) throw new PlacementRefused(problem);
        const [old] = await keyStore.deks(em, scope, true);
        if (old && (cmd.deleted === old.deleted || old.encryptedKeyMaterial !== cmd.encryptedKeyMaterial)) {
          throw keyErrors.alreadyExists(cmd.subject);
        }
        if (old) await keyStore.setDeksDeleted(em, scope, cmd.deleted);
        const dek = old ? { ...old, deleted: cmd.deleted } : await keyStore.insertDek(em, { kekName, ...cmd }, actor.username);
        await this.record(em, actor, old ? (cmd.deleted ? 'keys.dek.deleted' : 'keys.dek.undeleted') : 'keys.dek.created', dek, {
          topic: topic?.name,
          jurisdiction: kek.jurisdiction,
        });
        return dek;
      });
    } catch (err) {
      if (err instanceof PlacementRefused) return this.access.refusePlacement(actor, kekName, cmd.subject, err.message);
      // Two producers creating the first DEK at once: the second meets the primary key, as Confluent's 40971.
      if (isUniqueViolation(err)) throw keyErrors.alreadyExists(cmd.subject);
      throw err;
    }
  }

  /** Every version (`version` undefined) or one; soft first, permanent only once soft-deleted. */
  async delete(actor: Principal, at: DekAddress, version: number | undefined, permanent: boolean): Promise<void> {
    const topic = await this.access.topicOfSubject(at.subject);
    await this.access.assertMayWriteDek(actor, at.kekName, at.subject, topic, 'delete');
    await this.dataSource.transaction(async (em) => {
      await this.kekOrFail(em, at.kekName, true, true);
      const scope = await this.existingScope(em, at, version);
      const deks = await keyStore.deks(em, scope, true);
      if (permanent) {
        if (deks.some((d) => !d.deleted)) throw keyErrors.notSoftDeleted(at.subject);
        const removed = await keyStore.removeDeks(em, scope);
        await this.recordScope(em, actor, 'keys.dek.deleted', scope, { versions: removed, permanent: true });
      } else {
        const changed = await keyStore.setDeksDeleted(em, scope, true);
        if (changed.length > 0) await this.recordScope(em, actor, 'keys.dek.deleted', scope, { versions: changed, permanent: false });
      }
    });
  }

  async undelete(actor: Principal, at: DekAddress, version: number | undefined): Promise<void> {
    const topic = await this.access.topicOfSubject(at.subject);
    await this.access.assertMayWriteDek(actor, at.kekName, at.subject, topic, 'undelete');
    await this.dataSource.transaction(async (em) => {
      const kek = await this.kekOrFail(em, at.kekName, true, true);
      const scope = await this.existingScope(em, at, version);
      if (kek.deleted) throw keyErrors.softDeleted(at.kekName);
      const changed = await keyStore.setDeksDeleted(em, scope, false);
      if (changed.length > 0) await this.recordScope(em, actor, 'keys.dek.undeleted', scope, { versions: changed });
    });
  }

  private async kekOrFail(em: EntityManager, name: string, deleted: boolean, lock = false): Promise<Kek> {
    const kek = await keyStore.kek(em, name, { forUpdate: lock });
    if (!kek || (kek.deleted && !deleted)) throw keyErrors.notFound(name);
    return kek;
  }

  /** The scope of a delete or undelete, which must name at least one stored DEK (40470 otherwise). */
  private async existingScope(em: EntityManager, at: DekAddress, version: number | undefined): Promise<DekScope> {
    const dek = await this.find(em, at, version ?? LATEST_VERSION, true);
    if (!dek) throw keyErrors.notFound(at.subject);
    return version === undefined ? { ...at } : { ...at, version: dek.version };
  }

  private async find(em: EntityManager, at: DekAddress, version: number, deleted: boolean): Promise<Dek | undefined> {
    const deks = await keyStore.deks(em, version === LATEST_VERSION ? at : { ...at, version }, deleted);
    return deks[deks.length - 1];
  }

  private record(em: EntityManager, actor: Principal, action: string, dek: Dek, extra: Record<string, unknown>) {
    return this.recordScope(em, actor, action, dek, { versions: [dek.version], ...extra });
  }

  private recordScope(em: EntityManager, actor: Principal, action: string, scope: DekScope, extra: Record<string, unknown>) {
    return this.audit.append(em, {
      actor: actor.username,
      action,
      targetType: 'dek',
      targetId: `${scope.kekName}/${scope.subject}`,
      details: { kek: scope.kekName, subject: scope.subject, algorithm: scope.algorithm, ...extra },
    });
  }
}

/** Thrown inside the transaction so that it rolls back; recorded and answered outside it. */
class PlacementRefused extends DomainError {
  constructor(reason: string) {
    super('INVALID_KEY', reason);
  }
}
