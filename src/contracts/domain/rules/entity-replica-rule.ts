import { normalizeName, referenceName } from '../field-names';
import { Finding, listOf } from '../finding';
import { ContractCheck, EntityDescription } from './rule-input';

/**
 * An EVENT whose fields cover more than the contract's share of an entity's attributes is a
 * replica of that entity. Names match without case and separators, at any depth, and also with
 * the entity's name in front (`customerEmail` is Customer's `email`) — except `<entity>Id`,
 * which is the reference the event should carry. Fields that satisfy required fields (the
 * event's own id and time) are envelope, not entity data.
 */
export function replicaFindings(check: ContractCheck, envelope: Set<string>): Finding[] {
  if (check.intent !== 'EVENT') return [];
  // Built once (first field of a name wins): catalogues have many entities, schemas many fields.
  const byName = new Map<string, string>();
  for (const field of check.candidate) {
    const name = normalizeName(field.name);
    if (!envelope.has(field.path) && !byName.has(name)) byName.set(name, field.path);
  }
  return check.entities.flatMap((entity) => {
    const overlap = overlapOf(entity, byName);
    if (!overlap || overlap.share <= check.contract.entityOverlapThreshold) return [];
    const percent = (share: number) => `${Math.round(share * 100)}%`;
    const source = entity.sourceSystem ? ` (system of record: ${entity.sourceSystem})` : '';
    return [
      {
        rule: 'entity-replica' as const,
        severity: 'BLOCK' as const,
        path: commonParent(overlap.paths),
        message:
          `The schema carries ${overlap.paths.length} of ${overlap.total} attributes (${percent(overlap.share)}) of entity ${entity.name}${source}: ` +
          `${listOf(overlap.paths, 12)}. More than ${percent(check.contract.entityOverlapThreshold)} makes this event a replica of the entity.`,
        hint: `Carry \`${referenceName(entity.name)}\` and let consumers query ${entity.sourceSystem ?? `the ${entity.name.toLowerCase()} service`} for the rest; keep only the attributes that describe the change.`,
      },
    ];
  });
}

interface Overlap {
  share: number;
  total: number;
  /** One field path per matched attribute. */
  paths: string[];
}

/** An attribute matches a field of its name, or of the entity's name followed by it (not `<entity>Id`). */
function overlapOf(entity: EntityDescription, byName: Map<string, string>): Overlap | undefined {
  const attributes = [...new Set(entity.attributes.map(normalizeName).filter(Boolean))];
  if (attributes.length === 0) return undefined;
  const prefix = normalizeName(entity.name);
  const matched = attributes.flatMap((a) => {
    const path = byName.get(a) ?? (a !== 'id' && prefix ? byName.get(prefix + a) : undefined);
    return path === undefined ? [] : [path];
  });
  return { share: matched.length / attributes.length, total: attributes.length, paths: [...new Set(matched)] };
}

/** The deepest field that encloses all matched fields ('' for the root). */
function commonParent(paths: string[]): string {
  const split = paths.map((p) => p.split('.'));
  const common: string[] = [];
  for (let i = 0; split.every((s) => s.length > i + 1 && s[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.join('.').replace(/\[\]$/, '');
}
