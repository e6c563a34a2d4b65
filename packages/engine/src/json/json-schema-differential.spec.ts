import Ajv from 'ajv';
import { jsonSchemaFormat } from './json-schema-format';

/**
 * Semantic differential test. No independent JSON Schema compatibility checker can be installed,
 * so the oracle is validation itself: when the engine says "new reads everything old wrote"
 * (BACKWARD, reader = new), every sampled instance that Ajv accepts under the old schema must be
 * accepted under the new one. The reader validates with `useDefaults`, because a required property
 * with a default is compatible precisely because readers fill defaults in.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, any>;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['a', 'b', 'c', 'd'];
const WORDS = ['', 'x', 'ab', 'abc', 'hello', 'Z9'];

class Generator {
  constructor(private readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** Union branches get distinct base types so that oneOf never matches twice (see report). */
  schema(depth: number): Schema {
    const kinds =
      depth > 2
        ? ['string', 'integer', 'number', 'boolean', 'null', 'enum']
        : ['string', 'integer', 'number', 'boolean', 'object', 'object', 'array', 'union', 'enum'];
    const kind = this.pick(kinds);
    switch (kind) {
      case 'string':
        return this.bounds({ type: 'string' }, 'minLength', 'maxLength', 0, 6);
      case 'integer':
      case 'number': {
        const s = this.bounds({ type: kind }, 'minimum', 'maximum', -5, 5);
        if (this.chance(0.2)) s.multipleOf = this.pick([1, 2, 3]);
        return s;
      }
      case 'enum':
        return { enum: this.sample(WORDS, this.int(1, 3)) };
      case 'object': {
        const s: Schema = { type: 'object', properties: {} };
        for (const name of this.sample(NAMES, this.int(0, 3))) s.properties[name] = this.schema(depth + 1);
        const required = Object.keys(s.properties).filter(() => this.chance(0.4));
        if (required.length) s.required = required;
        const extra = this.random();
        if (extra < 0.3) s.additionalProperties = false;
        else if (extra < 0.4) s.additionalProperties = this.schema(depth + 1);
        return s;
      }
      case 'array': {
        const s = this.bounds({ type: 'array', items: this.schema(depth + 1) }, 'minItems', 'maxItems', 0, 3);
        if (this.chance(0.2)) s.uniqueItems = true;
        return s;
      }
      default: {
        const types = this.sample(['string', 'integer', 'boolean', 'null', 'array'], this.int(2, 3));
        return {
          [this.pick(['oneOf', 'anyOf'])]: types.map((type) =>
            type === 'array' ? { type, items: this.schema(depth + 1) } : this.bounds({ type }, 'minLength', 'maxLength', 0, 6),
          ),
        };
      }
    }
  }

  private bounds(s: Schema, low: string, high: string, min: number, max: number): Schema {
    if (!['string', 'integer', 'number', 'array'].includes(s.type)) return s;
    if (this.chance(0.3)) s[low] = this.int(min, (min + max) >> 1);
    if (this.chance(0.3)) s[high] = this.int((min + max) >> 1, max);
    return s;
  }

  sample<T>(items: readonly T[], n: number): T[] {
    return [...items].sort(() => this.random() - 0.5).slice(0, n);
  }

  /** One to three small edits anywhere in the schema. */
  mutate(schema: Schema): Schema {
    const copy = structuredClone(schema);
    for (let i = this.int(1, 3); i > 0; i--) this.edit(this.pick(this.nodes(copy)));
    return copy;
  }

  private nodes(s: Schema): Schema[] {
    const found = [s];
    for (const child of [...Object.values(s.properties ?? {}), s.items, s.additionalProperties, ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
      if (child && typeof child === 'object') found.push(...this.nodes(child));
    }
    return found;
  }

  private edit(s: Schema): void {
    const bump = (k: string, lo: number, hi: number) => (s[k] === undefined || this.chance(0.3) ? (s[k] = this.int(lo, hi)) : delete s[k]);
    const action = this.int(0, 9);
    if (s.enum) {
      if (action < 5) s.enum = [...new Set([...s.enum, this.pick(WORDS)])];
      else if (s.enum.length > 1) s.enum = s.enum.slice(1);
    } else if (s.type === 'object') {
      if (action < 3) s.properties[this.pick(NAMES)] = this.chance(0.15) ? {} : this.schema(2);
      else if (action < 5) delete s.properties[this.pick(NAMES)];
      else if (action < 7) s.required = this.sample(Object.keys(s.properties), this.int(0, 2));
      else if (action < 8 && s.additionalProperties === false) delete s.additionalProperties;
      else if (action < 8) s.additionalProperties = false;
      else s.properties[this.pick(NAMES)] = { type: 'string', default: 'd' };
      if (s.required?.length === 0) delete s.required;
    } else if (s.type === 'string') bump(this.pick(['minLength', 'maxLength']), 0, 6);
    else if (s.type === 'integer' || s.type === 'number') {
      if (action < 3) s.type = s.type === 'integer' ? 'number' : 'integer';
      else if (action < 5) bump('multipleOf', 1, 4);
      else bump(this.pick(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']), -5, 5);
    } else if (s.type === 'array') {
      if (action < 3) bump(this.pick(['minItems', 'maxItems']), 0, 3);
      else if (action < 5) s.uniqueItems = !s.uniqueItems;
      else s.items = this.chance(0.5) ? this.mutate(s.items) : this.schema(2);
    } else if (s.oneOf || s.anyOf) {
      const key = s.oneOf ? 'oneOf' : 'anyOf';
      if (action < 4 && s[key].length > 1) s[key] = s[key].slice(0, -1);
      else if (action < 7) s[key] = [...s[key], { type: 'number', minimum: 1000 }];
      else {
        s[key === 'oneOf' ? 'anyOf' : 'oneOf'] = s[key];
        delete s[key];
      }
    }
    if (action === 9 && this.chance(0.5)) {
      for (const key of Object.keys(s)) delete s[key];
      Object.assign(s, this.schema(2));
    }
    if (this.chance(0.1)) s.description = `changed ${this.int(0, 9)}`;
  }

  /** Instances shaped like the schema, with unknown properties and off-by-one values mixed in. */
  instance(s: Schema | boolean | undefined, depth = 0): Json {
    if (!s || s === true || depth > 4 || this.chance(0.08)) return this.anyValue(depth);
    if (s.enum) return this.pick(s.enum);
    const branches = s.oneOf ?? s.anyOf;
    if (branches) return this.instance(this.pick(branches), depth);
    switch (s.type) {
      case 'string':
        return this.pick(WORDS) + (this.chance(0.3) ? 'xyz' : '');
      case 'integer':
        return this.int(-6, 6);
      case 'number':
        return this.chance(0.5) ? this.int(-6, 6) : this.int(-60, 60) / 10;
      case 'boolean':
        return this.chance(0.5);
      case 'null':
        return null;
      case 'array':
        return Array.from({ length: this.int(0, 4) }, () => this.instance(s.items, depth + 1));
      case 'object': {
        const o: Record<string, Json> = {};
        for (const [k, v] of Object.entries(s.properties ?? {})) if (this.chance(0.75)) o[k] = this.instance(v as Schema, depth + 1);
        if (this.chance(0.4)) o[this.pick(NAMES)] = this.anyValue(depth + 1);
        return o;
      }
      default:
        return this.anyValue(depth);
    }
  }

  private anyValue(depth: number): Json {
    const makers: (() => Json)[] = [
      () => null,
      () => this.chance(0.5),
      () => this.int(-6, 6),
      () => this.int(-60, 60) / 10,
      () => this.pick(WORDS),
      () => [this.anyValue(depth + 1)],
      () => ({ [this.pick(NAMES)]: this.anyValue(depth + 1) }),
    ];
    return makers[this.int(0, depth > 2 ? 4 : 6)]();
  }
}

describe('JSON Schema compatibility: semantic differential test', () => {
  const EVOLUTIONS = 400;
  const INSTANCES = 60;
  const writerAjv = new Ajv({ strict: false, allowUnionTypes: true });
  const readerAjv = new Ajv({ strict: false, allowUnionTypes: true, useDefaults: true });

  it(`finds no counterexample to a "compatible" verdict in ${EVOLUTIONS} random evolutions`, () => {
    const gen = new Generator(mulberry32(20240611));
    const counterexamples: string[] = [];
    let compatible = 0;
    let breaking = 0;
    let breakingWitnessed = 0;
    let instancesChecked = 0;
    for (let n = 0; n < EVOLUTIONS; n++) {
      const oldSchema = gen.schema(0);
      const newSchema = gen.mutate(oldSchema);
      const parse = (s: Schema) => jsonSchemaFormat.parse(JSON.stringify(s), [], { validate: true });
      const issues = jsonSchemaFormat.readerIssues(parse(newSchema), parse(oldSchema));
      const validOld = writerAjv.compile(oldSchema);
      const validNew = readerAjv.compile(newSchema);
      let witness: Json | undefined;
      for (let i = 0; i < INSTANCES; i++) {
        const value = gen.instance(oldSchema);
        if (!validOld(value)) continue;
        instancesChecked++;
        if (!validNew(structuredClone(value))) {
          witness = value;
          break;
        }
      }
      if (issues.length === 0) {
        compatible++;
        if (witness !== undefined) {
          counterexamples.push(`old ${JSON.stringify(oldSchema)}\nnew ${JSON.stringify(newSchema)}\nvalue ${JSON.stringify(witness)}`);
        }
      } else {
        breaking++;
        if (witness !== undefined) breakingWitnessed++;
      }
    }
    console.log(
      [
        `JSON Schema differential: ${EVOLUTIONS} evolutions, ${instancesChecked} old-valid instances checked`,
        `  verdict compatible: ${compatible}, counterexamples: ${counterexamples.length}`,
        `  verdict breaking:   ${breaking}, with a counterexample among the samples: ${breakingWitnessed} (${Math.round((100 * breakingWitnessed) / Math.max(breaking, 1))}%)`,
      ].join('\n'),
    );
    expect(counterexamples.slice(0, 3)).toEqual([]);
  });
});
