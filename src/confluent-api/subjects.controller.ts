import { Body, Controller, HttpCode, Delete, Get, Param, Post, Query, Req } from '@nestjs/common';
import { Principal } from '../auth/domain/principal';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { RegistryAccess } from '../registry/registry-access';
import { registryErrors } from '../registry/registry-errors';
import { parseRegisterRequest, parseVersion, queryFlag, queryInt } from '../registry/registry-input';
import { RegistryQueryService } from '../registry/registry-query.service';
import { SchemaLookupService } from '../registry/schema-lookup.service';
import { SchemaRegistrationService } from '../registry/schema-registration.service';
import { SubjectDeletionService } from '../registry/subject-deletion.service';
import { DeprecationGuards } from '../usage/deprecation-guards';
import { UsageRecorder } from '../usage/usage-recorder';
import { RegistryMedia } from './registry-media';
import { QualifiedSubjectPipe } from './subject-param';
import { wireSchema } from './registry-wire';

type Q = Record<string, unknown>;

/** `/subjects`: register, look up, read and delete versions (docs/reference/confluent-registry.md, part 1.2 "Subjects"). */
@Controller('subjects')
@RegistryMedia()
export class SubjectsController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly query: RegistryQueryService,
    private readonly lookups: SchemaLookupService,
    private readonly registration: SchemaRegistrationService,
    private readonly deletion: SubjectDeletionService,
    private readonly usage: UsageRecorder,
    private readonly guards: DeprecationGuards,
  ) {}

  @Get()
  list(@Req() req: AuthenticatedRequest, @Query() q: Q) {
    this.access.reader(req);
    const filter = { deleted: queryFlag(q.deleted), deletedOnly: queryFlag(q.deletedOnly) };
    return this.query.listSubjects(q.subjectPrefix as string | undefined, filter, paging(q));
  }

  @Post(':subject')
  @HttpCode(200)
  async lookup(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Query() q: Q,
    @Body() body: unknown,
  ) {
    const reader = await this.access.subjectReader(req, subject);
    const options = { normalize: queryFlag(q.normalize), deleted: queryFlag(q.deleted), format: formatParam(q) };
    return wireSchema(this.observed(reader, req, await this.lookups.lookup(subject, parseRegisterRequest(body), options)));
  }

  /** The newest version whose metadata properties hold every `key`=`value` pair (repeated params). */
  @Get(':subject/metadata')
  async latestWithMetadata(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string, @Query() q: Q) {
    const reader = await this.access.subjectReader(req, subject);
    const version = await this.query.latestWithMetadata(subject, propertyPairs(q), queryFlag(q.deleted), formatParam(q));
    return wireSchema(this.observed(reader, req, version));
  }

  @Delete(':subject')
  async remove(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string, @Query() q: Q) {
    return this.deletion.deleteSubject(await this.access.writer(req, subject), subject, queryFlag(q.permanent));
  }

  @Get(':subject/versions')
  versions(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string, @Query() q: Q) {
    this.access.reader(req);
    const filter = {
      deleted: queryFlag(q.deleted),
      deletedOnly: queryFlag(q.deletedOnly),
      deletedAsNegative: queryFlag(q.deletedAsNegative),
    };
    return this.query.listVersions(subject, filter, paging(q));
  }

  @Post(':subject/versions')
  @HttpCode(200)
  async register(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Query() q: Q,
    @Body() body: unknown,
  ) {
    const actor = await this.access.writer(req, subject);
    const options = { normalize: queryFlag(q.normalize), force: queryFlag(q.force) };
    return wireSchema(await this.registration.register(actor, subject, parseRegisterRequest(body), options));
  }

  @Get(':subject/versions/:version')
  async version(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Param('version') version: string,
    @Query() q: Q,
  ) {
    const reader = await this.access.subjectReader(req, subject);
    const found = await this.query.getVersion(subject, parseVersion(version), queryFlag(q.deleted), formatParam(q));
    return wireSchema(this.observed(reader, req, found));
  }

  @Get(':subject/versions/:version/schema')
  async rawSchema(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Param('version') version: string,
    @Query() q: Q,
  ) {
    const reader = await this.access.subjectReader(req, subject);
    return this.observed(reader, req, await this.query.getVersion(subject, parseVersion(version), queryFlag(q.deleted))).schema;
  }

  @Get(':subject/versions/:version/referencedby')
  referencedBy(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Param('version') version: string,
  ) {
    this.access.reader(req);
    return this.query.referencedBy(subject, parseVersion(version));
  }

  @Delete(':subject/versions/:version')
  async removeVersion(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Param('version') version: string,
    @Query() q: Q,
  ) {
    const actor = await this.access.writer(req, subject);
    const spec = parseVersion(version);
    // A version consumers read in the last 7 days answers 409 (40910) with its readers, unless an admin forces it.
    await this.guards.checkVersionDelete(actor, subject, spec, queryFlag(q.force));
    return this.deletion.deleteVersion(actor, subject, spec, queryFlag(q.permanent));
  }

  /** Counts the read for usage (who reads which schema) and hands the version on. */
  private observed<V extends { subject: string; id: number }>(reader: Principal, req: AuthenticatedRequest, version: V): V {
    this.usage.observe(reader, req.headers, version.id, version.subject);
    return version;
  }
}

export function formatParam(q: Q): string | undefined {
  return typeof q.format === 'string' ? q.format : undefined;
}

function propertyPairs(q: Q): Array<[string, string]> {
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  const keys = list(q.key);
  const values = list(q.value);
  if (keys.length !== values.length) throw registryErrors.malformed("Query parameters 'key' and 'value' must come in pairs.");
  return keys.map((k, i) => [k, values[i]]);
}

export function paging(q: Q) {
  return { offset: queryInt(q.offset, 0), limit: queryInt(q.limit, -1) };
}
