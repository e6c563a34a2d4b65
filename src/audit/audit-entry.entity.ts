import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity' })
  seq: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'target_type', type: 'text' })
  targetType: string;

  @Column({ name: 'target_id', type: 'text' })
  targetId: string;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  /** Place in the hash chain; null until the sealer has chained the entry (see audit-sealer.ts). */
  @Column({ name: 'chain_pos', type: 'bigint', nullable: true })
  chainPos: string | null;

  @Column({ name: 'prev_hash', type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text', nullable: true })
  hash: string | null;
}

/** An entry the sealer has chained. */
export type SealedAuditEntry = AuditEntryEntity & { chainPos: string; prevHash: string; hash: string };
