/** One Kafka ACL binding as the server's `/topics/{topic}/acls` answers it (Kafka's AclBinding terms). */
export interface AclBinding {
  principal: string;
  host: string;
  operation: 'READ' | 'WRITE' | 'DESCRIBE';
  permissionType: 'ALLOW';
  resourceType: 'TOPIC' | 'GROUP';
  resourceName: string;
  patternType: 'LITERAL' | 'PREFIXED';
}

export interface KafkaAclsOptions {
  bootstrapServer: string;
  commandConfig?: string;
}

/** `kafka-acls` spellings of operations and pattern types. */
const OPERATION_NAME: Record<AclBinding['operation'], string> = { READ: 'Read', WRITE: 'Write', DESCRIBE: 'Describe' };

/**
 * One `kafka-acls --add` command per principal and resource, with every operation it needs;
 * arguments are single-quoted for POSIX shells so names are passed through unchanged.
 */
export function renderKafkaAclsCommands(bindings: readonly AclBinding[], options: KafkaAclsOptions): string[] {
  const groups = new Map<string, AclBinding[]>();
  for (const b of bindings) {
    const key = JSON.stringify([b.principal, b.host, b.resourceType, b.resourceName, b.patternType]);
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    const args = [
      'kafka-acls',
      '--bootstrap-server',
      shellQuote(options.bootstrapServer),
      ...(options.commandConfig ? ['--command-config', shellQuote(options.commandConfig)] : []),
      '--add',
      '--allow-principal',
      shellQuote(first.principal),
      '--allow-host',
      shellQuote(first.host),
      ...group.flatMap((b) => ['--operation', OPERATION_NAME[b.operation]]),
      first.resourceType === 'TOPIC' ? '--topic' : '--group',
      shellQuote(first.resourceName),
      '--resource-pattern-type',
      first.patternType.toLowerCase(),
    ];
    return args.join(' ');
  });
}

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9._:=/@,+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
