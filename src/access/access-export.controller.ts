import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthenticatedRequest, requireAuthenticated } from '../auth/request-principal';
import { GrantQueryService } from './grant-query.service';
import { recordsCsv } from './records-of-processing';

/** Plain HTTP exports for pipelines and privacy officers: Kafka ACLs and the records of processing. */
@Controller()
export class AccessExportController {
  constructor(private readonly grants: GrantQueryService) {}

  /** The ACL bindings a topic's active grants imply, for a GitOps pipeline to apply. */
  @Get('topics/:name/acls')
  async acls(@Req() req: AuthenticatedRequest, @Param('name') name: string) {
    const bindings = await this.grants.aclsOfTopic(requireAuthenticated(req), name);
    return { topic: name, bindings };
  }

  @Get('catalogue/records-of-processing.csv')
  async recordsOfProcessing(@Req() req: AuthenticatedRequest, @Res() res: FastifyReply, @Query('topic') topic?: string) {
    const rows = await this.grants.recordsOfProcessing(requireAuthenticated(req), typeof topic === 'string' && topic ? topic : undefined);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="records-of-processing.csv"')
      .header('cache-control', 'no-store')
      .send(recordsCsv(rows));
  }
}
