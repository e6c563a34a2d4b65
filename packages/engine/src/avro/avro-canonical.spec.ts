import { avroFormat } from './avro-format';

const canonical = (text: string, normalize = false) => avroFormat.parse(text, [], { validate: true, normalize }).canonical;

describe('Avro canonical form (Schema.toString, docs/reference/confluent-registry.md, part 3.5)', () => {
  it('writes keys in Avro order, drops whitespace and keeps doc, aliases, defaults, logical types and custom props', () => {
    const text = `{
      "namespace": "com.acme",
      "fields": [
        {"order": "descending", "default": 0, "type": {"type": "int"}, "name": "a", "doc": "A", "aliases": ["aa"], "x-pii": true},
        {"name": "b", "type": {"type": "enum", "name": "Kind", "symbols": ["X", "Y"], "default": "X", "namespace": "com.other"}},
        {"name": "c", "type": "com.other.Kind"},
        {"name": "d", "type": {"type": "fixed", "name": "Hash", "size": 16, "aliases": ["com.acme.OldHash"]}},
        {"name": "e", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "f", "type": {"type": "map", "values": {"type": "array", "items": "string"}}, "order": "ascending"}
      ],
      "type": "record", "name": "Order", "doc": "An order", "owner": "team-a", "aliases": ["Legacy"]
    }`;
    expect(canonical(text)).toBe(
      '{"type":"record","name":"Order","namespace":"com.acme","doc":"An order","fields":[' +
        '{"name":"a","type":"int","doc":"A","default":0,"order":"descending","aliases":["aa"],"x-pii":true},' +
        '{"name":"b","type":{"type":"enum","name":"Kind","namespace":"com.other","symbols":["X","Y"],"default":"X"}},' +
        '{"name":"c","type":"com.other.Kind"},' +
        '{"name":"d","type":{"type":"fixed","name":"Hash","size":16,"aliases":["OldHash"]}},' +
        '{"name":"e","type":{"type":"long","logicalType":"timestamp-millis"}},' +
        '{"name":"f","type":{"type":"map","values":{"type":"array","items":"string"}}}' +
        '],"owner":"team-a","aliases":["Legacy"]}',
    );
  });

  it('gives the same text for different whitespace and key order (fact 2)', () => {
    const a = '{"type":"record","name":"R","fields":[{"name":"f","type":"string","doc":"d"}]}';
    const b = '{ "fields" : [ { "doc":"d", "type" : "string", "name" : "f" } ],\n  "name" : "R", "type" : "record" }';
    expect(canonical(a)).toBe(canonical(b));
  });

  it.each([
    ['doc (fact 6)', '{"type":"record","name":"R","doc":"v2","fields":[{"name":"f","type":"int"}]}'],
    ['default', '{"type":"record","name":"R","doc":"v1","fields":[{"name":"f","type":"int","default":1}]}'],
    ['custom attribute', '{"type":"record","name":"R","doc":"v1","x":1,"fields":[{"name":"f","type":"int"}]}'],
    [
      'unknown logical type',
      '{"type":"record","name":"R","doc":"v1","fields":[{"name":"f","type":{"type":"int","logicalType":"x-cents"}}]}',
    ],
  ])('changes when the %s changes', (_what, changed) => {
    const base = '{"type":"record","name":"R","doc":"v1","fields":[{"name":"f","type":"int"}]}';
    expect(canonical(changed)).not.toBe(canonical(base));
  });

  it('writes a named type by name after its first definition and the namespace only where it changes', () => {
    const text =
      '{"type":"record","name":"a.Outer","fields":[' +
      '{"name":"x","type":{"type":"record","name":"b.Inner","fields":[{"name":"y","type":{"type":"fixed","name":"a.Same","size":1}}]}},' +
      '{"name":"z","type":["null","b.Inner"]},{"name":"w","type":"Same"},{"name":"v","type":{"type":"record","name":"Plain","namespace":"","fields":[]}}]}';
    expect(canonical(text)).toBe(
      '{"type":"record","name":"Outer","namespace":"a","fields":[' +
        '{"name":"x","type":{"type":"record","name":"Inner","namespace":"b","fields":[{"name":"y","type":{"type":"fixed","name":"Same","namespace":"a","size":1}}]}},' +
        '{"name":"z","type":["null","b.Inner"]},{"name":"w","type":"Same"},{"name":"v","type":{"type":"record","name":"Plain","namespace":"","fields":[]}}]}',
    );
  });

  it('collapses prop-less primitives but keeps primitives with properties', () => {
    expect(canonical('["null",{"type":"string"},{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}]')).toBe(
      '["null","string",{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}]',
    );
  });

  it('normalize writes full names and sorts properties and aliases', () => {
    const a =
      '{"type":"record","name":"R","namespace":"n","aliases":["Z","A"],"b":1,"a":2,"fields":[{"name":"f","type":"R","aliases":["y","x"]}]}';
    const b = '{"type":"record","name":"n.R","aliases":["n.A","n.Z"],"a":2,"b":1,"fields":[{"name":"f","type":"n.R","aliases":["x","y"]}]}';
    expect(canonical(a)).not.toBe(canonical(b));
    expect(canonical(a, true)).toBe(canonical(b, true));
    expect(canonical(a, true)).toBe(
      '{"type":"record","name":"n.R","fields":[{"name":"f","type":"n.R","aliases":["x","y"]}],"a":2,"b":1,"aliases":["n.A","n.Z"]}',
    );
  });
});
