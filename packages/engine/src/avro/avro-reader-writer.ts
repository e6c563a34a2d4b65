import { Incompatibility } from '../incompatibility';
import { AvroKind } from './avro-kinds';
import { AvroEnum, AvroField, AvroFixed, AvroNamed, AvroNode, AvroRecord, AvroUnion, describeNode, isNamed } from './avro-model';

/** Writer types each reader primitive can read besides itself (Avro's type promotions). */
const PROMOTIONS: Record<string, readonly string[]> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  bytes: ['string'],
  string: ['bytes'],
};

const IN_PROGRESS: Incompatibility[] = [];

/**
 * Apache Avro's `checkReaderWriterCompatibility`: every problem a reader with `reader` has with
 * data written with `writer`, located by a JSON pointer into the reader schema. Pairs of named
 * types are memoised, and a pair met again while still being checked is assumed compatible,
 * which is what makes recursive types terminate.
 */
export function readerWriterIssues(reader: AvroNode, writer: AvroNode): Incompatibility[] {
  const issues = new ReaderWriterChecker().check(reader, writer, '', 'the schema');
  if (issues.length < 2) return issues;
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.kind}\u0000${issue.path}\u0000${issue.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

class ReaderWriterChecker {
  private readonly memo = new Map<AvroNode, Map<AvroNode, Incompatibility[]>>();

  /** `where` names the position for messages: "field 'amount' in record 'Payment'". */
  check(reader: AvroNode, writer: AvroNode, path: string, where: string): Incompatibility[] {
    if (!isNamed(reader) || !isNamed(writer)) return this.compute(reader, writer, path, where);
    let byWriter = this.memo.get(reader);
    if (!byWriter) this.memo.set(reader, (byWriter = new Map()));
    const known = byWriter.get(writer);
    if (known) return known;
    byWriter.set(writer, IN_PROGRESS);
    const result = this.compute(reader, writer, path, where);
    byWriter.set(writer, result);
    return result;
  }

  private compute(reader: AvroNode, writer: AvroNode, path: string, where: string): Incompatibility[] {
    if (writer.kind === 'union') return this.writerUnion(reader, writer, path, where);
    if (reader.kind === 'union') return this.readerUnion(reader, writer, path, where);
    if (reader.kind === 'primitive' && writer.kind === 'primitive') {
      const readable = reader.type === writer.type || PROMOTIONS[reader.type]?.includes(writer.type);
      return readable ? [] : [typeMismatch(reader, writer, path, where)];
    }
    if (reader.kind !== writer.kind) return [typeMismatch(reader, writer, path, where)];
    switch (reader.kind) {
      case 'array':
        return this.check(reader.items, (writer as typeof reader).items, `${path}/items`, `the items of ${where}`);
      case 'map':
        return this.check(reader.values, (writer as typeof reader).values, `${path}/values`, `the values of ${where}`);
      case 'fixed':
        return [...nameIssues(reader, writer as AvroFixed, path), ...sizeIssues(reader, writer as AvroFixed, path)];
      case 'enum':
        return [...nameIssues(reader, writer as AvroEnum, path), ...symbolIssues(reader, writer as AvroEnum, path)];
      default:
        return [
          ...nameIssues(reader as AvroRecord, writer as AvroRecord, path),
          ...this.fields(reader as AvroRecord, writer as AvroRecord, path),
        ];
    }
  }

  /** Every branch the writer may have used must be readable; each one that is not is reported. */
  private writerUnion(reader: AvroNode, writer: AvroUnion, path: string, where: string): Incompatibility[] {
    if (reader.kind !== 'union') {
      return writer.branches.flatMap((branch, i) => this.check(reader, branch, `${path}/${i}`, where));
    }
    return writer.branches.flatMap((branch, i) => {
      const reasons = this.unreadableByAnyBranch(reader, branch, path, where);
      if (!reasons) return [];
      return [
        issue(
          'MISSING_UNION_BRANCH',
          `${path}/${i}`,
          `${capital(where)} cannot read the writer's union branch ${describeNode(branch)}${because(reasons)}.`,
        ),
      ];
    });
  }

  private readerUnion(reader: AvroUnion, writer: AvroNode, path: string, where: string): Incompatibility[] {
    const reasons = this.unreadableByAnyBranch(reader, writer, path, where);
    if (!reasons) return [];
    const branches = reader.branches.map(describeNode).join(', ');
    return [
      issue(
        'MISSING_UNION_BRANCH',
        path,
        `${capital(where)} is a union [${branches}] with no branch that can read the writer's ${describeNode(writer)}${because(reasons)}.`,
      ),
    ];
  }

  /** Undefined when some reader branch reads `writer`; else why the branch of the same kind cannot. */
  private unreadableByAnyBranch(reader: AvroUnion, writer: AvroNode, path: string, where: string): Incompatibility[] | undefined {
    let closest: Incompatibility[] = [];
    for (const branch of reader.branches) {
      const reasons = this.check(branch, writer, path, where);
      if (reasons.length === 0) return undefined;
      if (branch.kind === writer.kind && closest.length === 0) closest = reasons;
    }
    return closest;
  }

  private fields(reader: AvroRecord, writer: AvroRecord, path: string): Incompatibility[] {
    const issues: Incompatibility[] = [];
    const byName = fieldsByName(writer);
    for (let i = 0; i < reader.fields.length; i++) {
      const field = reader.fields[i];
      const matches = field.aliases.length === 0 ? singleMatch(byName.get(field.name)) : aliasMatches(field, byName);
      // Paths and messages are only built for problems: most fields of most evolutions are fine.
      if (matches.length === 1) {
        if (obviouslyReadable(field.type, matches[0].type)) continue;
        const found = this.check(
          field.type,
          matches[0].type,
          `${path}/fields/${i}/type`,
          `field '${field.name}' in record '${reader.fullName}'`,
        );
        if (found.length > 0) issues.push(...found);
      } else if (matches.length > 1) {
        const names = matches.map((f) => `'${f.name}'`).join(' and ');
        issues.push(
          issue(
            'NAME_MISMATCH',
            `${path}/fields/${i}`,
            `Field '${field.name}' in record '${reader.fullName}' matches the writer fields ${names} through its name and aliases, so it is ambiguous which one to read.`,
          ),
        );
      } else if (!field.hasDefault) {
        issues.push(
          issue(
            'READER_FIELD_MISSING_DEFAULT_VALUE',
            `${path}/fields/${i}`,
            `Field '${field.name}' in record '${reader.fullName}' has no default, so it cannot be read from data written without it.`,
          ),
        );
      }
    }
    return issues;
  }
}

/**
 * The common case without allocating paths or messages: a primitive, or a union of the same
 * primitives in the same order, read by the same or a promoted primitive. False means "check fully".
 */
function obviouslyReadable(reader: AvroNode, writer: AvroNode): boolean {
  if (reader.kind === 'primitive' && writer.kind === 'primitive') {
    return reader.type === writer.type || PROMOTIONS[reader.type]?.includes(writer.type) === true;
  }
  if (reader.kind !== 'union' || writer.kind !== 'union' || reader.branches.length !== writer.branches.length) return false;
  return reader.branches.every((branch, i) => {
    const other = writer.branches[i];
    return branch.kind === 'primitive' && other.kind === 'primitive' && branch.type === other.type;
  });
}

const NO_MATCH: AvroField[] = [];

function singleMatch(field: AvroField | undefined): AvroField[] {
  return field ? [field] : NO_MATCH;
}

/** A reader field matches writer fields by its name and by each alias (Avro: more than one is an error). */
function aliasMatches(field: AvroField, byName: Map<string, AvroField>): AvroField[] {
  const found = new Set<AvroField>();
  for (const name of [field.name, ...field.aliases]) {
    const match = byName.get(name);
    if (match) found.add(match);
  }
  return [...found];
}

/** Unqualified names are compared (a namespace change is compatible); reader aliases are full names. */
function nameIssues(reader: AvroNamed, writer: AvroNamed, path: string): Incompatibility[] {
  if (reader.name === writer.name || reader.aliases.includes(writer.fullName)) return [];
  return [
    issue(
      'NAME_MISMATCH',
      `${path}/name`,
      `The reader's ${reader.kind} '${reader.fullName}' cannot read data written as '${writer.fullName}': the names differ and the reader has no alias '${writer.fullName}'.`,
    ),
  ];
}

function sizeIssues(reader: AvroFixed, writer: AvroFixed, path: string): Incompatibility[] {
  if (reader.size === writer.size) return [];
  return [
    issue(
      'FIXED_SIZE_MISMATCH',
      `${path}/size`,
      `Fixed '${reader.fullName}' is ${reader.size} bytes in the reader but ${writer.size} bytes in the writer, so its values cannot be read.`,
    ),
  ];
}

function symbolIssues(reader: AvroEnum, writer: AvroEnum, path: string): Incompatibility[] {
  if (reader.default !== undefined) return [];
  const known = new Set(reader.symbols);
  const missing = [...new Set(writer.symbols.filter((s) => !known.has(s)))].sort();
  if (missing.length === 0) return [];
  return [
    issue(
      'MISSING_ENUM_SYMBOLS',
      `${path}/symbols`,
      `Enum '${reader.fullName}' lacks the symbols [${missing.join(', ')}] that the writer may use, and has no default symbol to read them as.`,
    ),
  ];
}

function typeMismatch(reader: AvroNode, writer: AvroNode, path: string, where: string): Incompatibility {
  return issue(
    'TYPE_MISMATCH',
    path || '/',
    `${capital(where)} is ${describeNode(reader)} in the reader but ${describeNode(writer)} in the writer, which cannot be converted.`,
  );
}

const fieldMaps = new WeakMap<AvroRecord, Map<string, AvroField>>();

/** Parsed models are immutable, so each writer record's field index is built once. */
function fieldsByName(record: AvroRecord): Map<string, AvroField> {
  let map = fieldMaps.get(record);
  if (!map) fieldMaps.set(record, (map = new Map(record.fields.map((f) => [f.name, f]))));
  return map;
}

function issue(kind: AvroKind, path: string, message: string): Incompatibility {
  return { kind, path: path || '/', message };
}

function because(reasons: Incompatibility[]): string {
  if (reasons.length === 0) return '';
  const first = reasons[0].message.replace(/\.$/, '');
  return ` (${first}${reasons.length > 1 ? `, and ${reasons.length - 1} more` : ''})`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
