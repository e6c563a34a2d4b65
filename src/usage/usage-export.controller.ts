import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthenticatedRequest, requireAuthenticated } from '../auth/request-principal';
import { invalidInput } from '../kernel/domain-error';
import { consumersCsv } from './consumers-csv';
import { UsageQueryService } from './usage-query.service';

/** The auditors' export: who reads which topic, from the observed registry reads. */
@Controller()
export class UsageExportController {
  constructor(private readonly usage: UsageQueryService) {}

  /** Stewards and admins get every topic; others their teams' topics. `?topic=` narrows, `?days=` limits the window. */
  @Get('catalogue/consumers.csv')
  async consumers(
    @Req() req: AuthenticatedRequest,
    @Res() res: FastifyReply,
    @Query('topic') topic?: unknown,
    @Query('days') days?: unknown,
  ) {
    const caller = requireAuthenticated(req);
    const window = days === undefined || days === '' ? undefined : Number(days);
    if (window !== undefined && (!Number.isInteger(window) || window < 1 || window > 3650)) {
      throw invalidInput('days', 'day-window', "'days' must be a whole number of days from 1 to 3650.");
    }
    const only = typeof topic === 'string' && topic !== '' ? topic : undefined;
    const topics = await this.usage.consumersForExport(caller, this.usage.since(window), only);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="consumers.csv"')
      .header('cache-control', 'no-store')
      .send(consumersCsv(topics));
  }
}
