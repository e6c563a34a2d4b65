import { Body, Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/request-principal';
import { CompatibilityAnswer, CompatibilityCheckService } from '../registry/compatibility-check.service';
import { RegistryAccess } from '../registry/registry-access';
import { parseRegisterRequest, parseVersion, queryFlag } from '../registry/registry-input';
import { RegistryMedia } from './registry-media';
import { QualifiedSubjectPipe } from './subject-param';

type Q = Record<string, unknown>;

/** "Would this schema be accepted?" — reads only, so open to readers. */
@Controller('compatibility/subjects')
@RegistryMedia()
export class CompatibilityController {
  constructor(
    private readonly access: RegistryAccess,
    private readonly checks: CompatibilityCheckService,
  ) {}

  @Post(':subject/versions/:version')
  @HttpCode(200)
  async againstVersion(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Param('version') version: string,
    @Query() q: Q,
    @Body() body: unknown,
  ) {
    this.access.reader(req);
    const spec = parseVersion(version);
    return answer(await this.checks.againstVersion(subject, spec, parseRegisterRequest(body), options(q)), q);
  }

  @Post(':subject/versions')
  @HttpCode(200)
  async againstAll(
    @Req() req: AuthenticatedRequest,
    @Param('subject', QualifiedSubjectPipe) subject: string,
    @Query() q: Q,
    @Body() body: unknown,
  ) {
    this.access.reader(req);
    return answer(await this.checks.againstAll(subject, parseRegisterRequest(body), options(q)), q);
  }
}

const options = (q: Q) => ({ normalize: queryFlag(q.normalize), verbose: queryFlag(q.verbose) });

/**
 * `messages` only with `verbose=true`, as Confluent does. `findings` (Charter's payload-contract
 * findings, read by `charter check`) only for subjects a contract governs; clients ignore it.
 */
function answer(a: CompatibilityAnswer, q: Q) {
  const findings = a.findings === undefined ? {} : { findings: a.findings };
  return queryFlag(q.verbose)
    ? { is_compatible: a.isCompatible, messages: a.messages, ...findings }
    : { is_compatible: a.isCompatible, ...findings };
}
