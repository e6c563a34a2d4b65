import { Body, Controller, Delete, Get, Param, Put, Query, Req } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { RegistryAccess } from '../registry/registry-access';
import { queryFlag, requireBody } from '../registry/registry-input';
import { RegistrySettingsService } from '../registry/registry-settings.service';
import { RegistryMedia } from './registry-media';
import { QualifiedSubjectPipe } from './subject-param';
import { wireConfig, wireConfigUpdate } from './registry-wire';

type Q = Record<string, unknown>;

/** `/config` and `/mode`, global and per subject (docs/reference/confluent-registry.md, part 1.2 "Config", "Mode"). */
@Controller()
@RegistryMedia()
export class SettingsController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly settings: RegistrySettingsService,
  ) {}

  @Get('config')
  async globalConfig(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return wireConfig(await this.settings.getConfig(undefined, true));
  }

  @Get('config/:subject')
  async subjectConfig(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string, @Query() q: Q) {
    this.access.reader(req);
    return wireConfig(await this.settings.getConfig(subject, queryFlag(q.defaultToGlobal)));
  }

  @Put('config')
  async putGlobalConfig(@Req() req: AuthenticatedRequest, @Body() body: unknown) {
    return wireConfigUpdate(await this.settings.putConfig(await this.access.writer(req, undefined), undefined, requireBody(body)));
  }

  @Put('config/:subject')
  async putSubjectConfig(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string, @Body() body: unknown) {
    return wireConfigUpdate(await this.settings.putConfig(await this.access.writer(req, subject), subject, requireBody(body)));
  }

  @Delete('config')
  async deleteGlobalConfig(@Req() req: AuthenticatedRequest) {
    return wireConfig(await this.settings.deleteConfig(await this.access.writer(req, undefined), undefined));
  }

  @Delete('config/:subject')
  async deleteSubjectConfig(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string) {
    return wireConfig(await this.settings.deleteConfig(await this.access.writer(req, subject), subject));
  }

  @Get('mode')
  async globalMode(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return { mode: await this.settings.getMode(undefined, true) };
  }

  @Get('mode/:subject')
  async subjectMode(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string, @Query() q: Q) {
    this.access.reader(req);
    return { mode: await this.settings.getMode(subject, queryFlag(q.defaultToGlobal)) };
  }

  @Put('mode')
  async putGlobalMode(@Req() req: AuthenticatedRequest, @Body() body: unknown, @Query() q: Q) {
    return {
      mode: await this.settings.putMode(await this.access.writer(req, undefined), undefined, requireBody(body).mode, queryFlag(q.force)),
    };
  }

  @Put('mode/:subject')
  async putSubjectMode(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Body() body: unknown,
    @Query() q: Q,
  ) {
    return {
      mode: await this.settings.putMode(await this.access.writer(req, subject), subject, requireBody(body).mode, queryFlag(q.force)),
    };
  }

  @Delete('mode')
  async deleteGlobalMode(@Req() req: AuthenticatedRequest) {
    return { mode: await this.settings.deleteMode(await this.access.writer(req, undefined), undefined) };
  }

  @Delete('mode/:subject')
  async deleteSubjectMode(@Req() req: AuthenticatedRequest, @Param('subject', QualifiedSubjectPipe) subject: string) {
    return { mode: await this.settings.deleteMode(await this.access.writer(req, subject), subject) };
  }
}
