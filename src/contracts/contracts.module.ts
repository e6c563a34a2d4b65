import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { EntityResolver } from '../catalogue/entities/entity.resolver';
import { EntityService } from '../catalogue/entities/entity.service';
import { ContractReportService } from './contract-report.service';
import { ContractResolver, TopicBudgetResolver } from './contract.resolver';
import { SchemaVersionContractResolver, TopicContractFieldsResolver } from './topic-contract-fields.resolver';
import { TopicContractService } from './topic-contract.service';
import { WaiverResolver } from './waiver.resolver';
import { WaiverService } from './waiver.service';

/**
 * Payload contracts and entities over GraphQL. The admission policy itself runs inside
 * registrations and is handed to the registry by the app's composition; this module reads the
 * registry (provided globally), so it sits on top.
 */
@Module({
  imports: [CatalogueModule],
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
