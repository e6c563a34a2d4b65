import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRow } from '../../database/versioned-row';

@Entity({ name: 'team' })
export class TeamEntity extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  name: string;
}

@Entity({ name: 'team_member' })
export class TeamMemberEntity {
  @Column({ name: 'team_id', type: 'uuid', primary: true })
  teamId: string;

  @Column({ type: 'text', primary: true })
  username: string;

  @Column({ name: 'added_at', type: 'timestamptz', insert: false, update: false })
  addedAt: Date;
}
