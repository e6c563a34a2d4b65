import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { AuthenticatedRequest, requireAuthenticated } from '../auth/request-principal';
import { RegistryMedia } from '../confluent-api/registry-media';
import { queryFlag, queryInt } from '../registry/registry-input';
import { DekAddress, DekService } from './dek.service';
import {
  checkAlgorithm,
  checkKekName,
  checkSubject,
  parseCreateDek,
  parseCreateKek,
  parseKeyVersion,
  parseUpdateKek,
} from './domain/key-requests';
import { KekService } from './kek.service';
import { page, wireDek, wireKek } from './key-wire';

type Q = Record<string, unknown>;

/**
 * Confluent's key registry, `/dek-registry/v1/keks` (README, "Field encryption and the key
 * registry"): the paths, bodies and error codes the official clients' encryption executors use. Every request needs an authenticated principal: a DEK is handed out
 * only to whom the topic's owner let read it, so no anonymous reads here.
 */
@Controller('dek-registry/v1/keks')
@RegistryMedia()
export class DekRegistryController {
  constructor(
    private readonly keks: KekService,
    private readonly deks: DekService,
  ) {}

  @Get()
  async listKeks(@Req() req: AuthenticatedRequest, @Query() q: Q) {
    requireAuthenticated(req);
    const subjectPrefix = ([] as unknown[]).concat(q.subjectPrefix ?? []).filter((p): p is string => typeof p === 'string');
    const names = await this.keks.list({ subjectPrefix, deleted: queryFlag(q.deleted) });
    return page(names, queryInt(q.offset, 0), queryInt(q.limit, -1));
  }

  @Post()
  @HttpCode(200)
  async createKek(@Req() req: AuthenticatedRequest, @Body() body: unknown) {
    const actor = requireAuthenticated(req);
    return wireKek(await this.keks.create(actor, parseCreateKek(body)));
  }

  @Get(':name')
  async getKek(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Query() q: Q) {
    requireAuthenticated(req);
    return wireKek(await this.keks.get(checkKekName(name), queryFlag(q.deleted)));
  }

  @Put(':name')
  async updateKek(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Body() body: unknown) {
    const actor = requireAuthenticated(req);
    return wireKek(await this.keks.update(actor, checkKekName(name), parseUpdateKek(body)));
  }

  @Delete(':name')
  @HttpCode(204)
  async deleteKek(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Query() q: Q) {
    const actor = requireAuthenticated(req);
    await this.keks.delete(actor, checkKekName(name), queryFlag(q.permanent));
  }

  @Post(':name/undelete')
  @HttpCode(204)
  async undeleteKek(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    const actor = requireAuthenticated(req);
    await this.keks.undelete(actor, checkKekName(name));
  }

  @Get(':name/deks')
  async listDekSubjects(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Query() q: Q) {
    requireAuthenticated(req);
    const subjects = await this.deks.subjects(checkKekName(name), queryFlag(q.deleted));
    return page(subjects, queryInt(q.offset, 0), queryInt(q.limit, -1));
  }

  /** The older create path, with the subject in the body; clients fall back to it on a 405. */
  @Post(':name/deks')
  @HttpCode(200)
  async createDekFromBody(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Body() body: unknown) {
    const actor = requireAuthenticated(req);
    return wireDek(await this.deks.create(actor, checkKekName(name), parseCreateDek(body)));
  }

  @Post(':name/deks/:subject')
  @HttpCode(200)
  async createDek(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Param('subject') subject: string, @Body() body: unknown) {
    const actor = requireAuthenticated(req);
    return wireDek(await this.deks.create(actor, checkKekName(name), parseCreateDek(body, checkSubject(subject))));
  }

  /** Version 1 of the subject's DEK, as Confluent answers this path. */
  @Get(':name/deks/:subject')
  async getDek(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Param('subject') subject: string, @Query() q: Q) {
    const actor = requireAuthenticated(req);
    return wireDek(await this.deks.read(actor, address(name, subject, q), 1, queryFlag(q.deleted)));
  }

  @Delete(':name/deks/:subject')
  @HttpCode(204)
  async deleteDek(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Param('subject') subject: string, @Query() q: Q) {
    const actor = requireAuthenticated(req);
    await this.deks.delete(actor, address(name, subject, q), undefined, queryFlag(q.permanent));
  }

  @Post(':name/deks/:subject/undelete')
  @HttpCode(204)
  async undeleteDek(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Param('subject') subject: string, @Query() q: Q) {
    const actor = requireAuthenticated(req);
    await this.deks.undelete(actor, address(name, subject, q), undefined);
  }

  @Get(':name/deks/:subject/versions')
  async listDekVersions(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Param('subject') subject: string, @Query() q: Q) {
    requireAuthenticated(req);
    const versions = await this.deks.versions(address(name, subject, q), queryFlag(q.deleted));
    return page(versions, queryInt(q.offset, 0), queryInt(q.limit, -1));
  }

  @Get(':name/deks/:subject/versions/:version')
  async getDekVersion(
    @Req() req: AuthenticatedRequest,
    @Param('name') name: string,
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query() q: Q,
  ) {
    const actor = requireAuthenticated(req);
    const at = address(name, subject, q);
    return wireDek(await this.deks.read(actor, at, parseKeyVersion(version), queryFlag(q.deleted)));
  }

  @Delete(':name/deks/:subject/versions/:version')
  @HttpCode(204)
  async deleteDekVersion(
    @Req() req: AuthenticatedRequest,
    @Param('name') name: string,
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query() q: Q,
  ) {
    const actor = requireAuthenticated(req);
    const at = address(name, subject, q);
    await this.deks.delete(actor, at, parseKeyVersion(version), queryFlag(q.permanent));
  }

  @Post(':name/deks/:subject/versions/:version/undelete')
  @HttpCode(204)
  async undeleteDekVersion(
    @Req() req: AuthenticatedRequest,
    @Param('name') name: string,
    @Param('subject') subject: string,
    @Param('version') version: string,
    @Query() q: Q,
  ) {
    const actor = requireAuthenticated(req);
    const at = address(name, subject, q);
    await this.deks.undelete(actor, at, parseKeyVersion(version));
  }
}

function address(name: string, subject: string, q: Q): DekAddress {
  const algorithm = Array.isArray(q.algorithm) ? q.algorithm[0] : q.algorithm;
  return { kekName: checkKekName(name), subject: checkSubject(subject), algorithm: checkAlgorithm(algorithm) };
}
