import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue.module';
import { RegistryModule } from '../../registry/registry.module';
import { AsyncApiController } from './asyncapi.controller';
import { AsyncApiExportService } from './asyncapi-export.service';
import { AsyncApiResolver } from './asyncapi.resolver';

/** The AsyncAPI export: it reads the catalogue and the registry, so it sits beside both. */
@Module({
  imports: [CatalogueModule, RegistryModule],
  controllers: [AsyncApiController],
  providers: [AsyncApiExportService, AsyncApiResolver],
})
export class AsyncapiModule {}
