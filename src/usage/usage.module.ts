import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DeprecationGuards } from './deprecation-guards';
import { RecipientUsageResolver, TopicUsageResolver, UsageResolver } from './graphql/usage.resolver';
import { ShadowConsumerDetector } from './shadow-consumer.detector';
import { UsageExportController } from './usage-export.controller';
import { UsageQueryService } from './usage-query.service';
import { UsageRecorderModule } from './usage-recorder.module';

/**
 * Who really reads what: the consumers of each topic, unused grants, shadow consumers, deprecation
 * readiness and its guards, from the registry reads the recorder counts.
 */
@Module({
  imports: [CatalogueModule, UsageRecorderModule],
  controllers: [UsageExportController],
  providers: [UsageQueryService, ShadowConsumerDetector, DeprecationGuards, TopicUsageResolver, RecipientUsageResolver, UsageResolver],
  exports: [DeprecationGuards, UsageQueryService],
})
export class UsageModule {}
