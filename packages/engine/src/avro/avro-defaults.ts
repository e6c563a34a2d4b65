import { SCHEMA_LIMITS } from '../limits';
import { AvroField, AvroNode, describeNode } from './avro-model';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * Why a field's default does not match its type, or undefined when it does. Mirrors the strict
 * validation of Avro (and avsc): a union default must match the union's FIRST branch.
 */
export function checkFieldDefault(field: AvroField): string | undefined {
  return valid(field.type, field.default, 0)
    ? undefined
    : `The default value ${preview(field.default)} is not a valid ${describeNode(field.type)}${firstBranchHint(field.type)}`;
}

function valid(node: AvroNode, value: unknown, depth: number): boolean {
  // Recursive record types admit defaults nested deeper than the schema itself.
  if (depth > SCHEMA_LIMITS.maxDepth) return false;
  switch (node.kind) {
    case 'primitive':
      return validPrimitive(node.type, value);
    case 'enum':
      return typeof value === 'string' && node.symbols.includes(value);
    case 'fixed':
      return typeof value === 'string' && value.length === node.size;
    case 'array':
      return Array.isArray(value) && value.every((item) => valid(node.items, item, depth + 1));
    case 'map':
      return isObject(value) && Object.values(value).every((v) => valid(node.values, v, depth + 1));
    case 'union':
      return node.branches.length > 0 && valid(node.branches[0], value, depth + 1);
    case 'record':
      return isObject(value) && node.fields.every((f) => (f.name in value ? valid(f.type, value[f.name], depth + 1) : f.hasDefault));
  }
}

function validPrimitive(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX;
    case 'long':
      return Number.isInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number';
    default:
      return typeof value === 'string';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstBranchHint(node: AvroNode): string {
  if (node.kind !== 'union' || node.branches.length === 0) return '';
  return `; a union default must match its first branch (${describeNode(node.branches[0])})`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
