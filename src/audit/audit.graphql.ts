import { Args, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { IsDate, IsOptional, Length } from 'class-validator';
import GraphQLJSON from 'graphql-type-json';
import { isAdmin, isSteward, Principal } from '../auth/domain/principal';
import { ConnectionType, toConnection } from '../graphql/connection';
import { Caller } from '../graphql/graphql-context';
import { forbidden } from '../kernel/domain-error';
import { encodeCursor } from '../kernel/paging';
import { AuditService } from './audit.service';
import { CursorArg, PageSizeArg } from '../graphql/input-args';
import { FIELD_COSTS } from '../graphql/field-costs';

@ObjectType({ description: 'One change or decision, as recorded in the append-only audit log.' })
export class AuditEntry {
  @Field(() => ID, { description: 'Position in the log.' })
  seq: string;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  occurredAt: Date;

  @Field({ description: 'Who did it.' })
  actor: string;

  @Field({ description: 'What was done, e.g. `team.created`.' })
  action: string;

  @Field({ description: 'Kind of the thing changed, e.g. `team`.' })
  targetType: string;

  @Field({ description: 'Identifier of the thing changed.' })
  targetId: string;

  @Field(() => GraphQLJSON, { description: 'What changed (before/after where it applies).' })
  details: Record<string, unknown>;

  @Field({ description: 'Hash of the previous entry.' })
  prevHash: string;

  @Field({ description: 'SHA-256 of this entry chained to the previous one.' })
  hash: string;
}

@ObjectType({ description: 'A page of audit entries, newest first.' })
export class AuditEntryConnection extends ConnectionType(AuditEntry, 'AuditEntry') {}

@ObjectType({ description: 'Result of recomputing the audit chain.' })
export class AuditChainVerification {
  @Field({ description: 'Whether every chained entry chains to the one before, in positions 1..N without gaps.' })
  valid: boolean;

  @Field(() => Int, { description: 'Entries checked before the first break (all of them when valid).' })
  checked: number;

  @Field(() => Int, { description: 'Entries committed while the check ran and not chained yet; they are chained within about a second.' })
  unsealed: number;

  @Field(() => ID, { nullable: true, description: 'The first entry that does not chain.' })
  firstBrokenSeq?: string;

  @Field(() => String, {
    nullable: true,
    description: '`HASH_MISMATCH` (entry edited) or `PREVIOUS_HASH_MISMATCH` (entry removed or inserted).',
  })
  reason?: string;
}

@InputType({ description: 'Which audit entries to list.' })
export class AuditFilterInput {
  @Field({ nullable: true, description: 'Kind of target, e.g. `team`.' })
  @IsOptional()
  @Length(1, 100)
  targetType?: string;

  @Field({ nullable: true, description: 'Identifier of the target.' })
  @IsOptional()
  @Length(1, 300)
  targetId?: string;

  @Field({ nullable: true, description: 'Who acted.' })
  @IsOptional()
  @Length(1, 200)
  actor?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From this time (inclusive).' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Until this time (exclusive).' })
  @IsOptional()
  @IsDate()
  to?: Date;
}

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, { description: 'Audit entries, newest first (admins and stewards).' })
  async auditLog(
    @Caller() caller: Principal,
    @Args('filter', { nullable: true, description: 'Which entries to list.' }) filter: AuditFilterInput = {},
    @PageSizeArg(50) first: number | undefined,
    @CursorArg('Cursor of the last entry of the previous page.') after?: string,
  ): Promise<AuditEntryConnection> {
    requireAuditor(caller);
    const page = await this.audit.list(filter ?? {}, { first: first ?? 50, after });
    return toConnection(
      page,
      (e) => e,
      (e) => encodeCursor([e.seq]),
    );
  }

  @Query(() => AuditChainVerification, {
    complexity: FIELD_COSTS.wholeCatalogue,
    description: 'Recomputes the hash chain and reports the first broken link (admins and stewards).',
  })
  async verifyAuditChain(@Caller() caller: Principal): Promise<AuditChainVerification> {
    requireAuditor(caller);
    const result = await this.audit.verify();
    return {
      valid: result.valid,
      checked: result.checked,
      unsealed: result.unsealed,
      firstBrokenSeq: result.firstBreak?.seq,
      reason: result.firstBreak?.reason,
    };
  }
}

function requireAuditor(caller: Principal) {
  if (!isAdmin(caller) && !isSteward(caller)) throw forbidden('Only admins and stewards can read the audit log.');
}
