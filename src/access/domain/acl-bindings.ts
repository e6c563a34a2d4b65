import { AccessOperation } from './access-vocabulary';
import { principalShape } from './kafka-principal';

/** The parts of an active grant that Kafka enforces. */
export interface GrantForAcl {
  topic: string;
  operation: AccessOperation;
  kafkaPrincipal: string;
  applicationName: string;
  /** Whether a member of the owning team approved it (an OWNER slot was filled with APPROVED). */
  ownerApproved: boolean;
}

/**
 * A grant that only the topic's owner may give — WRITE, or any wildcard principal — is exported
 * only when an owner did give it. Grants made before that rule existed (or written around it)
 * stay in the records, but never reach the cluster; a blank principal never does.
 */
export function exportable(grant: GrantForAcl): boolean {
  const shape = principalShape(grant.kafkaPrincipal);
  if (shape === 'blank') return false;
  if (grant.operation !== 'READ' || shape === 'wildcard') return grant.ownerApproved;
  return true;
}

export type AclOperation = 'READ' | 'WRITE' | 'DESCRIBE';
export type AclResourceType = 'TOPIC' | 'GROUP';
export type AclPatternType = 'LITERAL' | 'PREFIXED';

/** One Kafka ACL binding, in the terms of Kafka's AclBinding (resource pattern + access entry). */
export interface AclBinding {
  principal: string;
  host: string;
  operation: AclOperation;
  permissionType: 'ALLOW';
  resourceType: AclResourceType;
  resourceName: string;
  patternType: AclPatternType;
}

/**
 * READ needs Read and Describe on the topic and Read on the consumer's groups, which are matched
 * by a prefix: the application's name (so `fraud-scoring`, `fraud-scoring-replay` both work).
 * WRITE needs Write and Describe on the topic. Duplicates (a renewal overlapping its predecessor)
 * collapse into one binding.
 */
export function aclBindings(grants: readonly GrantForAcl[]): AclBinding[] {
  const byKey = new Map<string, AclBinding>();
  const add = (b: Omit<AclBinding, 'host' | 'permissionType'>) => {
    const binding: AclBinding = { ...b, host: '*', permissionType: 'ALLOW' };
    byKey.set(
      JSON.stringify([binding.principal, binding.resourceType, binding.patternType, binding.resourceName, binding.operation]),
      binding,
    );
  };
  for (const g of grants) {
    if (!exportable(g)) continue;
    const topic = { principal: g.kafkaPrincipal, resourceType: 'TOPIC' as const, resourceName: g.topic, patternType: 'LITERAL' as const };
    if (g.operation === 'READ') {
      add({ ...topic, operation: 'READ' });
      add({ ...topic, operation: 'DESCRIBE' });
      add({
        principal: g.kafkaPrincipal,
        resourceType: 'GROUP',
        resourceName: g.applicationName,
        patternType: 'PREFIXED',
        operation: 'READ',
      });
    } else {
      add({ ...topic, operation: 'WRITE' });
      add({ ...topic, operation: 'DESCRIBE' });
    }
  }
  return [...byKey.values()].sort(compareBindings);
}

const ORDER: Record<string, number> = { TOPIC: 0, GROUP: 1, READ: 0, WRITE: 1, DESCRIBE: 2 };

function compareBindings(a: AclBinding, b: AclBinding): number {
  return (
    a.principal.localeCompare(b.principal) ||
    ORDER[a.resourceType] - ORDER[b.resourceType] ||
    a.resourceName.localeCompare(b.resourceName) ||
    ORDER[a.operation] - ORDER[b.operation]
  );
}
