import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { protobufFormat } from './protobuf-format';

/**
 * Differential test against `buf breaking --use WIRE`. Random evolutions are drawn mostly from
 * the changes where Confluent BACKWARD and buf WIRE agree (docs/reference/confluent-registry.md, part 4.1); a few changes where
 * they are known to differ are drawn on purpose, tagged, and every disagreement must carry one of
 * those tags. All evolutions go into one buf module (one file and package each), so buf runs once.
 */
const BUF = join(__dirname, '../../../node_modules/.bin/buf');
const EVOLUTIONS = 300;

/** Where Confluent and buf WIRE are known to differ, and why. */
const KNOWN_DIFFERENCES = {
  ENUM_INTEGER: 'Confluent puts enums in the int32 family; buf WIRE keeps enum in its own group',
  BYTES_TO_STRING: 'Confluent allows bytes→string; buf WIRE flags it (bytes need not be valid UTF-8)',
  CARDINALITY:
    'Confluent compares labels only for numeric scalars and enums, and only when both sides write one; buf checks every cardinality change',
  MESSAGE_DELETED: 'Confluent BACKWARD fails on a removed message (payload message indexes); buf WIRE does not check it',
  MOVED_INTO_ONEOF: 'Confluent lets one existing field move into a new oneof; buf FIELD_SAME_ONEOF forbids any move',
} as const;
type Known = keyof typeof KNOWN_DIFFERENCES;
it('names a reason for every known difference', () => {
  for (const reason of Object.values(KNOWN_DIFFERENCES)) expect(reason.length).toBeGreaterThan(10);
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Field {
  name: string;
  number: number;
  type: string;
  label?: 'optional' | 'repeated' | 'required';
}
interface Msg {
  name: string;
  fields: Field[];
  reserved: number[];
  oneof?: Field[];
}
interface Schema {
  syntax: 'proto2' | 'proto3';
  pkg: string;
  messages: Msg[];
  enumValues: number[];
  enumReserved: number[];
}

const SCALARS = [
  'int32',
  'int64',
  'uint32',
  'uint64',
  'bool',
  'sint32',
  'sint64',
  'fixed32',
  'sfixed32',
  'fixed64',
  'sfixed64',
  'float',
  'double',
  'string',
  'bytes',
];
const SAME_GROUP: Record<string, string[]> = {
  int32: ['int64', 'uint32', 'uint64', 'bool'],
  int64: ['int32', 'uint64'],
  uint32: ['int32', 'uint64'],
  uint64: ['int64', 'bool'],
  bool: ['int32'],
  sint32: ['sint64'],
  sint64: ['sint32'],
  fixed32: ['sfixed32'],
  sfixed32: ['fixed32'],
  fixed64: ['sfixed64'],
  sfixed64: ['fixed64'],
  string: ['bytes'],
};

function render(s: Schema): string {
  const label = (f: Field) => (f.label ? `${f.label} ` : s.syntax === 'proto2' ? 'optional ' : '');
  const lines = [`syntax = "${s.syntax}";`, `package ${s.pkg};`, 'enum Kind {'];
  for (const v of s.enumValues) lines.push(`  K${v} = ${v};`);
  if (s.enumReserved.length) lines.push(`  reserved ${s.enumReserved.join(', ')};`);
  lines.push('}');
  for (const m of s.messages) {
    lines.push(`message ${m.name} {`);
    for (const f of m.fields) lines.push(`  ${label(f)}${f.type} ${f.name} = ${f.number};`);
    if (m.oneof?.length) lines.push('  oneof choice {', ...m.oneof.map((f) => `    ${f.type} ${f.name} = ${f.number};`), '  }');
    if (m.reserved.length) lines.push(`  reserved ${m.reserved.join(', ')};`);
    lines.push('}');
  }
  return `${lines.join('\n')}\n`;
}

function generate(rand: () => number, index: number): { before: Schema; after: Schema; tags: Set<Known | 'AGREEING'> } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const syntax = rand() < 0.25 ? 'proto2' : 'proto3';
  const messages: Msg[] = ['Main', 'Other', 'Extra'].map((name, m) => ({
    name,
    reserved: [],
    fields: Array.from({ length: 2 + Math.floor(rand() * 5) }, (_, i) => ({
      name: `f${m}_${i + 1}`,
      number: i + 1,
      type: rand() < 0.1 ? 'Kind' : rand() < 0.1 && m === 0 ? 'Other' : pick(SCALARS),
      label: rand() < 0.2 ? ('repeated' as const) : syntax === 'proto3' && rand() < 0.2 ? ('optional' as const) : undefined,
    })),
  }));
  const before: Schema = { syntax, pkg: `evo${index}`, messages, enumValues: [0, 1, 2], enumReserved: [] };
  const after: Schema = JSON.parse(JSON.stringify(before));
  const tags = new Set<Known | 'AGREEING'>();
  const mutations = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < mutations; i++) mutate(after, rand, pick, tags);
  return { before, after, tags };
}

function mutate(s: Schema, rand: () => number, pick: <T>(xs: readonly T[]) => T, tags: Set<Known | 'AGREEING'>): void {
  const msg = pick(s.messages);
  const field = msg.fields.length ? pick(msg.fields) : undefined;
  const next =
    Math.max(0, ...s.messages.flatMap((m) => [...m.fields.map((f) => f.number), ...m.reserved, ...(m.oneof ?? []).map((f) => f.number)])) +
    1;
  const r = rand();
  if (r < 0.14 || !field) {
    msg.fields.push({ name: `added${next}`, number: next, type: pick(SCALARS) });
    tags.add('AGREEING');
  } else if (r < 0.26) {
    msg.fields = msg.fields.filter((f) => f !== field);
    msg.reserved.push(field.number); // buf WIRE needs the number reserved
    tags.add('AGREEING');
  } else if (r < 0.34) {
    field.name = `${field.name}_renamed`;
    tags.add('AGREEING');
  } else if (r < 0.5) {
    field.type = SAME_GROUP[field.type] ? pick(SAME_GROUP[field.type]) : field.type; // compatible for both
    tags.add('AGREEING');
  } else if (r < 0.64) {
    field.type = pick(
      SCALARS.filter((t) => !(SAME_GROUP[field.type] ?? []).includes(t) && t !== field.type && !(field.type === 'bytes' && t === 'string')),
    );
    tags.add('AGREEING');
  } else if (r < 0.7) {
    if (field.type === 'Kind' || field.type === 'Other') field.type = 'string';
    else field.type = 'Other'; // scalar ↔ message
    tags.add('AGREEING');
  } else if (r < 0.76) {
    s.enumValues.push(s.enumValues.length);
    tags.add('AGREEING');
  } else if (r < 0.8) {
    const removed = s.enumValues.pop() as number;
    if (removed > 0) s.enumReserved.push(removed);
    else s.enumValues.push(removed);
    tags.add('AGREEING');
  } else if (r < 0.83) {
    s.pkg = `${s.pkg}.v2`;
    tags.add('AGREEING');
  } else if (r < 0.86 && s.syntax === 'proto2') {
    msg.fields.push({ name: `req${next}`, number: next, type: 'int32', label: 'required' });
    tags.add('AGREEING');
  } else if (r < 0.89) {
    if (field.type === 'Kind') {
      field.type = 'int32';
      tags.add('ENUM_INTEGER');
    } else if (field.type === 'bytes') {
      field.type = 'string';
      tags.add('BYTES_TO_STRING');
    } else if (['int32', 'int64', 'uint32', 'uint64', 'bool'].includes(field.type)) {
      field.type = 'Kind';
      tags.add('ENUM_INTEGER');
    } else tags.add('AGREEING');
  } else if (r < 0.93) {
    const numeric = !['string', 'bytes', 'Other'].includes(field.type);
    const written = (l: Field['label']) => l !== undefined || s.syntax === 'proto2';
    const label = field.label === 'repeated' ? undefined : 'repeated';
    tags.add(numeric && written(field.label) && written(label) ? 'AGREEING' : 'CARDINALITY');
    if (field.label !== 'required') field.label = label;
  } else if (r < 0.96 && msg.name === 'Extra') {
    s.messages = s.messages.filter((m) => m !== msg);
    tags.add('MESSAGE_DELETED');
  } else if (field.label === undefined || (s.syntax === 'proto2' && field.label === 'optional')) {
    msg.fields = msg.fields.filter((f) => f !== field);
    msg.oneof = [...(msg.oneof ?? []), { ...field, label: undefined }];
    tags.add('MOVED_INTO_ONEOF');
  } else {
    tags.add('AGREEING');
  }
}

function bufVerdicts(dir: string, count: number): boolean[] {
  let out = '';
  try {
    out = execFileSync(BUF, ['breaking', join(dir, 'new'), '--against', join(dir, 'old'), '--error-format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    if (e.status !== 100) throw new Error(`buf failed: ${e.stderr ?? error}`);
    out = e.stdout ?? '';
  }
  const broken = Array.from({ length: count }, () => false);
  for (const line of out.split('\n').filter(Boolean)) {
    const match = /e(\d+)\.proto$/.exec(JSON.parse(line).path as string);
    if (match) broken[Number(match[1])] = true;
  }
  return broken;
}

const describeIfBuf = existsSync(BUF) ? describe : describe.skip;

describeIfBuf('differential: Confluent BACKWARD vs buf breaking (WIRE)', () => {
  it(`agrees on ${EVOLUTIONS} random evolutions outside the known semantic differences`, () => {
    const rand = mulberry32(20240601);
    const dir = mkdtempSync(join(tmpdir(), 'charter-buf-'));
    try {
      const cases = Array.from({ length: EVOLUTIONS }, (_, i) => generate(rand, i));
      for (const side of ['old', 'new'] as const) {
        mkdirSync(join(dir, side));
        writeFileSync(join(dir, side, 'buf.yaml'), 'version: v2\nbreaking:\n  use:\n    - WIRE\n');
        cases.forEach((c, i) => writeFileSync(join(dir, side, `e${i}.proto`), render(side === 'old' ? c.before : c.after)));
      }
      const buf = bufVerdicts(dir, cases.length);
      const byClass: Record<string, number> = {};
      let agree = 0;
      let agreeingOnly = 0;
      cases.forEach((c, i) => {
        const before = protobufFormat.parse(render(c.before), []);
        const after = protobufFormat.parse(render(c.after), []);
        const confluentBreaks = protobufFormat.readerIssues(after, before).length > 0;
        const known = [...c.tags].filter((t): t is Known => t !== 'AGREEING');
        if (known.length === 0) agreeingOnly++;
        if (confluentBreaks === buf[i]) {
          agree++;
          return;
        }
        // Every disagreement must come from a change of a known class.
        expect({ evolution: i, known, before: render(c.before), after: render(c.after) }).toEqual(
          expect.objectContaining({ known: expect.arrayContaining([expect.any(String)]) }),
        );
        for (const k of known) byClass[k] = (byClass[k] ?? 0) + 1;
      });
      console.log(
        `Protobuf differential vs buf WIRE: ${agree}/${cases.length} agree (${((100 * agree) / cases.length).toFixed(1)}%); ` +
          `${agreeingOnly} evolutions used only agreeing changes (all agree); disagreements by class: ${JSON.stringify(byClass)}`,
      );
      expect(agree).toBeGreaterThan(cases.length * 0.8);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
