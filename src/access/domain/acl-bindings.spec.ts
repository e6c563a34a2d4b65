import { aclBindings, exportable, GrantForAcl } from './acl-bindings';

describe('ACL bindings implied by grants', () => {
  const read = {
    topic: 'payments.settled',
    operation: 'READ' as const,
    kafkaPrincipal: 'User:svc-fraud',
    applicationName: 'fraud-scoring',
    ownerApproved: false,
  };
  const write = {
    topic: 'payments.settled',
    operation: 'WRITE' as const,
    kafkaPrincipal: 'User:svc-ledger',
    applicationName: 'ledger',
    ownerApproved: true,
  };

  it('gives a reader Read and Describe on the topic and Read on its group prefix', () => {
    expect(aclBindings([read])).toEqual([
      {
        principal: 'User:svc-fraud',
        host: '*',
        operation: 'READ',
        permissionType: 'ALLOW',
        resourceType: 'TOPIC',
        resourceName: 'payments.settled',
        patternType: 'LITERAL',
      },
      {
        principal: 'User:svc-fraud',
        host: '*',
        operation: 'DESCRIBE',
        permissionType: 'ALLOW',
        resourceType: 'TOPIC',
        resourceName: 'payments.settled',
        patternType: 'LITERAL',
      },
      {
        principal: 'User:svc-fraud',
        host: '*',
        operation: 'READ',
        permissionType: 'ALLOW',
        resourceType: 'GROUP',
        resourceName: 'fraud-scoring',
        patternType: 'PREFIXED',
      },
    ]);
  });

  it('gives a writer Write and Describe on the topic and no group', () => {
    expect(aclBindings([write]).map((b) => `${b.resourceType}:${b.operation}`)).toEqual(['TOPIC:WRITE', 'TOPIC:DESCRIBE']);
  });

  it('collapses the bindings of overlapping grants (a renewal) into one set', () => {
    expect(aclBindings([read, read, write])).toHaveLength(5);
  });

  it.each([
    ['READ', 'User:svc-fraud', false, true],
    ['READ', 'User:svc-fraud', true, true],
    ['WRITE', 'User:svc-ledger', false, false],
    ['WRITE', 'User:svc-ledger', true, true],
    ['READ', 'User:*', false, false],
    ['READ', 'User:*', true, true],
    ['WRITE', 'User:*', false, false],
    ['WRITE', 'User:*', true, true],
    ['READ', 'User:svc-*', false, false],
    ['READ', '*', false, false],
    ['READ', '', true, false],
    ['WRITE', 'User:', true, false],
  ] as const)('exports %s for %j (owner approved: %s): %s', (operation, kafkaPrincipal, ownerApproved, exported) => {
    const grant: GrantForAcl = { ...read, operation, kafkaPrincipal, ownerApproved };
    expect(exportable(grant)).toBe(exported);
    expect(aclBindings([grant]).length > 0).toBe(exported);
  });
});
