import { Global, Module } from '@nestjs/common';
import { AuditSealJob } from './audit-seal.job';
import { AuditResolver } from './audit.graphql';
import { AuditService } from './audit.service';

/** Global: every module that writes records its changes here, in the same transaction. */
@Global()
@Module({ providers: [AuditService, AuditResolver, AuditSealJob], exports: [AuditService] })
export class AuditModule {}
