import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isLeafType,
} from 'graphql';
import { createTeams, tokenFor } from './support/principals';
import { FUZZ_SEED, hostileInt, hostileJson, hostileString, hostileStrings } from './support/hostile-values';
import { ADMIN_TOKEN, TestApp } from './support/test-app';

/**
 * Every argument of every query and mutation of the committed schema, nested input fields
 * included, receives hostile values of its type (and of other types, through variables), as an
 * admin and as an ordinary member. Whatever is refused must be refused as the caller's error:
 * no HTTP 5xx and no INTERNAL_SERVER_ERROR, ever.
 */
const schema = buildSchema(readFileSync(join(__dirname, '..', 'schemas', 'charter.graphql'), 'utf8'));
const RUNS_PER_FIELD = Number(process.env.FUZZ_RUNS ?? 4);
const PLAUSIBLE = ['fuzz-a', 'fuzz-b', 'fuzz.orders', 'fuzz.orders-value', 'fuzz-member', 'EU', 'READ', 'AVRO', '"string"'];

function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = hostileJson();
  const right = rightValueOf(type, depth);
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function rightValueOf(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return rightValueOf(type.ofType, depth);
  if (isListType(type)) return fc.array(valueOf(type.ofType, depth + 1), { maxLength: 3 });
  if (isEnumType(type))
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
      { weight: 1, arbitrary: hostileString() },
    );
  if (isInputObjectType(type)) {
    if (depth > 4) return fc.constant({});
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)]));
    const requiredKeys = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
    return fc.record(model, { requiredKeys });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return hostileInt();
      case 'Float':
        return fc.oneof(hostileInt(), fc.double({ noNaN: true }));
      case 'Boolean':
        return fc.boolean();
      case 'JSON':
        return hostileJson();
      default:
        return hostileString(PLAUSIBLE);
    }
  }
  return fc.constant(null);
}

function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a, i) => `$v${i}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a, i) => `${a.name}: $v${i}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind}${vars ? ` Fuzz(${vars})` : ' Fuzz'} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

const rootFields = (['query', 'mutation'] as const).flatMap((kind) => {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(root?.getFields() ?? {}).map((field) => ({ kind, field, name: `${kind} ${field.name}` }));
});

describe('GraphQL fuzz: hostile arguments never cause a server error', () => {
  let app: TestApp;
  let tokens: Record<'admin' | 'member', string>;

  beforeAll(async () => {
    // FUZZ_LOG_LEVEL=error shows the server's side of a failure.
    app = await TestApp.start(process.env.FUZZ_LOG_LEVEL ? { LOG_LEVEL: process.env.FUZZ_LOG_LEVEL } : {});
    await createTeams(app, 'fuzz-a', 'fuzz-b');
    tokens = { admin: ADMIN_TOKEN, member: await tokenFor(app, { username: 'fuzz-member', teams: ['fuzz-a'] }) };
  });
  afterAll(() => app?.close());

  it('covers every query and mutation of the committed schema', () => {
    expect(rootFields.length).toBeGreaterThan(40);
    expect(rootFields.filter((f) => f.field.args.length > 0).length).toBeGreaterThan(30);
    expect(hostileStrings).toContain('\u0000');
  });

  it.each(rootFields.map((f) => [f.name, f] as const))('%s', async (_name, { kind, field }) => {
    const query = operationOf(kind, field);
    const variables = fc.tuple(...field.args.map((a) => valueOf(a.type)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'admin' | 'member'>('admin', 'member'), variables, async (who, values) => {
        const vars = Object.fromEntries(values.map((v, i) => [`v${i}`, v]));
        const res = await app.graphql(query, vars, tokens[who]);
        const internal = (res.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
        if (res.status >= 500 || internal.length > 0) {
          throw new Error(`${who}: HTTP ${res.status} ${JSON.stringify(internal.length ? internal : res.errors).slice(0, 500)}`);
        }
      }),
      { seed: FUZZ_SEED, numRuns: field.args.length === 0 ? 2 : RUNS_PER_FIELD, endOnFailure: true },
    );
  });
});
