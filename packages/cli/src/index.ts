// What the server's own `charter` (operator commands, the demo loader) shares with the slim one.
export { registerPipelineCommands } from './pipeline-commands';
export { ConnectionError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './cli-errors';
export { loadCliEnvironment, resolveServerConnection } from './cli-config';
export type { CliEnvironment, ServerConnection } from './cli-config';
export { RegistryClient, subjectPath } from './registry-client';
export type { RegistryAnswer } from './registry-client';
