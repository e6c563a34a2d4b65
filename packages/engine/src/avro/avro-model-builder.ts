import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { checkFieldDefault } from './avro-defaults';
import {
  AVRO_PRIMITIVES,
  AvroArray,
  AvroEnum,
  AvroField,
  AvroFixed,
  AvroMap,
  AvroNamed,
  AvroNode,
  AvroPrimitiveName,
  AvroProps,
  AvroRecord,
  AvroUnion,
  isNamed,
} from './avro-model';
import { isValidFullName, isValidName, qualify } from './avro-names';

type Json = Record<string, unknown>;

const PRIMITIVES = new Set<string>(AVRO_PRIMITIVES);
/** Attributes Avro interprets itself; everything else on a schema object is a custom property. */
const SCHEMA_RESERVED = new Set(['type', 'name', 'namespace', 'doc', 'aliases', 'fields', 'symbols', 'size', 'items', 'values']);
const FIELD_RESERVED = new Set(['name', 'type', 'doc', 'default', 'order', 'aliases']);
const ORDERS = new Set(['ascending', 'descending', 'ignore']);

/**
 * Turns parsed JSON into the Avro model, resolving names as Apache Avro does (types must be
 * defined before use, except a record inside its own fields). Shared by a schema and all its
 * references through `names`, so references make their named types available. Limits are
 * enforced here, before any other recursion can run away.
 */
export class AvroModelBuilder {
  private nodes = 0;

  constructor(
    private readonly names: Map<string, AvroNamed>,
    private readonly strict: boolean,
    /** Prefix for error locations, e.g. "reference 'com.acme.Address'". */
    private readonly source = '',
  ) {}

  build(json: unknown): AvroNode {
    return this.node(json, '', '', 0);
  }

  private node(json: unknown, namespace: string, path: string, depth: number): AvroNode {
    if (depth > SCHEMA_LIMITS.maxDepth) {
      this.fail(`Schema is nested more than ${SCHEMA_LIMITS.maxDepth} levels deep.`, abbreviate(path));
    }
    if (typeof json === 'string') return this.byName(json, namespace, path);
    if (Array.isArray(json)) return this.union(json, namespace, path, depth);
    if (json === null || typeof json !== 'object') {
      this.fail(`Expected a type name, a type object or a union array, found ${JSON.stringify(json)}.`, path);
    }
    const obj = json as Json;
    this.assertShallow(obj, path);
    const type = obj.type;
    if (typeof type !== 'string') {
      this.fail(`A type object needs a "type" attribute naming the type, found ${JSON.stringify(type)}.`, path);
    }
    if (PRIMITIVES.has(type)) {
      return { kind: 'primitive', type: type as AvroPrimitiveName, props: propsOf(obj, SCHEMA_RESERVED) };
    }
    switch (type) {
      case 'record':
      case 'error':
        return this.record(obj, namespace, path, depth);
      case 'enum':
        return this.enumType(obj, namespace, path);
      case 'fixed':
        return this.fixed(obj, namespace, path);
      case 'array':
        return this.array(obj, namespace, path, depth);
      case 'map':
        return this.map(obj, namespace, path, depth);
      default:
        return this.fail(`Unknown type "${type}": expected a primitive, record, enum, fixed, array or map.`, `${path}/type`);
    }
  }

  private byName(ref: string, namespace: string, path: string): AvroNode {
    if (PRIMITIVES.has(ref)) return { kind: 'primitive', type: ref as AvroPrimitiveName, props: [] };
    const found = (!ref.includes('.') && namespace ? this.names.get(`${namespace}.${ref}`) : undefined) ?? this.names.get(ref);
    if (!found) {
      this.fail(
        `Undefined type name "${ref}": it is neither a primitive nor a named type defined earlier in this schema or its references.`,
        path || '/',
      );
    }
    return found;
  }

  private union(branches: unknown[], namespace: string, path: string, depth: number): AvroUnion {
    const seen = new Set<string>();
    const nodes = branches.map((branch, i) => {
      if (Array.isArray(branch)) this.fail('A union cannot directly contain another union.', `${path}/${i}`);
      const node = this.node(branch, namespace, `${path}/${i}`, depth + 1);
      const key = isNamed(node) ? node.fullName : node.kind === 'primitive' ? node.type : node.kind;
      if (seen.has(key)) this.fail(`The union contains "${key}" twice.`, `${path}/${i}`);
      seen.add(key);
      return node;
    });
    return { kind: 'union', branches: nodes };
  }

  private record(obj: Json, namespace: string, path: string, depth: number): AvroRecord {
    const named = this.named(obj, namespace, path);
    if (!Array.isArray(obj.fields)) this.fail(`Record '${named.fullName}' needs a "fields" array.`, `${path}/fields`);
    const record: AvroRecord = { kind: 'record', isError: obj.type === 'error', ...named, fields: [] };
    this.define(record, path);
    const fieldNames = new Set<string>();
    obj.fields.forEach((field: unknown, i: number) => {
      const parsed = this.field(field, record, `${path}/fields/${i}`, depth);
      if (fieldNames.has(parsed.name)) {
        this.fail(`Record '${record.fullName}' has two fields named '${parsed.name}'.`, `${path}/fields/${i}/name`);
      }
      fieldNames.add(parsed.name);
      record.fields.push(parsed);
    });
    return record;
  }

  private field(json: unknown, record: AvroRecord, path: string, depth: number): AvroField {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      this.fail(`Each field of record '${record.fullName}' must be an object with a name and a type.`, path);
    }
    const obj = json as Json;
    const name = obj.name;
    if (typeof name !== 'string' || (this.strict && !isValidName(name))) {
      this.fail(`Invalid field name ${JSON.stringify(name)} in record '${record.fullName}'.`, `${path}/name`);
    }
    if (!('type' in obj)) this.fail(`Field '${name}' in record '${record.fullName}' has no type.`, `${path}/type`);
    this.count(path);
    const type = this.node(obj.type, record.namespace, `${path}/type`, depth + 1);
    const order = obj.order;
    if (order !== undefined && !ORDERS.has(order as string)) {
      this.fail(`Field '${name}' has order ${JSON.stringify(order)}; use ascending, descending or ignore.`, `${path}/order`);
    }
    this.assertShallow(obj, path);
    const field: AvroField = {
      name,
      type,
      doc: this.optionalString(obj, 'doc', path),
      hasDefault: 'default' in obj,
      default: obj.default,
      order: order as AvroField['order'],
      aliases: this.stringList(obj, 'aliases', path),
      props: propsOf(obj, FIELD_RESERVED),
    };
    if (this.strict && field.hasDefault) {
      const problem = checkFieldDefault(field);
      if (problem) this.fail(`${problem} (field '${name}' in record '${record.fullName}').`, `${path}/default`);
    }
    return field;
  }

  private enumType(obj: Json, namespace: string, path: string): AvroEnum {
    const named = this.named(obj, namespace, path);
    const symbols = obj.symbols;
    if (!Array.isArray(symbols)) this.fail(`Enum '${named.fullName}' needs a "symbols" array.`, `${path}/symbols`);
    const unique = new Set<string>();
    symbols.forEach((symbol: unknown, i: number) => {
      if (typeof symbol !== 'string' || (this.strict && !isValidName(symbol)) || unique.has(symbol)) {
        this.fail(`Enum '${named.fullName}' has an invalid or duplicate symbol ${JSON.stringify(symbol)}.`, `${path}/symbols/${i}`);
      }
      unique.add(symbol);
      this.count(path);
    });
    const dflt = obj.default;
    if (dflt !== undefined && (typeof dflt !== 'string' || !unique.has(dflt))) {
      this.fail(`The default ${JSON.stringify(dflt)} of enum '${named.fullName}' is not one of its symbols.`, `${path}/default`);
    }
    const reserved = new Set([...SCHEMA_RESERVED, 'default']);
    const node: AvroEnum = { kind: 'enum', ...named, props: propsOf(obj, reserved), symbols: [...symbols], default: dflt };
    return this.define(node, path);
  }

  private fixed(obj: Json, namespace: string, path: string): AvroFixed {
    const named = this.named(obj, namespace, path);
    const size = obj.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 0x7fffffff) {
      this.fail(`Fixed '${named.fullName}' needs a non-negative integer "size", found ${JSON.stringify(size)}.`, `${path}/size`);
    }
    return this.define({ kind: 'fixed', ...named, size }, path);
  }

  private array(obj: Json, namespace: string, path: string, depth: number): AvroArray {
    if (!('items' in obj)) this.fail('An array type needs an "items" type.', `${path}/items`);
    const items = this.node(obj.items, namespace, `${path}/items`, depth + 1);
    return { kind: 'array', items, props: propsOf(obj, SCHEMA_RESERVED) };
  }

  private map(obj: Json, namespace: string, path: string, depth: number): AvroMap {
    if (!('values' in obj)) this.fail('A map type needs a "values" type.', `${path}/values`);
    const values = this.node(obj.values, namespace, `${path}/values`, depth + 1);
    return { kind: 'map', values, props: propsOf(obj, SCHEMA_RESERVED) };
  }

  /** Name, namespace, doc, aliases and custom properties common to record, enum and fixed. */
  private named(obj: Json, enclosing: string, path: string) {
    const rawName = obj.name;
    if (typeof rawName !== 'string' || rawName === '') this.fail(`A ${obj.type} type needs a "name".`, `${path}/name`);
    const explicit = this.optionalString(obj, 'namespace', path);
    const qualified = qualify(rawName, explicit ?? enclosing);
    if (this.strict && (!isValidName(qualified.name) || !isValidFullName(qualified.namespace))) {
      this.fail(
        `Invalid type name "${qualified.fullName}": each part must start with a letter or _ and contain only letters, digits and _.`,
        `${path}/name`,
      );
    }
    const aliases = [...new Set(this.stringList(obj, 'aliases', path).map((a) => qualify(a, qualified.namespace).fullName))];
    this.count(path);
    return { ...qualified, doc: this.optionalString(obj, 'doc', path), aliases, props: propsOf(obj, SCHEMA_RESERVED) };
  }

  /** Defaults and custom properties are copied into the canonical text, which must not overflow the stack. */
  private assertShallow(obj: Json, path: string): void {
    if (!nestedDeeperThan(obj, SCHEMA_LIMITS.maxDepth)) return;
    this.fail(`A default value or custom property is nested more than ${SCHEMA_LIMITS.maxDepth} levels deep.`, path || '/');
  }

  private define<T extends AvroNamed>(node: T, path: string): T {
    if (PRIMITIVES.has(node.fullName) || this.names.has(node.fullName)) {
      this.fail(`The type name '${node.fullName}' is already defined; a named type can only be defined once.`, `${path}/name`);
    }
    this.names.set(node.fullName, node);
    return node;
  }

  private optionalString(obj: Json, key: string, path: string): string | undefined {
    const value = obj[key];
    if (value !== undefined && typeof value !== 'string') this.fail(`"${key}" must be a string.`, `${path}/${key}`);
    return value;
  }

  private stringList(obj: Json, key: string, path: string): string[] {
    const value = obj[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.fail(`"${key}" must be an array of strings.`, `${path}/${key}`);
    }
    return value;
  }

  private count(path: string): void {
    if (++this.nodes > SCHEMA_LIMITS.maxNodes) {
      this.fail(`Schema has more than ${SCHEMA_LIMITS.maxNodes} named types, fields and enum symbols.`, path || '/');
    }
  }

  private fail(message: string, path: string): never {
    const location = this.source ? `${this.source} ${path || '/'}` : path || '/';
    throw new SchemaParseError(message, location);
  }
}

/** Iterative, because the point is to refuse values that recursion could not handle. */
function nestedDeeperThan(root: Json, limit: number): boolean {
  const stack: [unknown, number][] = Object.entries(root)
    .filter(([key]) => key === 'default' || !SCHEMA_RESERVED.has(key))
    .map(([, value]) => [value, 1]);
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

function abbreviate(path: string): string {
  return path.length > 120 ? `${path.slice(0, 120)}/…` : path;
}

function propsOf(obj: Json, reserved: Set<string>): AvroProps {
  return Object.entries(obj).filter(([key]) => !reserved.has(key));
}
