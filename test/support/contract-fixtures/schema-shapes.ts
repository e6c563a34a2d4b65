import { formatOf, ParsedSchema, ResolvedReference, SchemaType } from '@charter/engine';

/**
 * One schema shape written out as Avro, Protobuf and JSON Schema, so every contract rule is
 * tested on the same structure in the three formats. Used by specs only.
 */
export type Scalar = 'string' | 'long' | 'int' | 'boolean' | 'double';

export interface FieldShape {
  type?: Scalar;
  /** A nested record / message / object. */
  fields?: Shape;
  tags?: string[];
  optional?: boolean;
  repeated?: boolean;
  /** Define the nested record in a separate referenced schema instead of inline. */
  reference?: boolean;
}

export type Shape = Record<string, Scalar | FieldShape>;

export interface Written {
  text: string;
  references: ResolvedReference[];
}

export const FORMATS: SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];

export function parseShape(schemaType: SchemaType, shape: Shape, name = 'Event'): ParsedSchema {
  const written = writeShape(schemaType, shape, name);
  return formatOf(schemaType).parse(written.text, written.references, { validate: true });
}

export function writeShape(schemaType: SchemaType, shape: Shape, name = 'Event'): Written {
  if (schemaType === 'AVRO') return new AvroWriter().write(shape, name);
  if (schemaType === 'PROTOBUF') return new ProtoWriter().write(shape, name);
  return new JsonWriter().write(shape, name);
}

const field = (f: Scalar | FieldShape): FieldShape => (typeof f === 'string' ? { type: f } : f);
const typeName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

class AvroWriter {
  private readonly references: ResolvedReference[] = [];

  write(shape: Shape, name: string): Written {
    return { text: JSON.stringify(this.record(shape, name)), references: this.references };
  }

  private record(shape: Shape, name: string): unknown {
    return { type: 'record', name, namespace: 'com.acme', fields: Object.entries(shape).map(([n, f]) => this.field(n, field(f), name)) };
  }

  private field(name: string, f: FieldShape, owner: string): unknown {
    let type: unknown = f.type ?? 'string';
    if (f.fields) {
      const recordName = `${owner}${typeName(name)}`;
      const record = this.record(f.fields, recordName);
      if (f.reference) {
        this.references.push({ name: `com.acme.${recordName}`, schemaType: 'AVRO', schema: JSON.stringify(record), references: [] });
        type = `com.acme.${recordName}`;
      } else type = record;
    }
    if (f.repeated) type = { type: 'array', items: type };
    if (f.optional) type = ['null', type];
    return { name, type, ...(f.optional ? { default: null } : {}), ...(f.tags ? { 'confluent:tags': f.tags } : {}) };
  }
}

const PROTO_SCALARS: Record<Scalar, string> = { string: 'string', long: 'int64', int: 'int32', boolean: 'bool', double: 'double' };

class ProtoWriter {
  private readonly references: ResolvedReference[] = [];
  private readonly messages: string[] = [];
  private readonly imports = new Set<string>(['confluent/meta.proto']);

  write(shape: Shape, name: string): Written {
    const root = this.message(shape, name);
    const imports = [...this.imports].map((i) => `import "${i}";`).join('\n');
    return { text: `syntax = "proto3";\npackage acme;\n${imports}\n${[root, ...this.messages].join('\n')}`, references: this.references };
  }

  private message(shape: Shape, name: string): string {
    const lines = Object.entries(shape).map(([n, f], i) => this.field(n, field(f), name, i + 1));
    return `message ${name} {\n${lines.join('\n')}\n}`;
  }

  private field(name: string, f: FieldShape, owner: string, number: number): string {
    let type = PROTO_SCALARS[f.type ?? 'string'];
    if (f.fields) {
      type = `${owner}${typeName(name)}`;
      if (f.reference) {
        const path = `acme/${type.toLowerCase()}.proto`;
        const written = new ProtoWriter().write(f.fields, type);
        this.references.push({ name: path, schemaType: 'PROTOBUF', schema: written.text, references: written.references });
        this.imports.add(path);
      } else this.messages.push(this.message(f.fields, type));
    }
    const label = f.repeated ? 'repeated ' : f.optional ? 'optional ' : '';
    const tags = f.tags ? ` [(confluent.field_meta) = { tags: [${f.tags.map((t) => `"${t}"`).join(', ')}] }]` : '';
    return `  ${label}${type} ${name} = ${number}${tags};`;
  }
}

const JSON_SCALARS: Record<Scalar, string> = { string: 'string', long: 'integer', int: 'integer', boolean: 'boolean', double: 'number' };

class JsonWriter {
  private readonly references: ResolvedReference[] = [];

  write(shape: Shape, name: string): Written {
    return {
      text: JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: name, ...this.object(shape, name) }),
      references: this.references,
    };
  }

  private object(shape: Shape, name: string): Record<string, unknown> {
    const entries = Object.entries(shape).map(([n, f]) => [n, field(f)] as const);
    return {
      type: 'object',
      properties: Object.fromEntries(entries.map(([n, f]) => [n, this.property(n, f, name)])),
      required: entries.filter(([, f]) => !f.optional).map(([n]) => n),
    };
  }

  private property(name: string, f: FieldShape, owner: string): unknown {
    let schema: Record<string, unknown> = { type: JSON_SCALARS[f.type ?? 'string'] };
    if (f.fields) {
      const objectName = `${owner}${typeName(name)}`;
      const object = { title: objectName, ...this.object(f.fields, objectName) };
      if (f.reference) {
        const url = `${objectName.toLowerCase()}.json`;
        this.references.push({ name: url, schemaType: 'JSON', schema: JSON.stringify(object), references: [] });
        schema = { $ref: url };
      } else schema = object;
    }
    if (f.repeated) schema = { type: 'array', items: schema };
    if (f.optional) schema = { anyOf: [{ type: 'null' }, schema] };
    return f.tags ? { ...schema, 'confluent:tags': f.tags } : schema;
  }
}
