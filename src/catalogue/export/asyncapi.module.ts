import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue.module';
import { AsyncApiController } from './asyncapi.controller';
import { AsyncApiExportService } from './asyncapi-export.service';
import { AsyncApiResolver } from './asyncapi.resolver';

/** The AsyncAPI export: it reads the catalogue and the registry (provided globally), so it sits above both. */
@Module({
  imports: [CatalogueModule],
  controllers: [AsyncApiController],
  providers: [AsyncApiExportService, AsyncApiResolver],
})
export class AsyncapiModule {}
