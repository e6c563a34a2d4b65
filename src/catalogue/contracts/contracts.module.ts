import { Module } from '@nestjs/common';
import { RegistryModule } from '../../registry/registry.module';
import { CatalogueModule } from '../catalogue.module';
import { EntityResolver } from '../entities/entity.resolver';
import { EntityService } from '../entities/entity.service';
import { ContractReportService } from './contract-report.service';
import { ContractResolver, TopicBudgetResolver } from './contract.resolver';
import { SchemaVersionContractResolver, TopicContractFieldsResolver } from './topic-contract-fields.resolver';
import { TopicContractService } from './topic-contract.service';
import { WaiverResolver } from './waiver.resolver';
import { WaiverService } from './waiver.service';

/**
 * Payload contracts and entities over GraphQL. The admission policy itself is bound in the
 * RegistryModule (it runs inside registrations); this module reads the registry, so it sits on top.
 */
@Module({
  imports: [RegistryModule, CatalogueModule],
  providers: [
    TopicContractService,
    ContractReportService,
    WaiverService,
    EntityService,
    ContractResolver,
    TopicBudgetResolver,
    WaiverResolver,
    EntityResolver,
    TopicContractFieldsResolver,
    SchemaVersionContractResolver,
  ],
})
export class ContractsModule {}
