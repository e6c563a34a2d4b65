import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { compareFields } from './protobuf-field-diff';
import { breaks, ProtobufKind } from './protobuf-kinds';
import { isOneof, ProtobufModel, ProtoEnum, ProtoField, ProtoMessage, ProtoOneof } from './protobuf-model';
import { printProtoFile } from './protobuf-printer';

export interface ProtobufDifference {
  kind: ProtobufKind;
  path: string;
  message: string;
}

/**
 * Confluent's `SchemaDiff.compare(original, update)`: every difference between two schemas,
 * compatible ones included (the diff view shows them all). For a compatibility check the
 * original is the writer and the update the reader. Oneof handling follows Confluent ≤ 8.3,
 * plus the later rule that moving a member out of a surviving oneof to top level is allowed.
 */
export function diffProtobuf(original: ProtobufModel, update: ProtobufModel): ProtobufDifference[] {
  const run = new DiffRun(original, update);
  const scope = run.scope();
  if (original.file.package !== update.file.package) {
    scope.add(
      'PACKAGE_CHANGED',
      '#/',
      `Package changed from '${original.file.package || '(none)'}' to '${update.file.package || '(none)'}'; message types are identified by their package-qualified names, so the other version cannot read them.`,
    );
  }
  scope.compareTypes(original.file, update.file, '#', '');
  return scope.differences();
}

/** State shared by one comparison: memoised sub-diffs of imported types and the cycle guard. */
export class DiffRun {
  private readonly memo = new Map<string, ProtobufDifference[]>();
  private readonly inProgress = new Set<string>();
  private readonly sameDependency = new Map<string, boolean>();

  constructor(
    readonly original: ProtobufModel,
    readonly update: ProtobufModel,
  ) {}

  scope(): DiffScope {
    return new DiffScope(this);
  }

  /** Structural diff of two same-named message types from imports; recursive types end here. */
  subDiff(originalName: string, updateName: string, localName: string): ProtobufDifference[] {
    const key = `${originalName}|${updateName}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (this.inProgress.has(key)) return [];
    if (this.inProgress.size >= SCHEMA_LIMITS.maxDepth) {
      throw new SchemaParseError(`Message types nest more than ${SCHEMA_LIMITS.maxDepth} levels deep.`, localName);
    }
    this.inProgress.add(key);
    const scope = this.scope();
    const o = this.original.types.get(originalName)?.type as ProtoMessage;
    const u = this.update.types.get(updateName)?.type as ProtoMessage;
    scope.compareMessage(o, u, `#/${localName.split('.').join('/')}`, localName);
    this.inProgress.delete(key);
    const result = scope.differences();
    this.memo.set(key, result);
    return result;
  }

  /** Confluent skips the sub-diff when both sides use the same subject version of an import. */
  sameImport(originalPath: string, updatePath: string): boolean {
    if (originalPath !== updatePath) return false;
    if (!originalPath) return true;
    let same = this.sameDependency.get(originalPath);
    if (same === undefined) {
      const a = this.original.dependencies.get(originalPath);
      const b = this.update.dependencies.get(updatePath);
      same = a === b || (!!a && !!b && printProtoFile(a) === printProtoFile(b));
      this.sameDependency.set(originalPath, same);
    }
    return same;
  }
}

interface TypeLevel {
  messages: ProtoMessage[];
  enums: ProtoEnum[];
}

export class DiffScope {
  private readonly found = new Map<string, ProtobufDifference>();

  constructor(readonly run: DiffRun) {}

  add(kind: ProtobufKind, path: string, message: string): void {
    const key = `${kind} ${path}`;
    if (!this.found.has(key)) this.found.set(key, { kind, path, message });
  }

  addAll(differences: ProtobufDifference[]): void {
    for (const d of differences) this.add(d.kind, d.path, d.message);
  }

  differences(): ProtobufDifference[] {
    return [...this.found.values()];
  }

  compareTypes(original: TypeLevel, update: TypeLevel, path: string, prefix: string): void {
    const oIndex = new Map(original.messages.map((m, i) => [m.name, i]));
    const uIndex = new Map(update.messages.map((m, i) => [m.name, i]));
    for (const name of union(oIndex.keys(), uIndex.keys())) {
      const at = `${path}/${name}`;
      const rel = prefix + name;
      const o = oIndex.get(name);
      const u = uIndex.get(name);
      if (u === undefined) {
        this.add('MESSAGE_REMOVED', at, `Message '${rel}' is declared in the writer schema but missing from the reader schema; data written as '${rel}' cannot be read.`);
      } else if (o === undefined) {
        this.add('MESSAGE_ADDED', at, `Message '${rel}' was added.`);
      } else {
        this.compareMessage(original.messages[o], update.messages[u], at, rel);
        if (o !== u) this.add('MESSAGE_MOVED', at, `Message '${rel}' moved from position ${o} to ${u}.`);
      }
    }
    const oEnums = new Map(original.enums.map((e) => [e.name, e]));
    const uEnums = new Map(update.enums.map((e) => [e.name, e]));
    for (const name of union(oEnums.keys(), uEnums.keys())) {
      const o = oEnums.get(name);
      const u = uEnums.get(name);
      const at = `${path}/${name}`;
      if (!u) this.add('ENUM_REMOVED', at, `Enum '${prefix}${name}' was removed.`);
      else if (!o) this.add('ENUM_ADDED', at, `Enum '${prefix}${name}' was added.`);
      else this.compareEnum(o, u, at, prefix + name);
    }
  }

  private compareEnum(original: ProtoEnum, update: ProtoEnum, path: string, name: string): void {
    const o = new Map(original.values.map((v) => [v.number, v.name]));
    const u = new Map(update.values.map((v) => [v.number, v.name]));
    for (const n of union(o.keys(), u.keys())) {
      const at = `${path}/${n}`;
      if (!u.has(n)) this.add('ENUM_CONST_REMOVED', at, `Constant '${o.get(n)}' (${n}) of enum '${name}' was removed.`);
      else if (!o.has(n)) this.add('ENUM_CONST_ADDED', at, `Constant '${u.get(n)}' (${n}) was added to enum '${name}'.`);
      else if (o.get(n) !== u.get(n)) {
        this.add('ENUM_CONST_CHANGED', at, `Constant ${n} of enum '${name}' was renamed from '${o.get(n)}' to '${u.get(n)}'.`);
      }
    }
  }

  compareMessage(original: ProtoMessage, update: ProtoMessage, path: string, name: string): void {
    const oTop = topLevel(original);
    const uTop = topLevel(update);
    const oOneofs = new Map(original.members.filter(isOneof).map((o) => [o.name, o]));
    const uOneofs = new Map(update.members.filter(isOneof).map((o) => [o.name, o]));
    const inOriginalOneof = new Set([...oOneofs.values()].flatMap((o) => o.fields.map((f) => f.number)));
    for (const oneof of uOneofs.values()) {
      const moved = oneof.fields.filter((f) => oTop.has(f.number)).map((f) => oTop.get(f.number) as ProtoField);
      moved.forEach((f) => oTop.delete(f.number)); // moved, not removed
      const existing = oneof.fields.filter((f) => inOriginalOneof.has(f.number)).length;
      const at = `${path}/${oneof.name}`;
      if (moved.length > 1) {
        this.add('MULTIPLE_FIELDS_MOVED_TO_ONEOF', at, `Oneof '${oneof.name}' of message '${name}' takes in ${moved.length} existing fields (${moved.map((f) => `'${f.name}' #${f.number}`).join(', ')}); data written with more than one of them set cannot be read.`);
      } else if (moved.length === 1 && existing > 0) {
        this.add('FIELD_MOVED_TO_EXISTING_ONEOF', at, `Field '${moved[0].name}' (#${moved[0].number}) of message '${name}' moved into oneof '${oneof.name}', which already holds members of an existing oneof; data written with both set cannot be read.`);
      }
    }
    const movedToTop = new Set<number>();
    for (const oneofName of [...union(oOneofs.keys(), uOneofs.keys())].sort()) {
      const o = oOneofs.get(oneofName);
      const u = uOneofs.get(oneofName);
      const at = `${path}/${oneofName}`;
      if (!u) this.add('ONEOF_REMOVED', at, `Oneof '${oneofName}' of message '${name}' was removed.`);
      else if (!o) this.add('ONEOF_ADDED', at, `Oneof '${oneofName}' was added to message '${name}'.`);
      else this.compareOneof(o, u, uTop, movedToTop, at, name);
    }
    for (const n of [...union(oTop.keys(), uTop.keys())].sort((a, b) => a - b)) {
      const o = oTop.get(n);
      const u = uTop.get(n);
      const at = `${path}/${n}`;
      if (!u) {
        const f = o as ProtoField;
        if (f.label === 'required') this.add('REQUIRED_FIELD_REMOVED', at, `Required field '${f.name}' (#${n}) of message '${name}' is missing from the reader schema; a required field cannot be removed.`);
        else this.add('FIELD_REMOVED', at, `Field '${f.name}' (#${n}) was removed from message '${name}'.`);
      } else if (!o) {
        if (movedToTop.has(n)) continue;
        if (u.label === 'required') this.add('REQUIRED_FIELD_ADDED', at, `Required field '${u.name}' (#${n}) was added to message '${name}'; data written without it cannot be read.`);
        else this.add('FIELD_ADDED', at, `Field '${u.name}' (#${n}) was added to message '${name}'.`);
      } else {
        compareFields(this, o, u, at, name);
      }
    }
    this.compareTypes(original, update, path, `${name}.`);
  }

  private compareOneof(
    original: ProtoOneof,
    update: ProtoOneof,
    updateTop: Map<number, ProtoField>,
    movedToTop: Set<number>,
    path: string,
    name: string,
  ): void {
    const o = new Map(original.fields.map((f) => [f.number, f]));
    const u = new Map(update.fields.map((f) => [f.number, f]));
    for (const n of [...union(o.keys(), u.keys())].sort((a, b) => a - b)) {
      const of = o.get(n);
      const uf = u.get(n);
      const at = `${path}/${n}`;
      if (of && !uf) {
        const top = updateTop.get(n);
        if (top) {
          movedToTop.add(n);
          this.add('ONEOF_FIELD_MOVED_TO_TOP_LEVEL', at, `Field '${of.name}' (#${n}) of message '${name}' moved out of oneof '${original.name}' to top level.`);
          compareFields(this, of, top, at, name);
        } else {
          this.add('ONEOF_FIELD_REMOVED', at, `Field '${of.name}' (#${n}) was removed from oneof '${original.name}' of message '${name}'; data written with that member set cannot be read.`);
        }
      } else if (uf && !of) {
        this.add('ONEOF_FIELD_ADDED', at, `Field '${uf.name}' (#${n}) was added to oneof '${update.name}' of message '${name}'.`);
      } else if (of && uf) {
        compareFields(this, of, uf, at, name);
      }
    }
  }
}

function topLevel(message: ProtoMessage): Map<number, ProtoField> {
  const result = new Map<number, ProtoField>();
  for (const m of message.members) if (!isOneof(m)) result.set(m.number, m);
  return result;
}

function union<T>(a: Iterable<T>, b: Iterable<T>): Set<T> {
  return new Set([...a, ...b]);
}

export function breaking(differences: ProtobufDifference[]): ProtobufDifference[] {
  return differences.filter((d) => breaks(d.kind));
}
