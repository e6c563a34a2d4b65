import { AvroField, AvroModel, AvroNamed, AvroNode, AvroProps } from './avro-model';

/**
 * Confluent's stored schema text: Apache Avro's compact `Schema.toString()` (not the Parsing
 * Canonical Form, which would drop doc, aliases, defaults and custom properties). Key order is
 * fixed, a named type is written by name after its first definition, and a namespace only where
 * it changes. `normalize` additionally writes full names and sorts properties and aliases, so
 * schemas that differ only in those respects get the same text.
 */
export function canonicalText(model: AvroModel, normalize = false): string {
  return new CanonicalWriter(model.referencedNames, normalize).write(model.root, '');
}

/**
 * The canonical text with the references' types defined inline where first used, as Confluent's
 * `format=resolved`: a standalone schema a client can use without fetching the references.
 */
export function resolvedText(model: AvroModel, normalize = false): string {
  return new CanonicalWriter([], normalize).write(model.root, '');
}

const str = JSON.stringify;

class CanonicalWriter {
  private readonly written: Set<string>;

  constructor(
    referencedNames: string[],
    private readonly normalize: boolean,
  ) {
    // Avro's toString(referencedSchemas) pre-registers the references' top-level types only.
    this.written = new Set(referencedNames);
  }

  write(node: AvroNode, space: string): string {
    switch (node.kind) {
      case 'primitive':
        return node.props.length === 0 ? str(node.type) : `{"type":${str(node.type)}${this.props(node.props)}}`;
      case 'array':
        return `{"type":"array","items":${this.write(node.items, space)}${this.props(node.props)}}`;
      case 'map':
        return `{"type":"map","values":${this.write(node.values, space)}${this.props(node.props)}}`;
      case 'union':
        return `[${node.branches.map((b) => this.write(b, space)).join(',')}]`;
      default:
        return this.named(node, space);
    }
  }

  private named(node: AvroNamed, space: string): string {
    if (this.written.has(node.fullName)) return str(this.reference(node, space));
    this.written.add(node.fullName);
    const type = node.kind === 'record' && node.isError ? 'error' : node.kind;
    let out = `{"type":"${type}",${this.name(node, space)}`;
    if (node.doc !== undefined) out += `,"doc":${str(node.doc)}`;
    if (node.kind === 'record') {
      out += `,"fields":[${node.fields.map((f) => this.field(f, node.namespace)).join(',')}]`;
    } else if (node.kind === 'enum') {
      out += `,"symbols":${str(node.symbols)}`;
      if (node.default !== undefined) out += `,"default":${str(node.default)}`;
    } else {
      out += `,"size":${node.size}`;
    }
    return `${out}${this.props(node.props)}${this.aliases(node)}}`;
  }

  private field(field: AvroField, space: string): string {
    let out = `{"name":${str(field.name)},"type":${this.write(field.type, space)}`;
    if (field.doc !== undefined) out += `,"doc":${str(field.doc)}`;
    if (field.hasDefault) out += `,"default":${str(field.default)}`;
    if (field.order !== undefined && field.order !== 'ascending') out += `,"order":"${field.order}"`;
    if (field.aliases.length > 0) out += `,"aliases":${str(this.sorted(field.aliases))}`;
    return `${out}${this.props(field.props)}}`;
  }

  private name(node: AvroNamed, space: string): string {
    if (this.normalize) return `"name":${str(node.fullName)}`;
    const name = `"name":${str(node.name)}`;
    return node.namespace === space ? name : `${name},"namespace":${str(node.namespace)}`;
  }

  private reference(node: AvroNamed, space: string): string {
    return this.normalize || (node.namespace !== '' && node.namespace !== space) ? node.fullName : node.name;
  }

  private aliases(node: AvroNamed): string {
    if (node.aliases.length === 0) return '';
    const names = this.normalize ? node.aliases : node.aliases.map((alias) => relativeTo(alias, node.namespace));
    return `,"aliases":${str(this.sorted(names))}`;
  }

  private props(props: AvroProps): string {
    const ordered = this.normalize ? [...props].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : props;
    return ordered.map(([key, value]) => `,${str(key)}:${str(value)}`).join('');
  }

  private sorted(names: string[]): string[] {
    return this.normalize ? [...names].sort() : names;
  }
}

function relativeTo(fullName: string, namespace: string): string {
  return namespace !== '' && fullName.startsWith(`${namespace}.`) && !fullName.slice(namespace.length + 1).includes('.')
    ? fullName.slice(namespace.length + 1)
    : fullName;
}
