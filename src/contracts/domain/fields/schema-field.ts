/**
 * One field of a schema as the catalogue and the payload contract see it, whatever the format:
 * a dotted path from the root record (`customer.address.line1`, elements of arrays and maps as
 * `lines[]`), a short display type and the classification tags the schema declares for it.
 */
export interface SchemaField {
  path: string;
  name: string;
  /** Short display type: `string`, `long`, `record Address`, `array<string>`, `union<null,string>`. */
  type: string;
  /** 1 for the root record's own fields. */
  depth: number;
  /** True when the field has no sub-fields (a scalar, an enum, or a collection of them). */
  leaf: boolean;
  /** An array, a map or a repeated Protobuf field. */
  repeated: boolean;
  /** A producer may leave it out: nullable union, proto `optional`/oneof member, JSON property not `required`. */
  optional: boolean;
  /** Tags declared on the field itself, as written (deduplicated); rules compare them case-insensitively. */
  tags: string[];
  doc?: string;
  /** The field's type is one of its own enclosing types: shown once, not expanded again. */
  recursive?: boolean;
}

/** Enough for any real schema; a hostile one stops here instead of expanding a type graph forever. */
export const MAX_SCHEMA_FIELDS = 10_000;

/** Collects fields in document order, first occurrence of a path wins, up to MAX_SCHEMA_FIELDS. */
export class FieldSink {
  readonly fields: SchemaField[] = [];
  private readonly paths = new Set<string>();

  get full(): boolean {
    return this.fields.length >= MAX_SCHEMA_FIELDS;
  }

  add(field: SchemaField): void {
    if (this.full || this.paths.has(field.path)) return;
    this.paths.add(field.path);
    this.fields.push(field);
  }
}

export function joinPath(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** Tag values as schemas write them: one string, or a list; blanks dropped, order kept. */
export function tagList(...values: unknown[]): string[] {
  const tags = new Set<string>();
  for (const value of values) {
    const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
    for (const tag of list) if (typeof tag === 'string' && tag.trim() !== '') tags.add(tag.trim());
  }
  return [...tags];
}
