import { Column, VersionColumn } from 'typeorm';

/**
 * The columns every editable row carries: when it was created (set by the database), when it last
 * changed, and the optimistic version that guards concurrent edits.
 */
export abstract class VersionedRow {
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
