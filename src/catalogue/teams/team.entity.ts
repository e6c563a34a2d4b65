import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'team' })
export class TeamEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
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
