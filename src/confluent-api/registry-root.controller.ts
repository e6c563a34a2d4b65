import { All, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import accepts from 'accepts';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { DomainError } from '../kernel/domain-error';
import { RegistryAccess } from '../registry/registry-access';
import { registryErrors } from '../registry/registry-errors';
import { RegistryQueryService } from '../registry/registry-query.service';
import { RegistryMediaInterceptor } from './registry-media';
import { contextNameOf } from './context-path';
import { REGISTRY_ANSWER_TYPES } from './registry-media-types';
import { paging } from './subjects.controller';

/** Endpoints clients probe: the root, contexts and associations (none yet). */
@Controller()
@UseInterceptors(RegistryMediaInterceptor)
export class RegistryRootController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly query: RegistryQueryService,
  ) {}

  /** Registry clients get `{}`; a browser (HTML preferred over JSON) is sent to the portal. */
  @Get()
  root(@Req() req: AuthenticatedRequest, @Res() res: FastifyReply) {
    const accept = req.headers.accept;
    if (accept && accepts(req.raw).type([...REGISTRY_ANSWER_TYPES, 'text/html']) === 'text/html') return res.redirect('/portal', 302);
    return res.send({});
  }

  @Post()
  @HttpCode(200)
  rootPost() {
    return {};
  }

  /** `.` and every context holding a subject (docs/reference/contexts.md). */
  @Get('contexts')
  contexts(@Req() req: AuthenticatedRequest, @Query() q: Record<string, unknown>) {
    this.access.reader(req);
    const prefix = typeof q.contextPrefix === 'string' ? q.contextPrefix : undefined;
    return this.query.listContexts(prefix, paging(q));
  }

  /**
   * A context URL whose name is malformed ends here (see context-path.ts), as does a bare
   * `/contexts/{context}`, which names no resource (contexts are not deleted: they exist while they hold subjects).
   */
  @All('contexts/:context')
  context(@Param('context') context: string) {
    if (contextNameOf(encodeURIComponent(context)) === undefined) {
      throw registryErrors.malformed(
        `Context name '${context}' is malformed: a context name is not empty, has no ':' and no control characters.`,
      );
    }
    throw new DomainError(
      'NOT_FOUND',
      `No such resource: '/contexts/${context}' lists nothing; use '/contexts/${context}/subjects' and the like.`,
    );
  }

  /** The official JS client (≥1.9) asks first; `[]` makes it fall back to TopicNameStrategy. */
  @Get('associations/resources/:namespace/:name')
  associations(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return [];
  }
}
