import { deepest, leafFields } from '../field-stats';
import { Finding, listOf, Severity } from '../finding';
import { SchemaField } from '../schema-fields';
import { ContractCheck } from './rule-input';

/**
 * Field budget, total growth and depth. A version that is over a limit its predecessor was
 * already over, without making it worse, only warns: blocking it would block the clean-up too.
 */
export function sizeFindings({ contract, candidate, history }: ContractCheck): Finding[] {
  const findings: Finding[] = [];
  const latest = history.at(-1);
  const first = history[0];
  const leaves = leafFields(candidate);

  if (leaves.length > contract.maxLeafFields) {
    const before = latest ? leafFields(latest).length : undefined;
    findings.push({
      rule: 'field-budget',
      severity: notWorse(before, leaves.length, contract.maxLeafFields),
      path: '',
      message: `The schema has ${leaves.length} leaf fields; the contract allows ${contract.maxLeafFields}${before !== undefined ? ` (the previous version had ${before})` : ''}.`,
      hint: 'Carry references (ids) to the records consumers need instead of their attributes, and publish unrelated facts as separate event types.',
    });
  }

  if (latest) {
    const added = addedLeaves(leaves, latest);
    if (added.length > contract.maxFieldsAddedPerVersion) {
      findings.push({
        rule: 'growth-per-version',
        severity: 'BLOCK',
        path: '',
        message: `This version adds ${added.length} leaf fields (${listOf(added)}); the contract allows ${contract.maxFieldsAddedPerVersion} per version.`,
        hint: 'Add only what consumers need to react to the change; anything they can look up by reference should stay in its system of record.',
      });
    }
  }

  if (first) {
    const added = addedLeaves(leaves, first);
    if (added.length > contract.maxFieldsAddedTotal) {
      const before = latest ? addedLeaves(leafFields(latest), first).length : undefined;
      findings.push({
        rule: 'growth-total',
        severity: notWorse(before, added.length, contract.maxFieldsAddedTotal),
        path: '',
        message: `Since the topic's first version the schema has gained ${added.length} leaf fields (${listOf(added)}); the contract allows ${contract.maxFieldsAddedTotal} in total.`,
        hint: 'The event is turning into a copy of a record: drop fields consumers can look up by reference, or move a deliberate state transfer to a STATE topic with its own contract.',
      });
    }
  }

  const depth = deepest(candidate);
  if (depth > contract.maxDepth) {
    const tooDeep = candidate.filter((f) => f.depth > contract.maxDepth);
    findings.push({
      rule: 'max-depth',
      severity: notWorse(latest ? deepest(latest) : undefined, depth, contract.maxDepth),
      path: tooDeep[0].path,
      message: `Fields are nested ${depth} levels deep (${listOf(tooDeep.map((f) => f.path))}); the contract allows ${contract.maxDepth}.`,
      hint: 'Flatten the structure: carry the id of a nested record instead of the record itself.',
    });
  }
  return findings;
}

function addedLeaves(leaves: SchemaField[], reference: SchemaField[]): string[] {
  const known = new Set(reference.map((f) => f.path));
  return leaves.filter((f) => !known.has(f.path)).map((f) => f.path);
}

function notWorse(previous: number | undefined, now: number, limit: number): Severity {
  return previous !== undefined && previous > limit && now <= previous ? 'WARN' : 'BLOCK';
}
