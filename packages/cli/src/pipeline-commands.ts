import { Command } from 'commander';
import { registerAclCommands } from './acl-commands';
import { registerMirrorCommands } from './mirror-commands';
import { registerSchemaCommands } from './schema-commands';

/**
 * The commands a CI pipeline runs, all of them talking to a server over HTTP or to nothing at all
 * (`check --offline`). The slim `charter` of this package is exactly these; the server's `charter`
 * registers the same ones beside its operator commands. A new pipeline command registers here.
 */
export function registerPipelineCommands(program: Command): void {
  registerSchemaCommands(program);
  registerAclCommands(program);
  registerMirrorCommands(program);
}
