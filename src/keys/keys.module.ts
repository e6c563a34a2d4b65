import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { DekRegistryController } from './dek-registry.controller';
import { DekService } from './dek.service';
import { KekResolver, TopicEncryptionKeysResolver } from './graphql/key.resolver';
import { KekService } from './kek.service';
import { KeyAccess } from './key-access';
import { KeyReportService } from './key-report.service';

/**
 * The key registry for client-side field encryption (Confluent's `/dek-registry/v1`), sovereign:
 * KEKs declare their KMS's jurisdiction, DEKs stay with topics of that jurisdiction and go only to
 * the owning team and READ grantees. It reads grants, so it sits above the access module.
 */
@Module({
  imports: [AccessModule],
  controllers: [DekRegistryController],
  providers: [KeyAccess, KekService, DekService, KeyReportService, KekResolver, TopicEncryptionKeysResolver],
})
export class KeysModule {}
