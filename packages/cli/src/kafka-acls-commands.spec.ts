import { AclBinding, renderKafkaAclsCommands, shellQuote } from './kafka-acls-commands';

describe('kafka-acls commands', () => {
  const binding = (b: Partial<AclBinding>): AclBinding => ({
    principal: 'User:svc-fraud',
    host: '*',
    operation: 'READ',
    permissionType: 'ALLOW',
    resourceType: 'TOPIC',
    resourceName: 'payments.settled',
    patternType: 'LITERAL',
    ...b,
  });
  // What the server answers for a READ grant to svc-fraud and a WRITE grant to svc-ledger.
  const bindings = [
    binding({}),
    binding({ operation: 'DESCRIBE' }),
    binding({ resourceType: 'GROUP', resourceName: 'fraud-scoring', patternType: 'PREFIXED' }),
    binding({ principal: 'User:svc-ledger', operation: 'WRITE' }),
    binding({ principal: 'User:svc-ledger', operation: 'DESCRIBE' }),
  ];

  it('renders one kafka-acls command per principal and resource', () => {
    expect(renderKafkaAclsCommands(bindings, { bootstrapServer: 'kafka:9092' })).toEqual([
      "kafka-acls --bootstrap-server kafka:9092 --add --allow-principal User:svc-fraud --allow-host '*' --operation Read --operation Describe --topic payments.settled --resource-pattern-type literal",
      "kafka-acls --bootstrap-server kafka:9092 --add --allow-principal User:svc-fraud --allow-host '*' --operation Read --group fraud-scoring --resource-pattern-type prefixed",
      "kafka-acls --bootstrap-server kafka:9092 --add --allow-principal User:svc-ledger --allow-host '*' --operation Write --operation Describe --topic payments.settled --resource-pattern-type literal",
    ]);
  });

  it('passes a command config and quotes what a shell would split or expand', () => {
    const [cmd] = renderKafkaAclsCommands([binding({ principal: "User:CN=svc ledger,O=it's", operation: 'WRITE' })], {
      bootstrapServer: 'kafka:9092',
      commandConfig: '/etc/kafka/admin client.properties',
    });
    expect(cmd).toContain("--command-config '/etc/kafka/admin client.properties'");
    expect(cmd).toContain(`--allow-principal 'User:CN=svc ledger,O=it'\\''s'`);
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
  });
});
