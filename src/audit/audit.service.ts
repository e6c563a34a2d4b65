import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Clock } from '../kernel/clock';
import { checkPageSize, decodeCursor, encodeCursor, Page, PageRequest } from '../kernel/paging';
import { ChainBreak, findBreak, GENESIS_HASH } from './audit-chain';
import { AuditEntryEntity, SealedAuditEntry } from './audit-entry.entity';
import { countUnsealed, sealPending } from './audit-sealer';
import { AuditFilter, auditStore } from './audit.store';

export interface AuditEvent {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstBreak?: ChainBreak;
  /** Entries committed after the check began, not chained yet (the sealer chains them within a second). */
  unsealed: number;
}

const VERIFY_BATCH = 1_000;
/** SQLSTATE of a write refused by a read-only transaction (a hot standby): reads still answer. */
const READ_ONLY_SQL_TRANSACTION = '25006';

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);
  /** Transactions that appended an entry: their commit asks for a sealing pass. */
  private readonly appendedIn = new WeakSet<QueryRunner>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Must be called inside the transaction that makes the change, so both commit or neither. The
   * entry is inserted unchained and takes no lock: the sealer chains it after commit.
   */
  async append(manager: EntityManager, event: AuditEvent): Promise<AuditEntryEntity> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside the transaction of the change it records');
    }
    const occurredAt = this.clock.now();
    const seq = await auditStore.insert(manager, { ...event, occurredAt });
    this.appendedIn.add(runner);
    return Object.assign(new AuditEntryEntity(), {
      ...event,
      occurredAt,
      seq,
      chainPos: null,
      prevHash: null,
      hash: null,
    });
  }

  /** Whether `runner`'s transaction appended entries (asked once, when it has committed). */
  takeAppended(runner: QueryRunner): boolean {
    return this.appendedIn.delete(runner);
  }

  /** Chains every committed entry now, waiting for a sealer already at work. */
  async seal(): Promise<number> {
    return (await sealPending(this.dataSource, { wait: true })).sealed;
  }

  /** Entries a caller has just seen acknowledged are listed: pending ones are sealed first. */
  async list(filter: AuditFilter, page: PageRequest): Promise<Page<SealedAuditEntry>> {
    const first = checkPageSize(page.first);
    await this.sealIfWritable();
    const before = page.after ? String(decodeCursor(page.after, ['int'])[0]) : undefined;
    const { rows, totalCount } = await auditStore.page(this.dataSource.manager, filter, before, first + 1);
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return {
      items,
      totalCount,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor([last.seq]) : undefined,
    };
  }

  /**
   * Seals what is pending, then recomputes every hash in chain order and reports the first entry
   * that does not chain, or a position missing from 1..N.
   */
  async verify(): Promise<ChainVerification> {
    await this.sealIfWritable();
    let prev = GENESIS_HASH;
    let afterPos = 0n;
    let checked = 0;
    for (;;) {
      const rows = await auditStore.chainedAfter(this.dataSource.manager, afterPos, VERIFY_BATCH);
      if (rows.length === 0) return { valid: true, checked, unsealed: await countUnsealed(this.dataSource) };
      const gap = rows.findIndex((r, i) => BigInt(r.chainPos) !== afterPos + BigInt(i + 1));
      const result = findBreak(gap < 0 ? rows : rows.slice(0, gap), prev);
      const broken = result.break ?? (gap < 0 ? undefined : { seq: rows[gap].seq, reason: 'PREVIOUS_HASH_MISMATCH' as const });
      if (broken) {
        const index = rows.findIndex((r) => r.seq === broken.seq);
        return { valid: false, checked: checked + index, firstBreak: broken, unsealed: await countUnsealed(this.dataSource) };
      }
      checked += rows.length;
      prev = result.lastHash;
      afterPos = BigInt(rows[rows.length - 1].chainPos);
    }
  }

  private async sealIfWritable(): Promise<void> {
    try {
      await this.seal();
    } catch (err) {
      const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code;
      if (code !== READ_ONLY_SQL_TRANSACTION) throw err;
      this.logger.debug('Read-only database: listing and verifying the entries sealed so far');
    }
  }
}
