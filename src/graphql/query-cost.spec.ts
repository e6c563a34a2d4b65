import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getOperationAST, getVariableValues, GraphQLObjectType, GraphQLSchema, parse } from 'graphql';
import { COST_645401, COSTLY_SPELLINGS } from '../../test/support/costly-queries';
import { CostEstimateError, estimateCost, INTROSPECTION_SCHEMA_COST } from './query-cost';

const schema = buildSchema(readFileSync(join(__dirname, '../../schemas/charter.graphql'), 'utf8'));

function cost(query: string, variables: Record<string, unknown> = {}, on: GraphQLSchema = schema): number {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const coerced = getVariableValues(on, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return estimateCost({ schema: on, document, operation, variables: coerced.coerced });
}

describe('estimateCost', () => {
  it('keeps the estimator semantics: `first` multiplies, `edges` counts once, other lists count ten', () => {
    expect(cost('{ topics(first: 7) { edges { node { name } } } }')).toBe(1 + 7 * (1 + (1 + 1)));
    expect(cost('{ teams { slug members { username } } }')).toBe(1 + 10 * (1 + (1 + 10 * 1)));
    expect(cost('{ teams { slug } }')).toBe(1 + 10 * 1);
    expect(cost('{ me { username } }')).toBe(2);
  });

  it('prices the page an omitted or null `first` stands for: its default', () => {
    const q = (first: string) => `{ topics${first} { edges { node { name } } } }`;
    expect(cost(q(''))).toBe(1 + 50 * 3);
    expect(cost(q('(first: null)'))).toBe(1 + 50 * 3);
  });

  it.each(Object.entries(COSTLY_SPELLINGS))('prices the costly query the same written with %s', (_, { query, variables }) => {
    expect(cost(query, variables)).toBe(COST_645401);
  });

  it('skips what @skip and @include leave out', () => {
    expect(cost('query($no: Boolean!) { teams @include(if: $no) { slug } me { username } }', { no: false })).toBe(2);
    expect(cost('{ teams @skip(if: true) { slug } ... @skip(if: true) { me { username } } }')).toBe(0);
  });

  it('prices each fragment once: a doubling chain of 60 takes linear time and costs 2^61', () => {
    const lines = ['{ ...F60 }', 'fragment F0 on Query { me { username } }'];
    for (let i = 1; i <= 60; i++) lines.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
    expect(cost(lines.join('\n'))).toBe(2 ** 61);
  });

  it('refuses to price a zero, negative or non-integer page rather than lowering the cost', () => {
    for (const first of [0, -1, -645_401]) {
      expect(() => cost('query($n: Int) { topics(first: $n) { totalCount } }', { n: first })).toThrow(CostEstimateError);
      expect(() => cost(`{ topics(first: ${first}) { totalCount } }`)).toThrow(
        /'first' must be an integer of at least 1 \(topics\(first: -?\d+\)\)/,
      );
    }
  });

  it('gives introspection a flat weight and tolerates unknown fields and fragments', () => {
    expect(cost('{ __schema { types { fields { name } } } }')).toBe(INTROSPECTION_SCHEMA_COST);
    expect(cost('{ nope { deeper } ...Missing }')).toBe(2);
  });

  it('uses the weight a field declares, as a number or as a function of its arguments', () => {
    const weighted = buildSchema(
      'type Query { doc: String, page(first: Int = 5): [Item], search(text: String): [Item] } type Item { id: String }',
    );
    const query = weighted.getQueryType() as GraphQLObjectType;
    query.getFields().doc.extensions = { complexity: 5_000 };
    query.getFields().page.extensions = { complexity: 100 };
    query.getFields().search.extensions = {
      complexity: ({ args, childComplexity }: { args: { text?: string }; childComplexity: number }) =>
        (args.text ? 20 : 1) + childComplexity,
    };
    expect(cost('{ a: doc b: doc }', {}, weighted)).toBe(10_000);
    expect(cost('{ page { id } }', {}, weighted)).toBe(100 + 5 * 1);
    expect(cost('{ search(text: "x") { id } }', {}, weighted)).toBe(21);
    query.getFields().search.extensions = { complexity: () => -5 };
    expect(() => cost('{ search { id } }', {}, weighted)).toThrow(/declared a cost of -5/);
  });
});
