import { Controller, Get, Req } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { RegistryMedia } from '../confluent-api/registry-media';
import { RegistryAccess } from '../registry/registry-access';
import { InstanceInfo } from './instance-info';

/**
 * Confluent's `/v1/metadata/id` and `/v1/metadata/version`. Charter adds a `charter` object naming its
 * jurisdiction and region: an exporter in another Charter reads it to know where its schemas go.
 */
@Controller('v1/metadata')
@RegistryMedia()
export class MetadataController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly instance: InstanceInfo,
  ) {}

  @Get('id')
  async id(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    const facts = await this.instance.facts();
    return {
      scope: { path: [], clusters: { 'schema-registry-cluster': facts.id } },
      id: facts.id,
      charter: { id: facts.id, name: facts.name, jurisdiction: facts.jurisdiction, region: facts.region, version: facts.version },
    };
  }

  @Get('version')
  async version(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return { version: (await this.instance.facts()).version, commitId: '' };
  }
}
