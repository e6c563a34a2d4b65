import { All, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import accepts from 'accepts';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { DomainError } from '../kernel/domain-error';
import { RegistryAccess } from '../registry/registry-access';
import { registryErrors } from '../registry/registry-errors';
import { contextPrefix, DEFAULT_CONTEXT } from '../registry/qualified-subject';
import { RegistryQueryService } from '../registry/registry-query.service';
import { SubjectDeletionService } from '../registry/subject-deletion.service';
import { RegistryMedia } from './registry-media';
import { contextNameOf } from './context-path';
import { REGISTRY_ANSWER_TYPES } from './registry-media-types';
import { paging } from './subjects.controller';

/** Endpoints clients probe: the root, contexts and associations (none yet). */
@Controller()
@RegistryMedia()
export class RegistryRootController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly query: RegistryQueryService,
    private readonly deletion: SubjectDeletionService,
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
   * `DELETE /contexts/{context}` deletes an empty context (204). A context URL whose name is
   * malformed ends here too (see context-path.ts), with any method, and is told what is wrong.
   */
  @All('contexts/:context')
  async context(@Req() req: AuthenticatedRequest, @Res() res: FastifyReply, @Param('context') raw: string) {
    const context = contextNameOf(encodeURIComponent(raw));
    if (context === undefined) {
      throw registryErrors.malformed(
        `Context name '${raw}' is malformed: a context name is not empty, has no ':' and no control characters.`,
      );
    }
    if (req.method !== 'DELETE') {
      throw new DomainError(
        'NOT_FOUND',
        `No such resource: use '/contexts/${raw}/subjects' and the like, or DELETE to delete the context.`,
      );
    }
    const actor = await this.access.writer(req, context === DEFAULT_CONTEXT ? undefined : contextPrefix(context));
    await this.deletion.deleteContext(actor, context);
    return res.code(204).send();
  }

  /** The official JS client (≥1.9) asks first; `[]` makes it fall back to TopicNameStrategy. */
  @Get('associations/resources/:namespace/:name')
  associations(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return [];
  }
}
