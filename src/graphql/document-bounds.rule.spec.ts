import { buildSchema, parse, validate } from 'graphql';
import { documentBoundsRule } from './document-bounds.rule';

const schema = buildSchema('type Query { a: String, b: Query }');
const bounds = { maxAliases: 3, maxDirectives: 2, maxFragments: 2, maxSameNamePairs: 10 };
const errors = (query: string) => validate(schema, parse(query), [documentBoundsRule(bounds)]).map((e) => e.message);

describe('documentBoundsRule', () => {
  it('accepts a document inside every bound', () => {
    expect(errors('{ x: a y: a b { a @skip(if: false) } ...F } fragment F on Query { a }')).toEqual([]);
  });

  it('counts aliases and directives as written', () => {
    expect(errors('{ w: a x: a y: b { a } z: b { a } }')).toEqual(['The document has 4 aliases; the limit is 3.']);
    expect(errors('{ a @include(if: true) b @skip(if: false) { a @include(if: true) } }')).toEqual([
      'The document has 3 directives; the limit is 2.',
    ]);
  });

  it('counts fragment definitions once, however often they are spread', () => {
    expect(errors('{ ...F ...F ...F ...G } fragment F on Query { a } fragment G on Query { b { a } }')).toEqual([]);
    expect(errors('{ ...F } fragment F on Query { a } fragment G on Query { a } fragment H on Query { a }')[0]).toMatch(
      /3 fragment definitions; the limit is 2/,
    );
  });

  it('bounds the fields that share a response name, which graphql-js compares pairwise', () => {
    expect(errors('{ a a a }')).toEqual([]); // 3² = 9
    expect(errors('{ a a b { a } a }')[0]).toMatch(/17 pairs of fields sharing a response name/);
  });
});
