import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { SCHEMA_TYPES } from '@charter/engine';
import { RegistryAccess } from '../registry/registry-access';
import { parseSchemaId as schemaId, queryFlag } from '../registry/registry-input';
import { registryErrors } from '../registry/registry-errors';
import { RegistryQueryService } from '../registry/registry-query.service';
import { UsageRecorder } from '../usage/usage-recorder';
import { RegistryMedia } from './registry-media';
import { wireSchema, wireSchemaString } from './registry-wire';
import { formatParam, paging } from './subjects.controller';

type Q = Record<string, unknown>;

/** `/schemas`: content by global id, served as long as any version (even soft-deleted) holds it. */
@Controller('schemas')
@RegistryMedia()
export class SchemasController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly query: RegistryQueryService,
    private readonly usage: UsageRecorder,
  ) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest, @Query() q: Q) {
    const actor = this.access.reader(req);
    const schemas = await this.query.listSchemas(
      q.subjectPrefix as string | undefined,
      queryFlag(q.deleted),
      queryFlag(q.latestOnly),
      paging(q),
    );
    return (await this.access.readableEntries(actor, schemas)).map(wireSchema);
  }

  @Get('types')
  types(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return [...SCHEMA_TYPES].reverse();
  }

  @Get('ids/:id')
  async byId(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    const reader = await this.access.schemaIdReader(req, schemaId(id));
    const s = await this.query.schemaById(schemaId(id), formatParam(q), subjectHint(q));
    this.usage.observe(reader, req.headers, s.id, s.holder?.subject);
    return wireSchemaString(s, queryFlag(q.fetchMaxId) ? await this.query.maxSchemaId(s.holder?.context) : undefined);
  }

  /** Newer clients frame data with the content's guid instead of the id (Confluent ≥ 8.0). */
  @Get('guids/:guid')
  async byGuid(@Req() req: AuthenticatedRequest, @Param('guid') guid: string, @Query() q: Q) {
    const reader = this.access.reader(req);
    const s = await this.query.schemaByGuid(guid, formatParam(q));
    await this.access.schemaIdReader(req, s.id);
    this.usage.observe(reader, req.headers, s.id);
    return wireSchemaString(s);
  }

  /** The content's id in every context holding it, the default context first. */
  @Get('guids/:guid/ids')
  async guidIds(@Req() req: AuthenticatedRequest, @Param('guid') guid: string) {
    this.access.reader(req);
    const ids = await this.query.idsOfGuid(guid);
    if (ids.length === 0) throw registryErrors.schemaNotFound();
    return ids;
  }

  @Get('ids/:id/schema')
  async raw(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    const reader = await this.access.schemaIdReader(req, schemaId(id));
    const s = await this.query.schemaById(schemaId(id), formatParam(q), subjectHint(q));
    this.usage.observe(reader, req.headers, s.id);
    return s.schema;
  }

  @Get('ids/:id/subjects')
  async subjects(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    this.access.reader(req);
    const versions = await this.query.subjectVersionsOfSchema(schemaId(id), queryFlag(q.deleted), subjectHint(q));
    return [...new Set(versions.map((v) => v.subject))];
  }

  @Get('ids/:id/versions')
  versions(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() q: Q) {
    this.access.reader(req);
    return this.query.subjectVersionsOfSchema(schemaId(id), queryFlag(q.deleted), subjectHint(q));
  }
}

/** `?subject=` names the context (and subject) an id is read in (docs/reference/contexts.md); absent: the default context. */
function subjectHint(q: Q): string | undefined {
  return typeof q.subject === 'string' && q.subject !== '' ? q.subject : undefined;
}
