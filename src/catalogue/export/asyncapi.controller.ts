import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { requireAuthenticated } from '../../auth/request-principal';
import type { AuthenticatedRequest } from '../../auth/request-principal';
import { AsyncApiExportService } from './asyncapi-export.service';
import { AsyncApiFormat, MEDIA_TYPES, negotiateFormat, serialise, teamParam } from './asyncapi-format';

/** The catalogue as an AsyncAPI 3.0 document; reads need a principal, as over GraphQL. */
@Controller('catalogue')
export class AsyncApiController {
  constructor(private readonly exports: AsyncApiExportService) {}

  @Get('asyncapi.yaml')
  yaml(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: FastifyReply,
    @Query() q: Record<string, unknown>,
    @Headers('accept') accept?: string,
  ) {
    return this.render(req, res, q.team, negotiateFormat(q.format, accept));
  }

  @Get('asyncapi.json')
  json(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: FastifyReply, @Query() q: Record<string, unknown>) {
    return this.render(req, res, q.team, 'json');
  }

  private async render(req: AuthenticatedRequest, res: FastifyReply, team: unknown, format: AsyncApiFormat): Promise<string> {
    requireAuthenticated(req);
    const text = serialise(await this.exports.document(teamParam(team)), format);
    res.header('content-type', MEDIA_TYPES[format]);
    res.header('vary', 'Accept');
    return text;
  }
}
