import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedRequest, requireAuthenticated } from '../auth/request-principal';
import { RegistryMedia } from '../confluent-api/registry-media';
import { exporterStore } from './exporter.store';
import { ExporterService } from './exporter.service';
import { wireExporter, wireStatus } from './exporter-wire';

/**
 * Confluent's schema-linking API (`/exporters`), governed: see docs in the README, "Running Charter in
 * several jurisdictions". Admins define and steer exporters; stewards may read them.
 */
@Controller()
@RegistryMedia()
export class ExportersController {
  constructor(
    private readonly exporters: ExporterService,
    private readonly dataSource: DataSource,
  ) {}

  @Get('exporters')
  list(@Req() req: AuthenticatedRequest) {
    return this.exporters.names(requireAuthenticated(req));
  }

  @Post('exporters')
  @HttpCode(200)
  async create(@Req() req: AuthenticatedRequest, @Body() body: unknown) {
    const e = await this.exporters.create(requireAuthenticated(req), body);
    return { name: e.name };
  }

  @Get('exporters/:name')
  async get(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    return wireExporter(await this.exporters.get(requireAuthenticated(req), name));
  }

  @Put('exporters/:name')
  async update(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Body() body: unknown) {
    return { name: (await this.exporters.update(requireAuthenticated(req), name, body)).name };
  }

  @Get('exporters/:name/config')
  async config(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    return (await this.exporters.get(requireAuthenticated(req), name)).config;
  }

  @Put('exporters/:name/config')
  async putConfig(@Req() req: AuthenticatedRequest, @Param('name') name: string, @Body() body: unknown) {
    return { name: (await this.exporters.update(requireAuthenticated(req), name, body, true)).name };
  }

  @Get('exporters/:name/status')
  async status(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    const e = await this.exporters.get(requireAuthenticated(req), name);
    const [skipped, lag] = await Promise.all([exporterStore.skipped(this.dataSource, name), exporterStore.lag(this.dataSource)]);
    return wireStatus(
      e,
      skipped,
      lag.find((l) => l.name === name),
    );
  }

  @Put('exporters/:name/pause')
  async pause(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    return { name: (await this.exporters.pause(requireAuthenticated(req), name)).name };
  }

  @Put('exporters/:name/resume')
  async resume(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    return { name: (await this.exporters.resume(requireAuthenticated(req), name)).name };
  }

  @Put('exporters/:name/reset')
  async reset(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    return { name: (await this.exporters.reset(requireAuthenticated(req), name)).name };
  }

  @Delete('exporters/:name')
  async remove(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    await this.exporters.delete(requireAuthenticated(req), name);
    return { name };
  }
}
