import { Controller, Get, Param, Query, Req, UseInterceptors } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { SCHEMA_TYPES } from '@charter/engine';
import { RegistryAccess } from '../registry/registry-access';
import { parseSchemaId as schemaId, queryFlag } from '../registry/registry-input';
import { RegistryQueryService } from '../registry/registry-query.service';
import { RegistryMediaInterceptor } from './registry-media';
import { wireSchema, wireSchemaString } from './registry-wire';
import { formatParam, paging } from './subjects.controller';

type Q = Record<string, unknown>;

/** `/schemas`: content by global id, served as long as any version (even soft-deleted) holds it. */
@Controller('schemas')
@UseInterceptors(RegistryMediaInterceptor)
export class SchemasController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly query: RegistryQueryService,
  ) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest, @Query() q: Q) {
    this.access.reader(req);
    const schemas = await this.query.listSchemas(
      q.subjectPrefix as string | undefined,
      queryFlag(q.deleted),
      queryFlag(q.latestOnly),
      paging(q),
    );
    return schemas.map(wireSchema);
  }

  @Get('types')
  types(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return [...SCHEMA_TYPES].reverse();
  }

  @Get('ids/:id')
  async byId(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    this.access.reader(req);
    const subjectHint = typeof q.subject === 'string' && q.subject !== '' ? q.subject : undefined;
    const s = await this.query.schemaById(schemaId(id), formatParam(q), subjectHint);
    return wireSchemaString(s, queryFlag(q.fetchMaxId) ? await this.query.maxSchemaId() : undefined);
  }

  /** Newer clients frame data with the content's guid instead of the id (Confluent ≥ 8.0). */
  @Get('guids/:guid')
  async byGuid(@Req() req: AuthenticatedRequest, @Param('guid') guid: string, @Query() q: Q) {
    this.access.reader(req);
    return wireSchemaString(await this.query.schemaByGuid(guid, formatParam(q)));
  }

  /** Only the default context exists, so a guid maps to exactly one id. */
  @Get('guids/:guid/ids')
  async guidIds(@Req() req: AuthenticatedRequest, @Param('guid') guid: string) {
    this.access.reader(req);
    return [{ context: '.', id: (await this.query.schemaByGuid(guid)).id }];
  }

  @Get('ids/:id/schema')
  async raw(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    this.access.reader(req);
    return (await this.query.schemaById(schemaId(id), formatParam(q))).schema;
  }

  @Get('ids/:id/subjects')
  async subjects(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    this.access.reader(req);
    const versions = await this.query.subjectVersionsOfSchema(schemaId(id), queryFlag(q.deleted));
    return [...new Set(versions.map((v) => v.subject))];
  }

  @Get('ids/:id/versions')
  versions(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    this.access.reader(req);
    return this.query.subjectVersionsOfSchema(schemaId(id), queryFlag(q.deleted));
  }
}
