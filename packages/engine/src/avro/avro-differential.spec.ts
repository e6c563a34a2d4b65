import { Type } from 'avsc';
import { avroFormat } from './avro-format';

/**
 * Differential test against avsc: random schema evolutions, our BACKWARD verdict (reader = new,
 * writer = old) against `newType.createResolver(oldType)` (compatible iff it does not throw).
 * Every disagreement must fall into a known semantic difference of avsc; anything else fails.
 */
type Json = any;

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];
const NEIGHBOURS: Record<string, string[]> = {
  int: ['long', 'float', 'double', 'string'],
  long: ['int', 'float', 'double'],
  float: ['double', 'int', 'long'],
  double: ['float', 'long'],
  string: ['bytes', 'int'],
  bytes: ['string', 'boolean'],
  boolean: ['int', 'string'],
};

class EvolutionGenerator {
  private counter = 0;
  constructor(private readonly rand: () => number) {}

  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(items: T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }
  int(below: number): number {
    return Math.floor(this.rand() * below);
  }
  name(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  type(depth: number): Json {
    const roll = this.rand();
    if (roll < 0.45 || depth > 2) return this.pick(PRIMITIVES.slice(1));
    if (roll < 0.55) return { type: 'enum', name: this.name('E'), symbols: ['A', 'B', 'C'].slice(0, 1 + Math.floor(this.rand() * 3)) };
    if (roll < 0.62) return { type: 'fixed', name: this.name('F'), size: this.pick([4, 8, 16]) };
    if (roll < 0.75) return this.record(depth + 1, 1 + Math.floor(this.rand() * 3));
    if (roll < 0.83) return { type: 'array', items: this.type(depth + 1) };
    if (roll < 0.9) return { type: 'map', values: this.type(depth + 1) };
    const branch = this.type(depth + 1);
    return Array.isArray(branch) ? branch : ['null', branch];
  }

  record(depth: number, fields: number): Json {
    const record = { type: 'record', name: this.name('R'), namespace: 'ns', fields: [] as Json[] };
    for (let i = 0; i < fields; i++) record.fields.push(this.field(depth));
    return record;
  }

  field(depth: number, withDefault = this.chance(0.4)): Json {
    const field: Json = { name: this.name('f'), type: this.type(depth) };
    if (withDefault) field.default = defaultFor(field.type);
    return field;
  }

  /** Applies one random change to a random record of `schema` (mutated in place). */
  mutate(schema: Json): string {
    const record = this.pick(records(schema));
    const field = record.fields.length > 0 ? this.pick(record.fields as Json[]) : undefined;
    const op = this.pick([
      'add',
      'add',
      'remove',
      'retype',
      'retype',
      'union',
      'enum',
      'fixed',
      'renameField',
      'renameRecord',
      'namespace',
      'default',
    ]);
    switch (op) {
      case 'add':
        record.fields.push(this.field(2));
        return op;
      case 'remove':
        if (field) record.fields.splice(record.fields.indexOf(field), 1);
        return op;
      case 'retype':
        if (field) this.retype(field);
        return op;
      case 'union':
        if (field) this.changeUnion(field);
        return op;
      case 'enum':
        return this.changeNamed(schema, 'enum');
      case 'fixed':
        return this.changeNamed(schema, 'fixed');
      case 'renameField':
        if (field) {
          const old = field.name;
          field.name = this.name('g');
          if (this.chance(0.6)) field.aliases = [old];
        }
        return op;
      case 'renameRecord': {
        const old = `${record.namespace ?? 'ns'}.${record.name}`;
        record.name = this.name('N');
        if (this.chance(0.6)) record.aliases = [this.chance(0.5) ? old : old.split('.').pop()];
        return op;
      }
      case 'namespace':
        record.namespace = this.pick(['ns', 'other', 'ns.sub']);
        return op;
      default:
        if (field && field.default === undefined) field.default = defaultFor(field.type);
        else if (field) delete field.default;
        return op;
    }
  }

  private retype(field: Json): void {
    const current = typeof field.type === 'string' ? field.type : undefined;
    field.type = current && NEIGHBOURS[current] && this.chance(0.7) ? this.pick(NEIGHBOURS[current]) : this.type(2);
    if (field.default !== undefined) field.default = defaultFor(field.type);
  }

  private changeUnion(field: Json): void {
    if (Array.isArray(field.type)) {
      const roll = this.rand();
      if (roll < 0.4 && field.type.length > 1) field.type = field.type.find((b: Json) => b !== 'null') ?? field.type[0];
      else if (roll < 0.7) field.type = [...field.type, PRIMITIVES.find((p) => !field.type.includes(p)) ?? 'null'];
      else if (field.type.length > 1) field.type = field.type.slice(0, -1);
    } else if (field.type !== 'null') {
      field.type = this.chance(0.5) ? ['null', field.type] : [field.type, 'null'];
    }
    if (field.default !== undefined) field.default = defaultFor(field.type);
  }

  private changeNamed(schema: Json, kind: 'enum' | 'fixed'): string {
    const found = namedOfKind(schema, kind);
    if (found.length === 0) return `${kind} (none)`;
    const named = this.pick(found);
    if (kind === 'fixed') named.size = this.chance(0.5) ? named.size * 2 : named.size;
    else if (this.chance(0.4)) named.symbols = [...named.symbols, this.name('S')];
    else if (this.chance(0.5) && named.symbols.length > 1) named.symbols = named.symbols.slice(1);
    else if (named.default === undefined) named.default = named.symbols[0];
    else delete named.default;
    if (named.default !== undefined && !named.symbols.includes(named.default)) named.default = named.symbols[0];
    return kind;
  }
}

function defaultFor(type: Json): Json {
  if (Array.isArray(type)) return defaultFor(type[0]);
  if (typeof type === 'string') {
    return { null: null, boolean: false, int: 0, long: 0, float: 0.5, double: 0.5, bytes: '', string: '' }[type];
  }
  switch (type.type) {
    case 'enum':
      return type.symbols[0];
    case 'fixed':
      return 'x'.repeat(type.size);
    case 'array':
      return [];
    case 'map':
      return {};
    default:
      return Object.fromEntries(type.fields.map((f: Json) => [f.name, defaultFor(f.type)]));
  }
}

function walk(type: Json, visit: (t: Json) => void): void {
  if (Array.isArray(type)) return type.forEach((b) => walk(b, visit));
  if (typeof type !== 'object') return;
  visit(type);
  if (type.type === 'record') type.fields.forEach((f: Json) => walk(f.type, visit));
  if (type.type === 'array') walk(type.items, visit);
  if (type.type === 'map') walk(type.values, visit);
}

function namedOfKind(schema: Json, kind: string): Json[] {
  const found: Json[] = [];
  walk(schema, (t) => t.type === kind && found.push(t));
  return found;
}

const records = (schema: Json) => namedOfKind(schema, 'record');

type Verdict = (reader: string, writer: string) => boolean;

const ours: Verdict = (reader, writer) =>
  avroFormat.readerIssues(avroFormat.parse(reader, [], { validate: true }), avroFormat.parse(writer, [], { validate: true })).length === 0;

function avsc(reader: string, writer: string, ignoreNamespaces = false): boolean {
  try {
    Type.forSchema(JSON.parse(reader)).createResolver(Type.forSchema(JSON.parse(writer)), { ignoreNamespaces } as never);
    return true;
  } catch {
    return false;
  }
}

/**
 * avsc compares QUALIFIED names (Apache Avro and Confluent compare unqualified names, so a
 * namespace-only change is compatible). A disagreement is explained by this when the evolution
 * moved a record to another namespace, we accept it, and avsc agrees once told to ignore namespaces.
 */
function classify(reader: string, writer: string, verdict: boolean, ops: string[]): string {
  if (verdict && ops.includes('namespace') && avsc(reader, writer, true)) return 'AVSC_QUALIFIED_NAMES';
  return 'UNEXPLAINED';
}

interface Outcome {
  total: number;
  agreements: number;
  compatible: number;
  classes: Record<string, number>;
  examples: Record<string, string[]>;
}

function runDifferential(verdictOf: Verdict, seed: number, total: number): Outcome {
  const gen = new EvolutionGenerator(mulberry32(seed));
  const outcome: Outcome = { total, agreements: 0, compatible: 0, classes: {}, examples: {} };
  for (let i = 0; i < total; i++) {
    const old = gen.record(0, 2 + gen.int(6));
    const next = JSON.parse(JSON.stringify(old));
    const ops = [gen.mutate(next)];
    while (gen.chance(0.4)) ops.push(gen.mutate(next));
    // A change deep inside may invalidate defaults written for the old shape; their values never matter here.
    records(next).forEach((r) => r.fields.forEach((f: Json) => f.default !== undefined && (f.default = defaultFor(f.type))));
    const [reader, writer] = [JSON.stringify(next), JSON.stringify(old)];
    const verdict = verdictOf(reader, writer);
    if (verdict) outcome.compatible++;
    if (verdict === avsc(reader, writer)) {
      outcome.agreements++;
      continue;
    }
    const cls = classify(reader, writer, verdict, ops);
    outcome.classes[cls] = (outcome.classes[cls] ?? 0) + 1;
    (outcome.examples[cls] ??= []).push(`${ops.join('+')}: ours=${verdict}\n  reader=${reader}\n  writer=${writer}`);
  }
  return outcome;
}

describe('Avro differential test against avsc createResolver', () => {
  it('agrees on 1,000 random evolutions except for known avsc differences', () => {
    const outcome = runDifferential(ours, 20240611, 1000);
    const rate = ((100 * outcome.agreements) / outcome.total).toFixed(1);
    console.log(
      `Avro differential: ${outcome.agreements}/${outcome.total} agree (${rate}%), ${outcome.compatible} compatible; ` +
        `disagreements by class: ${JSON.stringify(outcome.classes)}`,
    );
    expect(outcome.examples.UNEXPLAINED ?? []).toEqual([]);
    expect(outcome.agreements / outcome.total).toBeGreaterThan(0.9);
    // The generator must exercise both verdicts, or agreement would be meaningless.
    expect(outcome.compatible).toBeGreaterThan(outcome.total * 0.2);
    expect(outcome.compatible).toBeLessThan(outcome.total * 0.8);
  });

  it('fails when the checker is wrong (a checker that accepts everything is caught)', () => {
    const outcome = runDifferential(() => true, 7, 200);
    expect(outcome.classes.UNEXPLAINED).toBeGreaterThan(20);
  });
});
