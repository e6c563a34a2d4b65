import { SCHEMA_LIMITS } from '../limits';
import { SchemaParseError } from '../schema-parse-error';
import { DifferenceSink, ProtobufComparison, ProtobufDifference } from './protobuf-difference';
import { compareFields } from './protobuf-field-diff';
import { breaks, ProtobufKind } from './protobuf-kinds';
import { isOneof, ProtobufModel, ProtoEnum, ProtoField, ProtoMessage, ProtoOneof } from './protobuf-model';
import { printProtoFile } from './protobuf-printer';

export type { ProtobufDifference } from './protobuf-difference';

/**
 * Confluent's `SchemaDiff.compare(original, update)`: every difference between two schemas,
 * compatible ones included (the diff view shows them all). For a compatibility check the
 * original is the writer and the update the reader. Oneof handling follows Confluent ≤ 8.3,
 * plus the later rule that moving a member out of a surviving oneof to top level is allowed.
 */
export function diffProtobuf(original: ProtobufModel, update: ProtobufModel): ProtobufDifference[] {
  return runDiff(new DiffRun(original, update, false));
}

/** Only the differences that break; skips building the others (the hot path of every check). */
export function breakingDifferences(original: ProtobufModel, update: ProtobufModel): ProtobufDifference[] {
  return runDiff(new DiffRun(original, update, true));
}

function runDiff(run: DiffRun): ProtobufDifference[] {
  const { original, update } = run;
  const scope = run.scope();
  if (original.file.package !== update.file.package) {
    scope.add(
      'PACKAGE_CHANGED',
      '#/',
      () =>
        `Package changed from '${original.file.package || '(none)'}' to '${update.file.package || '(none)'}'; message types are identified by their package-qualified names, so the other version cannot read them.`,
    );
  }
  scope.compareTypes(original.file, update.file, '#', '');
  return scope.differences();
}

/** State shared by one comparison: memoised sub-diffs of imported types and the cycle guard. */
export class DiffRun implements ProtobufComparison {
  private readonly memo = new Map<string, ProtobufDifference[]>();
  private readonly inProgress = new Set<string>();
  private readonly sameDependency = new Map<string, boolean>();

  constructor(
    readonly original: ProtobufModel,
    readonly update: ProtobufModel,
    readonly onlyBreaking: boolean,
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

const ENUM_CONSTANTS_CAN_BREAK = (['ENUM_CONST_ADDED', 'ENUM_CONST_CHANGED', 'ENUM_CONST_REMOVED'] as const).some(breaks);

interface TypeLevel {
  messages: ProtoMessage[];
  enums: ProtoEnum[];
}

export class DiffScope implements DifferenceSink {
  private readonly found = new Map<string, ProtobufDifference>();

  constructor(readonly run: DiffRun) {}

  /** Message text is built only for differences that are kept. */
  add(kind: ProtobufKind, path: string, message: () => string): void {
    if (this.run.onlyBreaking && !breaks(kind)) return;
    const key = `${kind} ${path}`;
    if (!this.found.has(key)) this.found.set(key, { kind, path, message: message() });
  }

  addAll(differences: ProtobufDifference[]): void {
    for (const d of differences) this.add(d.kind, d.path, () => d.message);
  }

  differences(): ProtobufDifference[] {
    return [...this.found.values()];
  }

  compareTypes(original: TypeLevel, update: TypeLevel, path: string, prefix: string): void {
    const oIndex = levelIndex(original);
    const uIndex = levelIndex(update);
    for (const name of keysOfBoth(oIndex.messages, uIndex.messages)) {
      const at = `${path}/${name}`;
      const rel = prefix + name;
      const o = oIndex.messages.get(name);
      const u = uIndex.messages.get(name);
      if (u === undefined) {
        this.add(
          'MESSAGE_REMOVED',
          at,
          () =>
            `Message '${rel}' is declared in the writer schema but missing from the reader schema; data written as '${rel}' cannot be read.`,
        );
      } else if (o === undefined) {
        this.add('MESSAGE_ADDED', at, () => `Message '${rel}' was added.`);
      } else {
        this.compareMessage(original.messages[o], update.messages[u], at, rel);
        if (o !== u) this.add('MESSAGE_MOVED', at, () => `Message '${rel}' moved from position ${o} to ${u}.`);
      }
    }
    for (const name of keysOfBoth(oIndex.enums, uIndex.enums)) {
      const o = oIndex.enums.get(name);
      const u = uIndex.enums.get(name);
      const at = `${path}/${name}`;
      if (!u) this.add('ENUM_REMOVED', at, () => `Enum '${prefix}${name}' was removed.`);
      else if (!o) this.add('ENUM_ADDED', at, () => `Enum '${prefix}${name}' was added.`);
      else if (!this.run.onlyBreaking || ENUM_CONSTANTS_CAN_BREAK) this.compareEnum(o, u, at, prefix + name);
    }
  }

  private compareEnum(original: ProtoEnum, update: ProtoEnum, path: string, name: string): void {
    const o = new Map(original.values.map((v) => [v.number, v.name]));
    const u = new Map(update.values.map((v) => [v.number, v.name]));
    for (const n of keysOfBoth(o, u)) {
      const at = `${path}/${n}`;
      if (!u.has(n)) this.add('ENUM_CONST_REMOVED', at, () => `Constant '${o.get(n)}' (${n}) of enum '${name}' was removed.`);
      else if (!o.has(n)) this.add('ENUM_CONST_ADDED', at, () => `Constant '${u.get(n)}' (${n}) was added to enum '${name}'.`);
      else if (o.get(n) !== u.get(n)) {
        this.add('ENUM_CONST_CHANGED', at, () => `Constant ${n} of enum '${name}' was renamed from '${o.get(n)}' to '${u.get(n)}'.`);
      }
    }
  }

  compareMessage(original: ProtoMessage, update: ProtoMessage, path: string, name: string): void {
    const oIndex = messageIndex(original);
    const uIndex = messageIndex(update);
    const movedIn = new Set<number>(); // top-level fields that moved into a oneof: not removed
    for (const oneof of uIndex.oneofs.values()) {
      const moved = oneof.fields.filter((f) => oIndex.top.has(f.number)).map((f) => oIndex.top.get(f.number) as ProtoField);
      moved.forEach((f) => movedIn.add(f.number));
      const existing = oneof.fields.filter((f) => oIndex.oneofTags.has(f.number)).length;
      const at = `${path}/${oneof.name}`;
      if (moved.length > 1) {
        this.add(
          'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
          at,
          () =>
            `Oneof '${oneof.name}' of message '${name}' takes in ${moved.length} existing fields (${moved.map((f) => `'${f.name}' #${f.number}`).join(', ')}); data written with more than one of them set cannot be read.`,
        );
      } else if (moved.length === 1 && existing > 0) {
        this.add(
          'FIELD_MOVED_TO_EXISTING_ONEOF',
          at,
          () =>
            `Field '${moved[0].name}' (#${moved[0].number}) of message '${name}' moved into oneof '${oneof.name}', which already holds members of an existing oneof; data written with both set cannot be read.`,
        );
      }
    }
    const movedToTop = new Set<number>();
    for (const oneofName of [...keysOfBoth(oIndex.oneofs, uIndex.oneofs)].sort()) {
      const o = oIndex.oneofs.get(oneofName);
      const u = uIndex.oneofs.get(oneofName);
      const at = `${path}/${oneofName}`;
      if (!u) this.add('ONEOF_REMOVED', at, () => `Oneof '${oneofName}' of message '${name}' was removed.`);
      else if (!o) this.add('ONEOF_ADDED', at, () => `Oneof '${oneofName}' was added to message '${name}'.`);
      else this.compareOneof(o, u, uIndex.top, movedToTop, at, name);
    }
    for (const [n, o] of oIndex.top) {
      if (movedIn.has(n)) continue;
      const u = uIndex.top.get(n);
      const at = `${path}/${n}`;
      if (u) compareFields(this, o, u, at, name);
      else if (o.label === 'required')
        this.add(
          'REQUIRED_FIELD_REMOVED',
          at,
          () =>
            `Required field '${o.name}' (#${n}) of message '${name}' is missing from the reader schema; a required field cannot be removed.`,
        );
      else this.add('FIELD_REMOVED', at, () => `Field '${o.name}' (#${n}) was removed from message '${name}'.`);
    }
    for (const [n, u] of uIndex.top) {
      if (oIndex.top.has(n) || movedToTop.has(n)) continue;
      const at = `${path}/${n}`;
      if (u.label === 'required')
        this.add(
          'REQUIRED_FIELD_ADDED',
          at,
          () => `Required field '${u.name}' (#${n}) was added to message '${name}'; data written without it cannot be read.`,
        );
      else this.add('FIELD_ADDED', at, () => `Field '${u.name}' (#${n}) was added to message '${name}'.`);
    }
    if (original.messages.length + original.enums.length + update.messages.length + update.enums.length > 0) {
      this.compareTypes(original, update, path, `${name}.`);
    }
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
    for (const n of keysOfBoth(o, u)) {
      const of = o.get(n);
      const uf = u.get(n);
      const at = `${path}/${n}`;
      if (of && !uf) {
        const top = updateTop.get(n);
        if (top) {
          movedToTop.add(n);
          this.add(
            'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
            at,
            () => `Field '${of.name}' (#${n}) of message '${name}' moved out of oneof '${original.name}' to top level.`,
          );
          compareFields(this, of, top, at, name);
        } else {
          this.add(
            'ONEOF_FIELD_REMOVED',
            at,
            () =>
              `Field '${of.name}' (#${n}) was removed from oneof '${original.name}' of message '${name}'; data written with that member set cannot be read.`,
          );
        }
      } else if (uf && !of) {
        this.add('ONEOF_FIELD_ADDED', at, () => `Field '${uf.name}' (#${n}) was added to oneof '${update.name}' of message '${name}'.`);
      } else if (of && uf) {
        compareFields(this, of, uf, at, name);
      }
    }
  }
}

interface MessageIndex {
  top: Map<number, ProtoField>;
  oneofs: Map<string, ProtoOneof>;
  oneofTags: Set<number>;
}

interface LevelIndex {
  messages: Map<string, number>;
  enums: Map<string, ProtoEnum>;
}

// Parsed schemas are immutable and cached by id, so their lookup tables are built once.
const messageIndexes = new WeakMap<ProtoMessage, MessageIndex>();
const levelIndexes = new WeakMap<TypeLevel, LevelIndex>();

function messageIndex(message: ProtoMessage): MessageIndex {
  let index = messageIndexes.get(message);
  if (!index) {
    const oneofs = message.members.filter(isOneof);
    index = {
      top: new Map(message.members.filter((m): m is ProtoField => !isOneof(m)).map((f) => [f.number, f])),
      oneofs: new Map(oneofs.map((o) => [o.name, o])),
      oneofTags: new Set(oneofs.flatMap((o) => o.fields.map((f) => f.number))),
    };
    messageIndexes.set(message, index);
  }
  return index;
}

function levelIndex(level: TypeLevel): LevelIndex {
  let index = levelIndexes.get(level);
  if (!index) {
    index = {
      messages: new Map(level.messages.map((m, i) => [m.name, i])),
      enums: new Map(level.enums.map((e) => [e.name, e])),
    };
    levelIndexes.set(level, index);
  }
  return index;
}

/** Keys of the first map in its order, then the keys only the second has. */
function keysOfBoth<K>(a: Map<K, unknown>, b: Map<K, unknown>): K[] {
  const keys = [...a.keys()];
  for (const k of b.keys()) if (!a.has(k)) keys.push(k);
  return keys;
}
