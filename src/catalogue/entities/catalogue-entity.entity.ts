import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRow } from '../../database/versioned-row';
import type { SchemaType } from '@charter/engine';

/** A system-of-record entity (Customer, Order...) whose copies the replica guard looks for in events. */
@Entity({ name: 'catalogue_entity' })
export class CatalogueEntityEntity extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'owner_team_id', type: 'uuid' })
  ownerTeamId: string;

  @Column({ name: 'source_system', type: 'text' })
  sourceSystem: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', array: true })
  attributes: string[];

  /** The schema the attributes were read from, when they were. */
  @Column({ name: 'schema_type', type: 'text', nullable: true })
  schemaType: SchemaType | null;

  @Column({ type: 'text', nullable: true })
  schema: string | null;
}
