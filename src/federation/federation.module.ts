import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OperationsModule } from '../operations/operations.module';
import { ExporterMetrics } from './exporter-metrics';
import { ExporterResolver } from './exporter.graphql';
import { ExporterService } from './exporter.service';
import { ExporterWorker } from './exporter-worker';
import { ExportersController } from './exporters.controller';
import { InstanceInfo } from './instance-info';
import { MetadataController } from './metadata.controller';

/** Several jurisdictions: this deployment's identity, and governed schema exporters to other registries. */
@Module({
  imports: [AuditModule, OperationsModule],
  controllers: [ExportersController, MetadataController],
  providers: [InstanceInfo, ExporterService, ExporterWorker, ExporterMetrics, ExporterResolver],
  exports: [InstanceInfo],
})
export class FederationModule {}
