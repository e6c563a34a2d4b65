import { Controller, Get, HttpCode, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import accepts from 'accepts';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { RegistryAccess } from '../registry/registry-access';
import { RegistryMediaInterceptor } from './registry-media';
import { REGISTRY_ANSWER_TYPES } from './registry-media-types';

/** Endpoints clients probe: the root, contexts (only the default one) and associations (none yet). */
@Controller()
@UseInterceptors(RegistryMediaInterceptor)
export class RegistryRootController {
  constructor(private readonly access: RegistryAccess) {}

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

  @Get('contexts')
  contexts(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return ['.'];
  }

  /** The official JS client (≥1.9) asks first; `[]` makes it fall back to TopicNameStrategy. */
  @Get('associations/resources/:namespace/:name')
  associations(@Req() req: AuthenticatedRequest) {
    this.access.reader(req);
    return [];
  }
}
