import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthenticatedRequest, requireAuthenticated } from '../../auth/request-principal';
import { MirrorExportService } from './mirror-export.service';

/** MirrorMaker 2 configuration for a pipeline that deploys the mirrors Charter approved. */
@Controller()
export class MirrorExportController {
  constructor(private readonly exports: MirrorExportService) {}

  @Get('clusters/:name/mirrormaker2.properties')
  async mirrorMaker2(
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
    @Param('name') name: string,
    @Query('target') target?: unknown,
  ) {
    requireAuthenticated(req);
    const text = await this.exports.mirrorMaker2(name, typeof target === 'string' ? target : undefined);
    res
      .status(200)
      .type('text/x-java-properties; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-mirrormaker2.properties"`)
      .header('cache-control', 'no-store')
      .send(text);
  }
}
