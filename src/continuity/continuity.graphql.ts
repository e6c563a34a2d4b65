import { Args, Field, Float, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { isAdmin, isSteward, Principal } from '../auth/domain/principal';
import { Caller } from '../graphql/graphql-context';
import { forbidden, invalidInput } from '../kernel/domain-error';
import { ContinuityJobs } from './continuity-jobs';
import { continuityReport } from './continuity-report';

@ObjectType({ description: 'A backup written by the scheduled backup job.' })
export class Backup {
  @Field(() => ID, { description: 'Identifier of the backup record.' }) id: string;
  @Field({ description: 'File name in the backup directory.' }) fileName: string;
  @Field(() => GraphQLISODateTime, { description: 'When the backup was taken.' }) createdAt: Date;
  @Field(() => Float, { description: 'Size of the file in bytes.' }) sizeBytes: number;
  @Field({ description: 'SHA-256 of the backup content (as in its header).' }) sha256: string;
  @Field({ description: 'Jurisdiction the backup was made in and is kept in.' }) jurisdiction: string;
  @Field({ description: 'Whether the file is encrypted with AES-256-GCM.' }) encrypted: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the file was last read back and verified.' })
  lastVerifiedAt: Date | null;
}

@ObjectType({ description: 'A restore drill: a backup restored into a scratch database and checked.' })
export class RestoreDrill {
  @Field(() => ID, { description: 'Identifier of the drill (also the target of its audit entry).' }) id: string;
  @Field(() => GraphQLISODateTime, { description: 'When the drill began.' }) startedAt: Date;
  @Field(() => GraphQLISODateTime, { description: 'When it ended, the scratch database dropped.' }) finishedAt: Date;
  @Field({ description: 'The backup file drilled.' }) backupFile: string;
  @Field({ description: '`ok` or `failed`.' }) outcome: string;
  @Field(() => String, { nullable: true, description: 'Why the drill failed.' }) reason: string | null;
  @Field(() => Int, { description: 'Measured restore time in milliseconds (start to a verified restore).' }) rtoMs: number;
  @Field(() => Int, { description: 'Tables in the backup.' }) tables: number;
  @Field(() => Float, { description: 'Rows in the backup, all tables together.' }) rows: number;
}

@ObjectType({ description: 'A plane of Charter with its declared recovery objectives and its measured state.' })
export class ContinuityPlane {
  @Field({
    description: '`store` (catalogue and registry database), `webhooks` (outbound links) or `exporter:<name>` (a schema exporter).',
  })
  plane: string;
  @Field(() => Int, { description: 'Declared recovery point objective.' }) rpoSeconds: number;
  @Field(() => Int, { description: 'Declared recovery time objective.' }) rtoSeconds: number;
  @Field({ description: 'What the measured recovery point is.' }) measure: string;
  @Field(() => Float, { nullable: true, description: 'Measured now; null when nothing is measured yet.' }) measuredRpoSeconds:
    number | null;
  @Field(() => Float, { nullable: true, description: 'The last passed restore drill, for the planes a backup restores.' })
  measuredRtoSeconds: number | null;
  @Field({ description: 'Whether what is measured meets the objectives.' }) withinObjectives: boolean;
}

function requireOperator(caller: Principal) {
  if (!isAdmin(caller) && !isSteward(caller)) throw forbidden('Only admins and stewards can read backups, drills and continuity.');
}

@Resolver()
export class ContinuityResolver {
  constructor(private readonly jobs: ContinuityJobs) {}

  @Query(() => [Backup], { description: 'Backups kept, newest first (admins and stewards).' })
  async backups(@Caller() caller: Principal): Promise<Backup[]> {
    requireOperator(caller);
    return (await this.jobs.backups.list()).map((b) => ({ ...b, lastVerifiedAt: b.verifiedAt }));
  }

  @Query(() => [RestoreDrill], { description: 'Restore drills, newest first (admins and stewards).' })
  async drills(@Caller() caller: Principal): Promise<RestoreDrill[]> {
    requireOperator(caller);
    return this.jobs.drills.list();
  }

  @Query(() => [ContinuityPlane], { description: 'Recovery objectives and measured state per plane (admins and stewards).' })
  async continuity(@Caller() caller: Principal): Promise<ContinuityPlane[]> {
    requireOperator(caller);
    return continuityReport(this.jobs.database, this.jobs.config.continuity);
  }

  @Mutation(() => Backup, { description: 'Takes a backup now, outside the schedule (admins).' })
  async runBackup(@Caller() caller: Principal): Promise<Backup> {
    if (!isAdmin(caller)) throw forbidden('Only admins can start a backup.');
    if (!this.jobs.config.continuity.backup.dir)
      throw invalidInput('CHARTER_BACKUP_DIR', 'backups-off', 'Backups are off: CHARTER_BACKUP_DIR is not set.');
    await this.jobs.backupAndPrune();
    const [latest] = await this.jobs.backups.list(1);
    return { ...latest, lastVerifiedAt: latest.verifiedAt };
  }

  @Mutation(() => RestoreDrill, { description: 'Runs a restore drill now on the newest backup, or the named one (admins).' })
  async runRestoreDrill(
    @Caller() caller: Principal,
    @Args('backupFile', { nullable: true, description: 'A file name in the backup directory.' }) backupFile?: string,
  ): Promise<RestoreDrill> {
    if (!isAdmin(caller)) throw forbidden('Only admins can start a restore drill.');
    if (backupFile !== undefined && backupFile !== null && !/^charter-[A-Z]{2,8}-\d{8}T\d{9}Z\.backup(\.enc)?$/.test(backupFile)) {
      throw invalidInput(
        'backupFile',
        'backup-file-name',
        'backupFile must be the name of a backup in the backup directory, e.g. charter-EU-20261203T020000000Z.backup',
      );
    }
    const dir = this.jobs.config.continuity.backup.dir;
    return this.jobs.drillNow(backupFile && dir ? `${dir}/${backupFile}` : undefined);
  }
}
