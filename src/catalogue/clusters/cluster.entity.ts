import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRow } from '../../database/versioned-row';

/** A Kafka cluster topics live on; its name is its alias in MirrorMaker 2 configuration. */
@Entity({ name: 'kafka_cluster' })
export class ClusterEntity extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  region: string;

  @Column({ type: 'text' })
  jurisdiction: string;

  @Column({ name: 'availability_zones', type: 'text', array: true })
  availabilityZones: string[];

  /** Plain `host:port` list; never a credential. */
  @Column({ name: 'bootstrap_servers', type: 'text' })
  bootstrapServers: string;

  /** The cluster topics that name none live on (existing topics moved to it by the migration). */
  @Column({ name: 'is_default', type: 'boolean' })
  isDefault: boolean;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;
}
