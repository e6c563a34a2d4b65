import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/domain/principal';
import { isUniqueViolation } from '../database/pg-errors';
import { keyErrors } from './domain/key-errors';
import { CreateKekCommand, UpdateKekCommand } from './domain/key-requests';
import { Kek } from './domain/key-vocabulary';
import { KeyAccess } from './key-access';
import { keyStore } from './persistence/key.store';

/** Same KMS key, same properties: a repeated create of it undeletes instead of conflicting (Confluent). */
const equivalent = (a: Omit<Kek, 'updatedAt' | 'deleted'>, b: Omit<Kek, 'updatedAt' | 'deleted'>) =>
  a.kmsType === b.kmsType &&
  a.kmsKeyId === b.kmsKeyId &&
  a.doc === b.doc &&
  a.shared === b.shared &&
  a.jurisdiction === b.jurisdiction &&
  JSON.stringify(a.kmsProps) === JSON.stringify(b.kmsProps);

/**
 * Key encryption keys: Confluent's semantics for create, update, soft and hard delete and undelete,
 * each write in one transaction with its audit entry, with the KEK's row locked against racing
 * writes from other replicas.
 */
@Injectable()
export class KekService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: KeyAccess,
    private readonly audit: AuditService,
  ) {}

  async list(options: { subjectPrefix: string[]; deleted: boolean }): Promise<string[]> {
    const em = this.dataSource.manager;
    if (options.subjectPrefix.length > 0) return keyStore.kekNamesBySubjectPrefix(em, options.subjectPrefix, options.deleted);
    return (await keyStore.keks(em, options.deleted)).map((k) => k.name);
  }

  async get(name: string, deleted: boolean): Promise<Kek> {
    const kek = await keyStore.kek(this.dataSource.manager, name);
    if (!kek || (kek.deleted && !deleted)) throw keyErrors.notFound(name);
    return kek;
  }

  async create(actor: Principal, cmd: CreateKekCommand): Promise<Kek> {
    await this.access.assertMayWriteKek(actor, cmd.name, 'register');
    const wanted = { ...cmd, shared: false, jurisdiction: this.access.kekJurisdiction(cmd.jurisdiction) };
    try {
      return await this.dataSource.transaction(async (em) => {
        const old = await keyStore.kek(em, cmd.name, { forUpdate: true });
        if (old && (cmd.deleted === old.deleted || !equivalent(old, wanted))) throw keyErrors.alreadyExists(cmd.name);
        const kek = old
          ? await keyStore.updateKek(em, cmd.name, { kmsProps: old.kmsProps, doc: old.doc, deleted: cmd.deleted })
          : await keyStore.insertKek(em, wanted, actor.username);
        const action = !old ? 'keys.kek.created' : cmd.deleted ? 'keys.kek.deleted' : 'keys.kek.undeleted';
        await this.record(em, actor, action, kek, {});
        return kek;
      });
    } catch (err) {
      // Two replicas creating the same KEK at once: the second meets the primary key.
      if (isUniqueViolation(err)) throw keyErrors.alreadyExists(cmd.name);
      throw err;
    }
  }

  async update(actor: Principal, name: string, cmd: UpdateKekCommand): Promise<Kek> {
    await this.access.assertMayWriteKek(actor, name, 'change');
    return this.dataSource.transaction(async (em) => {
      const old = await keyStore.kek(em, name, { forUpdate: true });
      if (!old || old.deleted) throw keyErrors.notFound(name);
      if (cmd.jurisdiction !== undefined && cmd.jurisdiction !== old.jurisdiction) {
        throw keyErrors.invalid(
          'jurisdiction',
          'immutable',
          `KEK '${name}' declares jurisdiction ${old.jurisdiction}, which the DEKs under it were placed by; register a new KEK for a KMS elsewhere`,
        );
      }
      const change = { kmsProps: cmd.kmsProps ?? old.kmsProps, doc: cmd.doc !== undefined ? cmd.doc : old.doc, deleted: false };
      if (equivalent(old, { ...old, ...change })) return old;
      const kek = await keyStore.updateKek(em, name, change);
      await this.record(em, actor, 'keys.kek.updated', kek, { before: { kmsProps: Object.keys(old.kmsProps), doc: old.doc } });
      return kek;
    });
  }

  /** Soft delete first (refused while live DEKs use the KEK); a permanent delete only after, and only without DEKs. */
  async delete(actor: Principal, name: string, permanent: boolean): Promise<void> {
    await this.access.assertMayWriteKek(actor, name, 'delete');
    await this.dataSource.transaction(async (em) => {
      const old = await keyStore.kek(em, name, { forUpdate: true });
      if (!old) throw keyErrors.notFound(name);
      if ((await keyStore.countDeks(em, name, permanent)) > 0) throw keyErrors.referenceExists(name);
      if (permanent) {
        if (!old.deleted) throw keyErrors.notSoftDeleted(name);
        await keyStore.removeKek(em, name);
        await this.record(em, actor, 'keys.kek.deleted', old, { permanent: true });
      } else if (!old.deleted) {
        const kek = await keyStore.updateKek(em, name, { kmsProps: old.kmsProps, doc: old.doc, deleted: true });
        await this.record(em, actor, 'keys.kek.deleted', kek, { permanent: false });
      }
    });
  }

  async undelete(actor: Principal, name: string): Promise<void> {
    await this.access.assertMayWriteKek(actor, name, 'undelete');
    await this.dataSource.transaction(async (em) => {
      const old = await keyStore.kek(em, name, { forUpdate: true });
      if (!old) throw keyErrors.notFound(name);
      if (!old.deleted) return;
      const kek = await keyStore.updateKek(em, name, { kmsProps: old.kmsProps, doc: old.doc, deleted: false });
      await this.record(em, actor, 'keys.kek.undeleted', kek, {});
    });
  }

  private record(em: EntityManager, actor: Principal, action: string, kek: Kek, extra: Record<string, unknown>) {
    return this.audit.append(em, {
      actor: actor.username,
      action,
      targetType: 'kek',
      targetId: kek.name,
      details: {
        kmsType: kek.kmsType,
        kmsKeyId: kek.kmsKeyId,
        // Names only: KMS properties may hold endpoints or account details that need not be copied.
        kmsProps: Object.keys(kek.kmsProps),
        doc: kek.doc,
        jurisdiction: kek.jurisdiction,
        deleted: kek.deleted,
        ...extra,
      },
    });
  }
}
