import { Controller, Get, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { RegistryAccess } from '../registry/registry-access';
import { RegistryMediaInterceptor } from './registry-media';

/** Endpoints clients probe: the root, contexts (only the default one) and associations (none yet). */
@Controller()
@UseInterceptors(RegistryMediaInterceptor)
export class RegistryRootController {
  constructor(private readonly access: RegistryAccess) {}

  @Get()
  root() {
    return {};
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
